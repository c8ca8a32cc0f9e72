import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { pkiErrors } from './errors.ts';

/** Parses one certificate from PEM text or DER bytes. */
export function parseCertificate(input: string | Uint8Array | ArrayBuffer): X509Certificate {
  try {
    return new X509Certificate(typeof input === 'string' ? input : new Uint8Array(input));
  } catch (cause) {
    throw pkiErrors.error('trust.certificate_unreadable', {}, { cause });
  }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block of a given label (e.g. 'CERTIFICATE', 'X509 CRL') in `text`, as DER. */
export function pemBlocks(text: string, label: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (match[1] === label)
      out.push(new Uint8Array(Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

/** Every certificate in a PEM bundle (or a single DER certificate). */
export function parseCertificates(input: string | Uint8Array): X509Certificate[] {
  if (typeof input !== 'string') {
    const text = Buffer.from(input).toString('latin1');
    if (!text.includes('-----BEGIN')) return [parseCertificate(input)];
    input = text;
  }
  return pemBlocks(input, 'CERTIFICATE').map((der) => parseCertificate(der));
}

export function parseCrl(input: string | Uint8Array): X509Crl {
  try {
    if (
      typeof input !== 'string' &&
      Buffer.from(input.subarray(0, 20)).toString('latin1').includes('-----BEGIN')
    ) {
      input = Buffer.from(input).toString('utf8');
    }
    return new X509Crl(typeof input === 'string' ? input : new Uint8Array(input));
  } catch (cause) {
    throw pkiErrors.error('trust.certificate_unreadable', { kind: 'crl' }, { cause });
  }
}

export function certificateDer(certificate: X509Certificate): Uint8Array {
  return new Uint8Array(certificate.rawData);
}

export function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

/**
 * Orders `others` as a chain starting at the issuer of `leaf` by name chaining; certificates that do
 * not chain are appended at the end so nothing is lost.
 */
export function orderChain(leaf: X509Certificate, others: readonly X509Certificate[]): X509Certificate[] {
  const remaining = [...others];
  const chain: X509Certificate[] = [];
  let current = leaf;
  while (remaining.length > 0 && current.subject !== current.issuer) {
    const index = remaining.findIndex((c) => c.subject === current.issuer);
    if (index < 0) break;
    const [next] = remaining.splice(index, 1);
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return [...chain, ...remaining];
}
