/**
 * A small in-memory PKI for signature tests: a Government-like root, an issuing CA and leaf
 * certificates (RSA or ECDSA, with chosen validity and key usage), plus Signers over the keys that
 * satisfy trust/pki's Signer interface. Built with @peculiar/x509 and WebCrypto; nothing is mocked.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, sign as nodeSign, KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SignatureAlgorithm, Signer } from '../../src/trust/index.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const DAY = 86_400_000;

export interface IssuedKey {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export interface TestPki {
  root: IssuedKey;
  issuing: IssuedKey;
  /** Writes government-root.pem and the issuing CA (plus the CRL when given) into `dir`. */
  writeTrustDir(dir: string): Promise<void>;
  issue(options?: LeafOptions): Promise<IssuedKey>;
}

export interface LeafOptions {
  subject?: string;
  key?: 'rsa' | 'ec';
  notBefore?: Date;
  notAfter?: Date;
  keyUsage?: number;
  issuer?: IssuedKey;
}

async function selfSigned(name: string): Promise<IssuedKey> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 3650 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys };
}

let serial = 100;

async function issueCertificate(
  issuer: IssuedKey,
  options: LeafOptions & { ca?: boolean },
): Promise<IssuedKey> {
  const keys = (await webcrypto.subtle.generateKey(options.key === 'ec' ? EC : RSA, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const extensions: x509.Extension[] = options.ca
    ? [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ]
    : [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          options.keyUsage ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
          true,
        ),
      ];
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(4, '0'),
    subject: options.subject ?? 'CN=Văn phòng Chính phủ,O=Chính phủ,C=VN',
    issuer: issuer.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingKey: issuer.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: RSA,
    extensions,
  });
  return { certificate, keys };
}

export async function createTestPki(
  rootName = 'CN=Test Government Root CA,O=Ban Co yeu Chinh phu,C=VN',
  issuingName = 'CN=Test Government Issuing CA,O=Ban Co yeu Chinh phu,C=VN',
): Promise<TestPki> {
  const root = await selfSigned(rootName);
  const issuing = await issueCertificate(root, {
    subject: issuingName,
    ca: true,
    notBefore: new Date(Date.now() - 3000 * DAY),
    notAfter: new Date(Date.now() + 3000 * DAY),
  });
  return {
    root,
    issuing,
    issue: (options = {}) => issueCertificate(options.issuer ?? issuing, options),
    async writeTrustDir(dir) {
      await writeFile(join(dir, 'government-root.pem'), root.certificate.toString('pem') + '\n');
      await writeFile(join(dir, 'government-issuing-ca.pem'), issuing.certificate.toString('pem') + '\n');
    },
  };
}

/** A Signer over a WebCrypto key pair (exported to a node KeyObject), chain = issuing CA. */
export function signerFor(leaf: IssuedKey, chain: x509.X509Certificate[]): Signer {
  const key = KeyObject.from(leaf.keys.privateKey);
  const algorithm: SignatureAlgorithm = key.asymmetricKeyType === 'ec' ? 'ECDSA-SHA256' : 'RSA-SHA256';
  return {
    certificate: leaf.certificate,
    chain,
    algorithm,
    hash: 'SHA-256',
    keyStore: 'pkcs12',
    sign(data, options = {}) {
      return Promise.resolve(
        new Uint8Array(
          nodeSign(
            'sha256',
            data,
            key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: options.dsaEncoding ?? 'der' } : key,
          ),
        ),
      );
    },
    close: () => Promise.resolve(),
  };
}

export function pem(certificate: x509.X509Certificate): string {
  return certificate.toString('pem') + '\n';
}
