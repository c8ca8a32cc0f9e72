/**
 * Demo users of the office app: for each agency of OFFICE_AGENCIES, one user per role (văn thư,
 * lãnh đạo, chuyên viên, quản trị), connected to the axis with that agency's own demo system. The
 * office is reached through the narrow interface below (structural, so the demo depends on what it
 * calls, not on the office's internals). Passwords are derived from the platform key: the same on
 * every start, printed in the banner, marked DEMO.
 */
import { createHmac } from 'node:crypto';
import { OFFICE_AGENCIES, demoSecret } from './demo-nation.ts';
import type { SeededNation } from './seed-nation.ts';

export interface DemoOffice {
  readonly deps: { readonly store: { getAgencyByCode(code: string): Promise<{ id: number } | undefined> } };
  createAgency(input: {
    code: string;
    name: string;
    abbreviation: string;
    axisSystemId?: string;
    axisSecret?: string;
  }): Promise<{ id: number }>;
  createDepartment(input: { agencyId: number; name: string; abbreviation: string }): Promise<{ id: number }>;
  createUser(input: {
    agencyId: number;
    username: string;
    password: string;
    fullName: string;
    role: 'clerk' | 'leader' | 'officer' | 'admin';
    departmentId?: number | null;
    position?: string | null;
  }): Promise<unknown>;
}

export interface DemoUser {
  readonly agency: string;
  readonly username: string;
  readonly password: string;
  readonly role: string;
}

const ROLES = [
  { role: 'clerk', key: 'vanthu', label: 'Văn thư', name: 'Nguyễn Thị Văn Thư' },
  { role: 'leader', key: 'lanhdao', label: 'Lãnh đạo', name: 'Trần Văn Lãnh Đạo' },
  { role: 'officer', key: 'chuyenvien', label: 'Chuyên viên', name: 'Lê Minh Chuyên Viên' },
  { role: 'admin', key: 'quantri', label: 'Quản trị', name: 'Phạm Quốc Quản Trị' },
] as const;

const ABBREVIATIONS: Record<string, string> = {
  '000.00.00.G22': 'VPCP',
  '000.00.00.H41': 'UBND',
  '000.00.00.H49': 'UBND',
};

export function demoPassword(secretKey: Buffer, username: string): string {
  const raw = createHmac('sha256', secretKey).update(`lienthong demo user ${username}`).digest('base64url');
  return `Demo-${raw.slice(0, 10)}-2026`;
}

export async function seedOfficeDemo(
  office: DemoOffice,
  nation: SeededNation,
  secretKey: Buffer,
): Promise<DemoUser[]> {
  const users: DemoUser[] = [];
  for (const code of OFFICE_AGENCIES) {
    const agency = nation.agencies.find((a) => a.code === code);
    const system = nation.systems.find((s) => s.office && s.agencies.includes(code));
    if (!agency || !system) continue;
    const prefix = code.slice(-3).toLowerCase();
    for (const r of ROLES) {
      const username = `${prefix}.${r.key}`;
      users.push({
        agency: agency.name,
        username,
        password: demoPassword(secretKey, username),
        role: r.label,
      });
    }
    if (await office.deps.store.getAgencyByCode(code)) continue; // seeded on an earlier start
    const created = await office.createAgency({
      code,
      name: agency.name,
      abbreviation: ABBREVIATIONS[code] ?? 'UBND',
      axisSystemId: system.systemId,
      axisSecret: demoSecret(secretKey, system.systemId),
    });
    const department = await office.createDepartment({
      agencyId: created.id,
      name: 'Văn phòng',
      abbreviation: 'VP',
    });
    for (const r of ROLES) {
      const username = `${prefix}.${r.key}`;
      await office.createUser({
        agencyId: created.id,
        username,
        password: demoPassword(secretKey, username),
        fullName: `${r.name} (demo)`,
        role: r.role,
        departmentId: department.id,
        position: r.label,
      });
    }
  }
  return users;
}
