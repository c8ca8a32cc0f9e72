/**
 * The trust context: keys (PKCS#12, PKCS#11), certificates, trust policy, path validation,
 * revocation (CRL/OCSP), time-stamps (RFC 3161), and the XML/PDF signatures built on them.
 * Other contexts import only this file.
 */
export * from './pki/index.ts';
export * from './xmldsig/index.ts';
export * from './pdf/index.ts';
