import 'reflect-metadata';
import type { X509Certificate } from '@peculiar/x509';

/** Signature algorithms a signer can produce. RSA is PKCS#1 v1.5 (what XML-DSig rsa-sha256 and CMS expect). */
export type SignatureAlgorithm =
  'RSA-SHA256' | 'RSA-SHA384' | 'RSA-SHA512' | 'ECDSA-SHA256' | 'ECDSA-SHA384' | 'ECDSA-SHA512';

export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface SignOptions {
  /**
   * ECDSA only: 'der' (ASN.1 SEQUENCE{r,s}, what CMS/PAdES need, the default) or 'ieee-p1363' (r||s,
   * what XML-DSig ecdsa-sha256 needs). Ignored for RSA.
   */
  readonly dsaEncoding?: 'der' | 'ieee-p1363';
}

/**
 * A private key held somewhere (PKCS#12 file, PKCS#11 token) plus its certificate. The key never
 * leaves the signer: callers hand over the bytes to sign (the signer hashes them itself).
 */
export interface Signer {
  /** The signer's own certificate (leaf). */
  readonly certificate: X509Certificate;
  /** Issuing CAs, leaf's issuer first, up to and including the root when the store holds it. Leaf excluded. */
  readonly chain: readonly X509Certificate[];
  readonly algorithm: SignatureAlgorithm;
  /** Hash used by `algorithm`. */
  readonly hash: HashAlgorithm;
  /** Where the key lives, for reports ('pkcs12' | 'pkcs11'). */
  readonly keyStore: 'pkcs12' | 'pkcs11';
  /** Signs `data` (hashing it with `hash`) and returns the raw signature value. */
  sign(data: Uint8Array, options?: SignOptions): Promise<Uint8Array>;
  /** Releases resources (PKCS#11 session). Safe to call twice. */
  close(): Promise<void>;
}

export function hashOf(algorithm: SignatureAlgorithm): HashAlgorithm {
  switch (algorithm) {
    case 'RSA-SHA256':
    case 'ECDSA-SHA256':
      return 'SHA-256';
    case 'RSA-SHA384':
    case 'ECDSA-SHA384':
      return 'SHA-384';
    case 'RSA-SHA512':
    case 'ECDSA-SHA512':
      return 'SHA-512';
  }
}

/** node:crypto's name for a hash ('sha256'). */
export function nodeHashName(hash: HashAlgorithm): 'sha256' | 'sha384' | 'sha512' {
  return hash === 'SHA-256' ? 'sha256' : hash === 'SHA-384' ? 'sha384' : 'sha512';
}

/**
 * Converts an ECDSA signature between r||s (IEEE P1363) and DER. PKCS#11 tokens return r||s; CMS
 * wants DER.
 */
export function ecdsaP1363ToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): number[] => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = Array.from(bytes.subarray(start));
    if ((trimmed[0] ?? 0) & 0x80) trimmed.unshift(0);
    return [0x02, ...derLength(trimmed.length), ...trimmed];
  };
  const body = [...integer(raw.subarray(0, half)), ...integer(raw.subarray(half))];
  return Uint8Array.from([0x30, ...derLength(body.length), ...body]);
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length < 0x100) return [0x81, length];
  return [0x82, length >> 8, length & 0xff];
}
