/**
 * XML-DSig algorithm identifiers we sign with or accept (RFC 3275, RFC 6931). SHA-1 is accepted on
 * verification only, for the QCVN 102 samples and older producers, and always reported as weak.
 */
import type { HashAlgorithm, SignatureAlgorithm } from '../pki/index.ts';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** QCVN 102:2016 edXML namespace (default namespace and the `edXML:` prefix). */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/**
 * Not a W3C identifier: the QCVN 102 sample packages shipped with the VXP SDK name the exclusive
 * C14N transform this way. Read as exclusive C14N, with a warning.
 */
export const LEGACY_EXC_C14N = 'http://www.w3.org/TR/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export type DigestName = 'SHA-1' | HashAlgorithm;

export const DIGEST_METHODS: Readonly<Record<string, DigestName>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

export interface SignatureMethod {
  readonly name: SignatureAlgorithm | 'RSA-SHA1' | 'ECDSA-SHA1';
  readonly key: 'rsa' | 'ec';
  readonly hash: DigestName;
}

export const SIGNATURE_METHODS: Readonly<Record<string, SignatureMethod>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { name: 'RSA-SHA1', key: 'rsa', hash: 'SHA-1' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { name: 'RSA-SHA256', key: 'rsa', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { name: 'RSA-SHA384', key: 'rsa', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { name: 'RSA-SHA512', key: 'rsa', hash: 'SHA-512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1': { name: 'ECDSA-SHA1', key: 'ec', hash: 'SHA-1' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { name: 'ECDSA-SHA256', key: 'ec', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { name: 'ECDSA-SHA384', key: 'ec', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { name: 'ECDSA-SHA512', key: 'ec', hash: 'SHA-512' },
};

export function nodeDigestName(name: DigestName): string {
  return name.replace('-', '').toLowerCase();
}

export function digestMethodUri(name: DigestName): string {
  const entry = Object.entries(DIGEST_METHODS).find(([, value]) => value === name);
  if (!entry) throw new Error(`no digest method for ${name}`);
  return entry[0];
}

export function signatureMethodUri(name: SignatureMethod['name']): string {
  const entry = Object.entries(SIGNATURE_METHODS).find(([, value]) => value.name === name);
  if (!entry) throw new Error(`no signature method for ${name}`);
  return entry[0];
}
