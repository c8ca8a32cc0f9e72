import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { pkiErrors } from './errors.ts';
import { hashOf, nodeHashName, type SignatureAlgorithm, type SignOptions, type Signer } from './signer.ts';
import { orderChain } from './certificates.ts';

export interface P12SignerOptions {
  /** Signature algorithm; default RSA-SHA256 for RSA keys, ECDSA-SHA256 (P-256) / -SHA384 (P-384) for EC keys. */
  readonly algorithm?: SignatureAlgorithm;
}

export interface P12Contents {
  readonly privateKey: KeyObject;
  readonly certificate: X509Certificate;
  /** Other certificates of the file, ordered leaf's issuer first. */
  readonly chain: X509Certificate[];
}

/**
 * PKCS#12 v1.1 (RFC 7292 App. B.1) and RFC 8018: PBES2 derives keys from the password's UTF-8
 * bytes, which is what openssl, Windows and Java write. forge hands PBKDF2 the JS string, whose
 * UTF-16 code units it truncates to bytes, so a password with Vietnamese letters ("mật-khẩu") would
 * never open a PBES2 key bag. Passing forge the UTF-8 form fixes it and leaves ASCII unchanged;
 * the PKCS#12 KDF (MAC, 3DES bags) keeps the Unicode string, as the standard wants.
 */
const forgePbkdf2 = forge.pkcs5.pbkdf2.bind(forge.pkcs5);
let pbkdf2Patched = false;
export function patchForgePbkdf2(): void {
  if (pbkdf2Patched) return;
  pbkdf2Patched = true;
  const patched = (password: string, ...rest: unknown[]): unknown =>
    (forgePbkdf2 as (...args: unknown[]) => unknown)(
      /[^\u0020-\u007e]/.test(password) ? forge.util.encodeUtf8(password) : password,
      ...rest,
    );
  (forge.pkcs5 as { pbkdf2: unknown }).pbkdf2 = patched;
}

/**
 * Reads a PKCS#12 file. node-forge does the PKCS#12 decoding only (it is the one maintained JS
 * decoder); keys become node:crypto KeyObjects, so signing never runs in forge.
 */
export function readP12(bytes: Uint8Array, password: string): P12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  patchForgePbkdf2();
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (cause) {
    throw pkiErrors.error('trust.p12_unreadable', {}, { cause });
  }
  const keyDers: Buffer[] = [];
  const certDers: Buffer[] = [];
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        // forge decodes RSA keys only; for EC keys it hands back the PrivateKeyInfo ASN.1.
        const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
        if (info) keyDers.push(Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary'));
      } else if (bag.type === forge.pki.oids.certBag) {
        // certificateToAsn1 reuses the captured TBSCertificate, so the DER is byte-identical.
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        if (asn1) certDers.push(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
      }
    }
  }
  const keyDer = keyDers[0];
  if (!keyDer) throw pkiErrors.error('trust.p12_no_key');
  const privateKey = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
  const certificates = certDers.map((der) => new X509Certificate(new Uint8Array(der)));
  const publicDer = (key: KeyObject) => key.export({ format: 'der', type: 'spki' });
  const ownPublic = publicDer(createPublicKey(privateKey));
  const leaf = certificates.find((c) => Buffer.from(c.publicKey.rawData).equals(ownPublic));
  if (!leaf) throw pkiErrors.error('trust.p12_no_key');
  return {
    privateKey,
    certificate: leaf,
    chain: orderChain(
      leaf,
      certificates.filter((c) => c !== leaf),
    ),
  };
}

export function defaultAlgorithm(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RSA-SHA256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ECDSA-SHA256';
    if (curve === 'secp384r1') return 'ECDSA-SHA384';
  }
  throw pkiErrors.error('trust.key_algorithm_unsupported', { type: key.asymmetricKeyType });
}

/** A signer over a PKCS#12 file (path) or its bytes. */
export async function loadP12Signer(
  source: string | Uint8Array,
  password: string,
  options: P12SignerOptions = {},
): Promise<Signer> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const { privateKey, certificate, chain } = readP12(bytes, password);
  const algorithm = options.algorithm ?? defaultAlgorithm(privateKey);
  const keyType = privateKey.asymmetricKeyType;
  if (
    (algorithm.startsWith('RSA') && keyType !== 'rsa') ||
    (algorithm.startsWith('ECDSA') && keyType !== 'ec')
  ) {
    throw pkiErrors.error('trust.key_algorithm_unsupported', { algorithm, keyType });
  }
  const hash = hashOf(algorithm);
  return {
    certificate,
    chain,
    algorithm,
    hash,
    keyStore: 'pkcs12',
    sign(data: Uint8Array, signOptions: SignOptions = {}): Promise<Uint8Array> {
      const signature = nodeSign(nodeHashName(hash), data, {
        key: privateKey,
        ...(keyType === 'ec' ? { dsaEncoding: signOptions.dsaEncoding ?? 'der' } : {}),
      });
      return Promise.resolve(new Uint8Array(signature));
    },
    close: () => Promise.resolve(),
  };
}
