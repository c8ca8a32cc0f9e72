import 'reflect-metadata';
import type { X509Certificate } from '@peculiar/x509';
import type { Hierarchy } from './trust-policy.ts';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationResult {
  readonly status: RevocationStatus;
  /** Where the answer came from; 'none' when it could not be checked (or checking is off). */
  readonly source: 'crl' | 'ocsp' | 'none';
  /** When we checked (our clock), ISO 8601 UTC. */
  readonly checkedAt: string;
  /** For 'revoked': the revocation time, ISO 8601 UTC. */
  readonly revokedAt?: string;
  /** For 'revoked': the CRL reason (e.g. 'keyCompromise'); for 'unknown': why it could not be checked. */
  readonly reason?: string;
}

export type IntermediateRevocation = RevocationResult & { readonly subject: string };

/** Machine codes of path problems. Every problem carries a Vietnamese and an English message. */
export type PathProblemCode =
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'untrusted_root'
  | 'hierarchy_not_accepted'
  | 'purpose_not_trusted'
  | 'chain_incomplete'
  | 'signature_invalid'
  | 'not_a_ca'
  | 'path_length_exceeded'
  | 'ca_key_usage_missing'
  | 'key_usage_missing'
  | 'extended_key_usage_missing'
  | 'revoked'
  | 'revoked_after_signing'
  | 'chain_invalid'
  | 'revocation_unknown'
  | 'weak_algorithm'
  | 'certificate_policy_mismatch'
  | 'unknown_critical_extension';

export interface PathProblem {
  readonly code: PathProblemCode;
  readonly vi: string;
  readonly en: string;
  /** 'error' makes the path invalid; 'warning' is reported only (soft-fail revocation, weak algorithm by policy). */
  readonly severity: 'error' | 'warning';
  /** Subject of the certificate concerned. */
  readonly subject?: string;
}

export interface PathValidationResult {
  readonly valid: boolean;
  /** Leaf first, then issuers, ending with the trust anchor when one was found. */
  readonly chain: readonly X509Certificate[];
  readonly trustAnchor: X509Certificate | undefined;
  readonly hierarchy: Hierarchy | undefined;
  /** Revocation status of the leaf. */
  readonly revocation: RevocationResult;
  /** Revocation status of each CA between the leaf and the anchor (checked unless revocation is off). */
  readonly intermediateRevocation: readonly IntermediateRevocation[];
  readonly problems: readonly PathProblem[];
}
