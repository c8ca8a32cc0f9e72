/**
 * The demo nation: the axis's level-1 seed (Văn phòng Chính phủ 000.00.00.G22, ministries, the 34
 * provinces of the 2025 reorganisation, src/axis/seed/agencies-level1.json), plus for every province a
 * few departments (sở) and, for five provinces, a sample of communes and wards (xã, phường) of the
 * two-level local government in force since 1 July 2025. Level-2/3 codes below are DEMO codes
 * built with the QCVN 102 pattern, not official ones.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseAgencyFile, SEED_AGENCIES_FILE } from '../axis/index.ts';

export interface DemoAgency {
  readonly code: string;
  readonly name: string;
  readonly level: number;
  readonly parentCode: string | null;
  readonly kind: 'office' | 'ministry' | 'province' | 'department' | 'commune';
}

export interface DemoSystem {
  readonly systemId: string;
  readonly name: string;
  readonly agencies: readonly string[];
  /** Run by the office context (its demo users work there); the traffic simulator leaves it alone. */
  readonly office: boolean;
}

/** Agencies whose documents are handled by people in the office app (demo users), not by the simulator. */
export const OFFICE_AGENCIES = ['000.00.00.G22', '000.00.00.H41', '000.00.00.H49'] as const;

export const GOVERNMENT_OFFICE = '000.00.00.G22';

const DEPARTMENTS = [
  'Sở Nội vụ',
  'Sở Tài chính',
  'Sở Tư pháp',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Xây dựng',
];

/** Province code → sample communes/wards (names after the 2025 reorganisation). */
const COMMUNES: Record<string, readonly string[]> = {
  '000.00.00.H24': ['Phường Ba Đình', 'Phường Hoàn Kiếm', 'Phường Cửa Nam', 'Xã Sóc Sơn'],
  '000.00.00.H30': ['Phường Sài Gòn', 'Phường Bến Thành', 'Phường Tân Định', 'Xã Cần Giờ'],
  '000.00.00.H15': ['Phường Hải Châu', 'Phường Hòa Cường', 'Phường Sơn Trà', 'Xã Hòa Vang'],
  '000.00.00.H57': ['Phường Thuận Hóa', 'Phường Phú Xuân', 'Phường Kim Long', 'Phường Hương Thủy'],
  '000.00.00.H41': ['Phường Trường Vinh', 'Phường Thành Vinh', 'Phường Vinh Hưng', 'Xã Diễn Châu'],
};

const two = (n: number) => String(n).padStart(2, '0');

export function demoAgencies(seedFile = SEED_AGENCIES_FILE): DemoAgency[] {
  const records = parseAgencyFile(readFileSync(seedFile, 'utf8'), 'json');
  const out: DemoAgency[] = [];
  for (const r of records) {
    if (r.status === 'retired') continue;
    const code = String(r.code);
    const letter = code.slice(-3, -2);
    const kind = code === GOVERNMENT_OFFICE ? 'office' : letter === 'H' ? 'province' : 'ministry';
    out.push({ code, name: String(r.name), level: 1, parentCode: null, kind });
  }
  for (const province of out.filter((a) => a.kind === 'province')) {
    const suffix = province.code.slice(-3);
    DEPARTMENTS.forEach((name, i) => {
      const short = province.name.replace(/^Ủy ban nhân dân /, '');
      out.push({
        code: `000.00.${two(i + 1)}.${suffix}`,
        name: `${name} ${short}`,
        level: 2,
        parentCode: province.code,
        kind: 'department',
      });
    });
    (COMMUNES[province.code] ?? []).forEach((name, i) => {
      out.push({
        code: `000.${two(i + 1)}.00.${suffix}`,
        name: `Ủy ban nhân dân ${name.charAt(0).toLowerCase()}${name.slice(1)}`,
        level: 3,
        parentCode: province.code,
        kind: 'commune',
      });
    });
  }
  return out;
}

/**
 * One SaaS document system for the central bodies and one per province serving the province, its
 * departments and communes (as `vxp.saas.02` serves many agencies in the real axis).
 */
export function demoSystems(agencies: readonly DemoAgency[]): DemoSystem[] {
  const inOffice = new Set<string>(OFFICE_AGENCIES);
  const central = agencies
    .filter((a) => (a.kind === 'office' || a.kind === 'ministry') && !inOffice.has(a.code))
    .map((a) => a.code);
  const systems: DemoSystem[] = [
    { systemId: 'demo.trunguong', name: 'Hệ thống QLVB trung ương (demo)', agencies: central, office: false },
  ];
  for (const province of agencies.filter((a) => a.kind === 'province')) {
    const members = agencies
      .filter((a) => (a.code === province.code || a.parentCode === province.code) && !inOffice.has(a.code))
      .map((a) => a.code);
    systems.push({
      systemId: `demo.${province.code.slice(-3).toLowerCase()}`,
      name: `QLVB ${province.name.replace(/^Ủy ban nhân dân /, '')} (demo)`,
      agencies: members,
      office: false,
    });
  }
  for (const code of OFFICE_AGENCIES) {
    const agency = agencies.find((a) => a.code === code);
    if (!agency) continue;
    systems.push({
      systemId: `demo.qlvb.${code.slice(-3).toLowerCase()}`,
      name: `Liên Thông QLVB — ${agency.name} (demo)`,
      agencies: [code],
      office: true,
    });
  }
  return systems;
}

/** Demo secrets are derived from the platform key, so a restart finds the same credentials. */
export function demoSecret(secretKey: Buffer, systemId: string): string {
  return createHmac('sha256', secretKey)
    .update(`lienthong demo system ${systemId}`)
    .digest('base64url')
    .slice(0, 32);
}
