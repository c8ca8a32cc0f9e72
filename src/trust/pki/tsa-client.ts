import 'reflect-metadata';
import type { HashAlgorithm } from './signer.ts';
import type { TimestampToken } from './tsa-types.ts';
import type { TrustPolicy } from './trust-policy.ts';

export interface TimestampRequestOptions {
  /** TSA URL (config.tsaUrl). */
  readonly url: string;
  /** Hash of the message imprint; default SHA-256. */
  readonly hash?: HashAlgorithm;
  /** TSA policy OID to request (optional). */
  readonly reqPolicy?: string;
  /** Validate the TSA certificate path under this policy (purpose 'tsa'); invalid → error. */
  readonly trustPolicy?: TrustPolicy;
  readonly timeoutMs?: number;
}

/**
 * RFC 3161: asks the TSA for a time-stamp over `data` (hashed here) or over a precomputed
 * `{ digest }`, with a fresh nonce and certReq, and verifies the response (status, imprint, nonce,
 * signature, TSA certificate). Throws `trust.tsa_*` errors when the TSA fails or lies.
 */
export function requestTimestamp(
  data: Uint8Array | { digest: Uint8Array },
  options: TimestampRequestOptions,
): Promise<TimestampToken> {
  void data;
  void options;
  return Promise.reject(new Error('requestTimestamp: implementation in progress'));
}

/**
 * Verifies a time-stamp token (DER ContentInfo) found in a signature against the data it should
 * cover; returns the parsed token, or throws `trust.tsa_response_invalid`.
 */
export function verifyTimestampToken(
  token: Uint8Array,
  data: Uint8Array | { digest: Uint8Array },
  options: { trustPolicy?: TrustPolicy } = {},
): Promise<TimestampToken> {
  void token;
  void data;
  void options;
  return Promise.reject(new Error('verifyTimestampToken: implementation in progress'));
}
