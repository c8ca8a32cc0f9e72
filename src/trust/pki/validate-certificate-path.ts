import 'reflect-metadata';
import type { X509Certificate, X509Crl } from '@peculiar/x509';
import type { PathValidationResult } from './path-validation-result.ts';
import type { CertificatePurpose, TrustPolicy } from './trust-policy.ts';

export interface PathValidationOptions {
  readonly policy: TrustPolicy;
  /** The time the path must be valid at: the signing time (from a trusted time-stamp when there is one). Default now. */
  readonly at?: Date;
  readonly purpose: CertificatePurpose;
  /** Certificates that came with the signature (X509Data, CMS certificates); any order. */
  readonly intermediates?: readonly (X509Certificate | Uint8Array)[];
  /** Revocation data that came with the signature (PAdES DSS/LTV): CRLs and DER OCSP responses. */
  readonly crls?: readonly X509Crl[];
  readonly ocspResponses?: readonly Uint8Array[];
}

/**
 * Validates `certificate` for `purpose` under `policy`. Never throws for a bad certificate: the
 * outcome is a value with `problems` (each with a machine code and Vietnamese/English text).
 */
export function validateCertificatePath(
  certificate: X509Certificate | Uint8Array,
  options: PathValidationOptions,
): Promise<PathValidationResult> {
  void certificate;
  void options;
  return Promise.reject(new Error('validateCertificatePath: implementation in progress'));
}
