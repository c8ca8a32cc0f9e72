/**
 * Agency identifier codes (mã định danh cơ quan).
 *
 * QCVN 102:2016 §2 (standards-vn.md §1.2): `VVV.ZZ.YY.X00`, read right to left — `X00` (a letter
 * and two digits) is the level-1 body, `YY` a level-2 unit under it, `ZZ` level 3, `VVV` level 4;
 * zeros mean "no further level" (000.00.00.G22 = Văn phòng Chính phủ, 000.00.15.H51, 002.00.20.H13).
 * A lower group under a zero upper group (001.00.05.H41) designates nothing: invalid.
 *
 * QĐ 20/2020/QĐ-TTg Art. 4 (standards-vn.md §1.2) [secondary]: an electronic identifier of a ministry,
 * sector or locality is at most 35 characters of dot-separated groups of digits and upper-case
 * letters A–Z, each group identifying the agency at its level. That the first group is the level-1
 * code (letter + 2 digits, as in QĐ 20's appendix G01…, H…) and that groups then descend left to
 * right is [inferred]; it is what tells a QĐ 20 code from a malformed QCVN 102 one (28.22.H17).
 */
import type { EvidenceSource } from '../evidence-source.ts';

export const QCVN102_AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const QD20_AGENCY_CODE = /^[A-Z]\d{2}(?:\.[0-9A-Z]+)*$/;
const QD20_MAX_LENGTH = 35;
/** QĐ 20/2020 Art. 5: enterprises use their enterprise/tax code (10 digits, branches -NNN) [secondary]. */
const ENTERPRISE_CODE = /^\d{10}(?:-\d{3})?$/;

export type AgencyLevel = 1 | 2 | 3 | 4;

export interface AgencyGroup {
  letter: string;
  nameVi: string;
  nameEn: string;
  source: EvidenceSource;
}

/**
 * Level-1 letter groups. G and H: the samples' G22 (Văn phòng Chính phủ), H41 (UBND tỉnh Nghệ An),
 * H49 (Quảng Ninh, QN3739) and QĐ 09/2025's G01…G39 list of ministries [secondary]. A–F and K: the
 * groups of level-1 bodies listed by aita.gov.vn in this order (Party, State President, National
 * Assembly, Court, Procuracy, State Audit, Government, localities, socio-political organisations),
 * lettered in sequence as G and H are [inferred].
 */
export const AGENCY_GROUPS: readonly AgencyGroup[] = Object.freeze([
  { letter: 'A', nameVi: 'Cơ quan Đảng', nameEn: 'Communist Party bodies', source: 'inferred' },
  { letter: 'B', nameVi: 'Văn phòng Chủ tịch nước', nameEn: 'Office of the President', source: 'inferred' },
  { letter: 'C', nameVi: 'Cơ quan Quốc hội', nameEn: 'National Assembly bodies', source: 'inferred' },
  { letter: 'D', nameVi: 'Tòa án nhân dân tối cao', nameEn: 'Supreme People’s Court', source: 'inferred' },
  {
    letter: 'E',
    nameVi: 'Viện kiểm sát nhân dân tối cao',
    nameEn: 'Supreme People’s Procuracy',
    source: 'inferred',
  },
  { letter: 'F', nameVi: 'Kiểm toán Nhà nước', nameEn: 'State Audit Office', source: 'inferred' },
  {
    letter: 'G',
    nameVi: 'Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ',
    nameEn: 'Ministries, ministry-level agencies and agencies under the Government',
    source: 'secondary',
  },
  {
    letter: 'H',
    nameVi: 'Tỉnh, thành phố trực thuộc trung ương',
    nameEn: 'Provinces and centrally-run cities',
    source: 'secondary',
  },
  {
    letter: 'K',
    nameVi: 'Tổ chức chính trị - xã hội trung ương',
    nameEn: 'Central socio-political organisations',
    source: 'inferred',
  },
]);

export function agencyGroup(letter: string): AgencyGroup | undefined {
  return AGENCY_GROUPS.find((g) => g.letter === letter);
}

export interface Qcvn102AgencyCode {
  valid: true;
  scheme: 'qcvn102';
  code: string;
  level: AgencyLevel;
  /** Code of the unit one level up; null for a level-1 body. */
  parent: string | null;
  /** Level-1 code `000.00.00.X00`. */
  root: string;
  parts: { level1: string; level2: string; level3: string; level4: string };
  group?: AgencyGroup;
}

export interface Qd20AgencyCode {
  valid: true;
  scheme: 'qd20';
  code: string;
  /** Number of groups. */
  level: number;
  parent: string | null;
  root: string;
  parts: string[];
  group?: AgencyGroup;
}

export interface EnterpriseCode {
  valid: true;
  scheme: 'enterprise';
  code: string;
  level: 1 | 2;
  parent: string | null;
  root: string;
}

export interface InvalidAgencyCode {
  valid: false;
  code: string;
  /** Stable reason: 'empty' | 'zero_parent_group' | 'too_long' | 'bad_format'. */
  reason: 'empty' | 'zero_parent_group' | 'too_long' | 'bad_format';
  vi: string;
  en: string;
}

export type AgencyCodeInfo = Qcvn102AgencyCode | Qd20AgencyCode | EnterpriseCode | InvalidAgencyCode;

/** Parses an agency code of QCVN 102 (preferred), QĐ 20/2020, or an enterprise code. Never throws. */
export function parseAgencyCode(input: string): AgencyCodeInfo {
  const code = input.normalize('NFC').trim();
  if (code === '') return invalid(code, 'empty', 'Mã định danh rỗng', 'Empty agency code');
  if (QCVN102_AGENCY_CODE.test(code)) {
    const [level4, level3, level2, level1] = code.split('.') as [string, string, string, string];
    if ((level2 === '00' && (level3 !== '00' || level4 !== '000')) || (level3 === '00' && level4 !== '000')) {
      return invalid(
        code,
        'zero_parent_group',
        'Mã định danh QCVN 102 có nhóm cấp dưới khác 0 nằm dưới nhóm cấp trên bằng 0',
        'QCVN 102 code has a non-zero lower-level group under a zero upper-level group',
      );
    }
    const level: AgencyLevel = level4 !== '000' ? 4 : level3 !== '00' ? 3 : level2 !== '00' ? 2 : 1;
    const parent =
      level === 1
        ? null
        : level === 2
          ? `000.00.00.${level1}`
          : level === 3
            ? `000.00.${level2}.${level1}`
            : `000.${level3}.${level2}.${level1}`;
    const group = agencyGroup(level1.charAt(0));
    return {
      valid: true,
      scheme: 'qcvn102',
      code,
      level,
      parent,
      root: `000.00.00.${level1}`,
      parts: { level1, level2, level3, level4 },
      ...(group ? { group } : {}),
    };
  }
  if (ENTERPRISE_CODE.test(code)) {
    const [head] = code.split('-') as [string];
    return {
      valid: true,
      scheme: 'enterprise',
      code,
      level: code.includes('-') ? 2 : 1,
      parent: code.includes('-') ? head : null,
      root: head,
    };
  }
  if (QD20_AGENCY_CODE.test(code)) {
    if (code.length > QD20_MAX_LENGTH) {
      return invalid(
        code,
        'too_long',
        'Mã định danh QĐ 20/2020 dài quá 35 ký tự',
        'QĐ 20/2020 code longer than 35 characters',
      );
    }
    const parts = code.split('.');
    const group = agencyGroup(code.charAt(0));
    return {
      valid: true,
      scheme: 'qd20',
      code,
      level: parts.length,
      parent: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
      root: parts[0] as string,
      parts,
      ...(group ? { group } : {}),
    };
  }
  return invalid(
    code,
    'bad_format',
    'Không phải mã định danh theo QCVN 102:2016 (VVV.ZZ.YY.X00) hay QĐ 20/2020',
    'Not an agency code of QCVN 102:2016 (VVV.ZZ.YY.X00) or QĐ 20/2020',
  );
}

function invalid(
  code: string,
  reason: InvalidAgencyCode['reason'],
  vi: string,
  en: string,
): InvalidAgencyCode {
  return { valid: false, code, reason, vi, en };
}

export function isAgencyCode(input: string): boolean {
  return parseAgencyCode(input).valid;
}

/** Level of a valid code, undefined otherwise. */
export function agencyCodeLevel(input: string): number | undefined {
  const info = parseAgencyCode(input);
  return info.valid ? info.level : undefined;
}

/** Parent code (null at level 1), undefined when the code is invalid. */
export function agencyCodeParent(input: string): string | null | undefined {
  const info = parseAgencyCode(input);
  return info.valid ? info.parent : undefined;
}

/** Whether `ancestor` is `code` itself or one of its parents (same scheme). */
export function isAgencyWithin(code: string, ancestor: string): boolean {
  let current: string | null | undefined = parseAgencyCode(code).valid
    ? code.normalize('NFC').trim()
    : undefined;
  const target = ancestor.normalize('NFC').trim();
  while (current) {
    if (current === target) return true;
    current = agencyCodeParent(current);
  }
  return false;
}
