import 'reflect-metadata';
import type { X509Certificate } from '@peculiar/x509';
import type { HashAlgorithm } from './signer.ts';
import type { PathValidationResult } from './path-validation-result.ts';

export interface TimestampToken {
  /** DER of the TimeStampToken (a CMS ContentInfo/SignedData): embed this (PAdES B-T, XAdES-T). */
  readonly token: Uint8Array;
  /** genTime of the TSTInfo. */
  readonly genTime: Date;
  /** Serial number of the token, hex. */
  readonly serialNumber: string;
  readonly policy: string;
  readonly hash: HashAlgorithm;
  /** The message imprint (hash of the time-stamped data). */
  readonly imprint: Uint8Array;
  readonly tsaCertificate: X509Certificate;
  /** Path validation of the TSA certificate (purpose 'tsa'); present when a trust policy was given. */
  readonly tsaValidation: PathValidationResult | undefined;
}
