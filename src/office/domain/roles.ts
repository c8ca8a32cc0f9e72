/**
 * Roles of an agency's users and what each may do (Decree 30/2020: the clerk — văn thư — receives,
 * registers, numbers, applies the agency signature and issues; the leader — lãnh đạo — assigns,
 * approves and signs; the officer — chuyên viên — handles and drafts; the agency admin manages users).
 */
import { officeErrors } from './errors.ts';

export const ROLES = ['clerk', 'leader', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  clerk: { vi: 'Văn thư', en: 'Clerk' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  officer: { vi: 'Chuyên viên', en: 'Officer' },
  admin: { vi: 'Quản trị cơ quan', en: 'Agency admin' },
};

export type Permission =
  | 'incoming.receive' // tiếp nhận, vào sổ, trả lại (Art. 21–22)
  | 'incoming.assign' // phân công xử lý (Art. 23)
  | 'incoming.handle' // xử lý, hoàn thành (Art. 24)
  | 'outgoing.draft'
  | 'outgoing.approve'
  | 'outgoing.sign_leader' // chữ ký của người có thẩm quyền (Art. 13)
  | 'outgoing.issue' // cấp số, ký số cơ quan, phát hành (Art. 15–18)
  | 'dossier.manage'
  | 'register.read'
  | 'agency.admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  clerk: ['incoming.receive', 'outgoing.draft', 'outgoing.issue', 'register.read', 'dossier.manage'],
  leader: [
    'incoming.assign',
    'incoming.handle',
    'outgoing.draft',
    'outgoing.approve',
    'outgoing.sign_leader',
    'register.read',
    'dossier.manage',
  ],
  officer: ['incoming.handle', 'outgoing.draft', 'dossier.manage'],
  admin: ['agency.admin', 'register.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Throws office.forbidden unless the role holds the permission. */
export function requirePermission(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw officeErrors.error('office.forbidden', { permission, role });
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
