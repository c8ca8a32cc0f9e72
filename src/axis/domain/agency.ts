/**
 * Agencies (cơ quan) and the routing rule for retired codes (design.md §3: a document addressed to a
 * retired code is routed to the successor or refused explicitly, never lost).
 */
import { isAgencyCode } from '../../standards/index.ts';
import type { ValidationMode } from './acceptance-rule.ts';
import type { SignaturePolicy } from './signature-policy.ts';

export type AgencyStatus = 'active' | 'suspended' | 'retired';

export interface Agency {
  readonly id: number;
  readonly code: string;
  readonly codeQd20: string | null;
  readonly name: string;
  readonly level: number;
  readonly parentCode: string | null;
  readonly mail: string | null;
  readonly phone: string | null;
  readonly fax: string | null;
  readonly validFrom: Date | null;
  readonly validTo: Date | null;
  readonly successorCode: string | null;
  /** Issue 4: what the axis requires of this agency's packages' signatures. */
  readonly signaturePolicy: SignaturePolicy;
  /** Validation mode for packages from and to this agency; null: the axis-wide default. */
  readonly validationMode: ValidationMode | null;
  readonly status: AgencyStatus;
  readonly version: number;
  readonly deletedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** QCVN 102:2016 code `V1V2V3.Z1Z2.Y1Y2.X00` (standards-vn §1.2). */
const QCVN102 = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;

/** Codes the registry accepts: QCVN 102, QĐ 20/2020 (≤ 35 chars of digits/letters in dot groups), test system ids. */
export function isAcceptableAgencyCode(code: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(code);
}

/**
 * Whether a code follows a published scheme: QCVN 102 (`000.00.00.H24`) or QĐ 20/2020 (dot groups of
 * digits and capitals, e.g. `G09.01.05`). Test environments use system ids such as `vxp.saas.03` and
 * codes such as `28.22.H17` (standards-vn §1.2); the registry accepts them and lists them as non-standard.
 */
export function isStandardAgencyCode(code: string): boolean {
  return isAgencyCode(code);
}

/** Level 1–4 of a QCVN 102 code (zeros mean "no further level"), undefined for other codes. */
export function levelOfCode(code: string): number | undefined {
  const m = QCVN102.exec(code);
  if (!m) return undefined;
  if (m[1] !== '000') return 4;
  if (m[2] !== '00') return 3;
  if (m[3] !== '00') return 2;
  return 1;
}

/** Parent code implied by a QCVN 102 code (`000.00.15.H51` → `000.00.00.H51`). */
export function parentOfCode(code: string): string | undefined {
  const m = QCVN102.exec(code);
  if (!m) return undefined;
  const [, v, z, y, x] = m as unknown as [string, string, string, string, string];
  if (v !== '000') return `000.${z}.${y}.${x}`;
  if (z !== '00') return `000.00.${y}.${x}`;
  if (y !== '00') return `000.00.00.${x}`;
  return undefined;
}

export function isRetired(agency: Agency, now: Date): boolean {
  return (
    agency.status === 'retired' ||
    agency.deletedAt !== null ||
    (agency.validTo !== null && agency.validTo <= now)
  );
}

export type RouteOutcome =
  | { kind: 'deliver'; recipient: Agency; redirectedFrom?: string; chain: string[] }
  | { kind: 'unknown'; code: string }
  | { kind: 'retired'; code: string; reason: string }
  | { kind: 'suspended'; code: string };

const MAX_SUCCESSOR_HOPS = 8;

/**
 * Where a document addressed to `code` goes: the agency itself when current; its successor (followed
 * transitively, e.g. district → merged province) when retired; refused when unknown, retired without
 * successor, or suspended.
 */
export function routeRecipient(
  code: string,
  lookup: (code: string) => Agency | undefined,
  now: Date,
): RouteOutcome {
  let agency = lookup(code);
  if (!agency) return { kind: 'unknown', code };
  const chain = [agency.code];
  for (let hop = 0; isRetired(agency, now); hop++) {
    if (!agency.successorCode) {
      return { kind: 'retired', code, reason: `${agency.code} was retired and has no successor` };
    }
    const next = lookup(agency.successorCode);
    if (!next || hop >= MAX_SUCCESSOR_HOPS || chain.includes(next.code)) {
      return {
        kind: 'retired',
        code,
        reason: `${agency.code} was retired; its successor ${agency.successorCode} cannot receive`,
      };
    }
    agency = next;
    chain.push(agency.code);
  }
  if (agency.status === 'suspended') return { kind: 'suspended', code: agency.code };
  return chain.length > 1
    ? { kind: 'deliver', recipient: agency, redirectedFrom: code, chain }
    : { kind: 'deliver', recipient: agency, chain };
}
