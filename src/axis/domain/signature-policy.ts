/**
 * Per-agency signature policy of the axis (issue 4 "Axis integration"). Decision 28/2018 requires
 * signed documents on the axis, but agencies move to digital signatures one by one (the seeds report
 * Bắc Giang at 100%, Vĩnh Phúc at 18%), so the rule is set per agency:
 *
 * - `flag` (default, compatible with today's unsigned traffic): every package is accepted and the
 *   verification result is recorded;
 * - `refuse-weak`: as `flag`, but a signature made with a weak algorithm (SHA-1) is refused;
 * - `require`: a valid signature under the axis trust policy is required (weak ones refused too).
 *
 * A package is judged under the strictest policy among its sender and the agencies it is addressed to.
 */
export const SIGNATURE_POLICIES = ['flag', 'refuse-weak', 'require'] as const;

export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number];

export const DEFAULT_SIGNATURE_POLICY: SignaturePolicy = 'flag';

export function isSignaturePolicy(value: unknown): value is SignaturePolicy {
  return typeof value === 'string' && (SIGNATURE_POLICIES as readonly string[]).includes(value);
}

/** The strictest of several policies (`flag` when there are none). */
export function strictestPolicy(policies: Iterable<SignaturePolicy>): SignaturePolicy {
  let rank = 0;
  for (const p of policies) rank = Math.max(rank, SIGNATURE_POLICIES.indexOf(p));
  return SIGNATURE_POLICIES[rank]!;
}

/** What verifying a package's XML signature established (recorded on the package and in the evidence). */
export interface SignatureVerdict {
  /** A Signature element is present in the header (whatever its validity). */
  readonly signed: boolean;
  readonly status: 'valid' | 'invalid' | 'unsigned' | 'indeterminate';
  /** False when the axis has no trust folder: only the signature's integrity was checked. */
  readonly chainChecked: boolean;
  readonly signerSubject: string | null;
  /** e.g. `RSA-SHA256`. */
  readonly algorithm: string | null;
  /** SHA-1 in the signature or the digest. */
  readonly weak: boolean;
  /** Verification problems (errors and warnings), codes from src/trust. */
  readonly problems: readonly { code: string; severity: 'error' | 'warning'; en: string; vi: string }[];
}

export type SignatureRefusal = 'axis.signature_required' | 'axis.signature_invalid' | 'axis.signature_weak';

/** The refusal a policy gives a verdict, or null when the package may be accepted. */
export function judgeSignature(policy: SignaturePolicy, verdict: SignatureVerdict): SignatureRefusal | null {
  if (policy === 'flag') return null;
  if (verdict.signed && verdict.weak) return 'axis.signature_weak';
  if (policy === 'refuse-weak') return null;
  if (verdict.status === 'unsigned') return 'axis.signature_required';
  // 'indeterminate' (revocation could not be established under hard-fail) is not proof of a valid
  // signature: `require` refuses it too, with its reason in the problems.
  return verdict.status === 'valid' ? null : 'axis.signature_invalid';
}
