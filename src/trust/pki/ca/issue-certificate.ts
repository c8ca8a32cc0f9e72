import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import forge from 'node-forge';
import type { Hierarchy } from '../trust-policy.ts';
import {
  formatIndex,
  generateRsaKeys,
  hierarchyFiles,
  loadCertificate,
  loadPrivateKey,
  privateKeyPem,
  randomSerial,
  readCaConfig,
  readIndex,
  writeFileAtomic,
  type CaConfig,
} from './ca-store.ts';
import { opensslIndexName, parseDistinguishedName } from './distinguished-name.ts';
import { patchForgePbkdf2 } from '../p12-signer.ts';

/** id-kp-documentSigning (RFC 9336). */
export const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): clients need not check the responder's own status. */
const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';

export type CertificateType = 'agency' | 'person' | 'tsa' | 'ocsp';

export type KeyUsageName = keyof typeof x509.KeyUsageFlags;

export interface EndEntityOptions {
  readonly type: CertificateType;
  /** RFC 4514 DN, most specific first: "CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN". */
  readonly subject: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly keyBits?: number;
  /** Tests only: sign with SHA-1 to exercise the weak-algorithm check. */
  readonly signatureHash?: 'SHA-256' | 'SHA-1';
  /** Tests only: override the key usages the type implies (to build wrong-usage certificates). */
  readonly keyUsages?: readonly KeyUsageName[];
  readonly extendedKeyUsages?: readonly string[];
}

export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  /** Issuing CA then root. */
  readonly chain: readonly x509.X509Certificate[];
  readonly serial: string;
  readonly privateKey: CryptoKey;
  readonly privateKeyPem: string;
}

function usagesFor(type: CertificateType): { keyUsage: KeyUsageName[]; eku: string[]; ekuCritical: boolean } {
  switch (type) {
    // Decree 30/2020 Art. 13, 17: leaders and agencies sign documents; signatures must be
    // non-repudiable (contentCommitment). emailProtection is what PDF readers (NSS in pdfsig) check.
    case 'agency':
    case 'person':
      return {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        eku: [x509.ExtendedKeyUsage.emailProtection, EKU_DOCUMENT_SIGNING, x509.ExtendedKeyUsage.clientAuth],
        ekuCritical: false,
      };
    // RFC 3161 §2.3: the TSA certificate has exactly one EKU, timeStamping, marked critical.
    case 'tsa':
      return {
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        eku: [x509.ExtendedKeyUsage.timeStamping],
        ekuCritical: true,
      };
    case 'ocsp':
      return { keyUsage: ['digitalSignature'], eku: [x509.ExtendedKeyUsage.ocspSigning], ekuCritical: false };
  }
}

function keyUsageFlags(names: readonly KeyUsageName[]): number {
  return names.reduce((flags, name) => flags | x509.KeyUsageFlags[name], 0);
}

/** Signs an end-entity certificate with a hierarchy's issuing CA; does not touch the index. */
export async function createEndEntity(
  dir: string,
  config: CaConfig,
  hierarchy: Hierarchy,
  options: EndEntityOptions,
): Promise<IssuedCertificate> {
  const keys = await generateRsaKeys(options.keyBits ?? config.keyBits);
  const certified = await certifyPublicKey(dir, config, hierarchy, { ...options, publicKey: keys.publicKey });
  return { ...certified, privateKey: keys.privateKey, privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/**
 * Certifies a public key generated elsewhere (e.g. on a PKCS#11 token, where the private key never
 * leaves the device). Does not touch the index.
 */
export async function certifyPublicKey(
  dir: string,
  config: CaConfig,
  hierarchy: Hierarchy,
  options: EndEntityOptions & { publicKey: CryptoKey },
): Promise<Omit<IssuedCertificate, 'privateKey' | 'privateKeyPem'>> {
  const files = hierarchyFiles(dir, hierarchy);
  const [issuer, issuerKey, root] = await Promise.all([
    loadCertificate(files.issuing),
    loadPrivateKey(files.issuingKey, options.signatureHash ?? 'SHA-256'),
    loadCertificate(files.root),
  ]);
  const usages = usagesFor(options.type);
  const settings = config.hierarchies[hierarchy];
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 2 * 365 * 86_400_000);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(keyUsageFlags(options.keyUsages ?? usages.keyUsage), true),
    new x509.ExtendedKeyUsageExtension([...(options.extendedKeyUsages ?? usages.eku)], usages.ekuCritical),
    await x509.SubjectKeyIdentifierExtension.create(options.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
  ];
  if (options.type === 'ocsp') {
    extensions.push(new x509.Extension(OCSP_NOCHECK, false, Uint8Array.from([0x05, 0x00])));
  } else {
    extensions.push(new x509.CRLDistributionPointsExtension([settings.crlUrl]));
    extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: settings.ocspUrl }));
  }
  if (options.type === 'agency' || options.type === 'person') {
    extensions.push(new x509.CertificatePolicyExtension([settings.policies[options.type]]));
  } else if (options.type === 'tsa') {
    extensions.push(new x509.CertificatePolicyExtension([config.tsa.policy]));
  }
  const serial = randomSerial();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: parseDistinguishedName(options.subject),
    issuer: issuer.subjectName,
    notBefore,
    notAfter,
    publicKey: options.publicKey,
    signingKey: issuerKey,
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: options.signatureHash ?? 'SHA-256' },
    extensions,
  });
  return { certificate, chain: [issuer, root], serial };
}

/** Appends an issued certificate to the hierarchy's openssl index so the OCSP responder knows it. */
export async function recordIssued(
  dir: string,
  hierarchy: Hierarchy,
  issued: IssuedCertificate,
  subject: string,
): Promise<void> {
  const files = hierarchyFiles(dir, hierarchy);
  const entries = await readIndex(files.index);
  entries.push({
    status: 'V',
    expiresAt: issued.certificate.notAfter,
    serial: issued.serial,
    subject: opensslIndexName(subject),
  });
  await writeFileAtomic(files.index, formatIndex(entries));
  await mkdir(join(dir, 'issued'), { recursive: true });
  await writeFile(join(dir, 'issued', `${issued.serial}.pem`), issued.certificate.toString('pem') + '\n');
}

/**
 * Packs key, certificate and chain into PKCS#12 (node-forge: the only maintained JS encoder). Key
 * bag PBES2 AES-256 with the password as UTF-8 (see patchForgePbkdf2), MAC SHA-1 (PKCS#12 KDF);
 * openssl 3 reads it without the legacy provider, Vietnamese passwords included.
 */
export async function toPkcs12(
  issued: IssuedCertificate,
  password: string,
  friendlyName: string,
): Promise<Uint8Array> {
  patchForgePbkdf2();
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', issued.privateKey));
  const key = forge.pki.privateKeyFromAsn1(
    forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pkcs8).toString('binary'))),
  );
  const toForge = (c: x509.X509Certificate) =>
    forge.pki.certificateFromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(c.rawData).toString('binary'))),
    );
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    key,
    [toForge(issued.certificate), ...issued.chain.map(toForge)],
    password,
    {
      algorithm: 'aes256',
      friendlyName,
      generateLocalKeyId: true,
    },
  );
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

export interface IssueOptions extends Omit<EndEntityOptions, 'type'> {
  readonly type: 'agency' | 'person';
  readonly caDir: string;
  readonly hierarchy?: Hierarchy;
  readonly password: string;
  /** Where to write the PKCS#12 file (optional: the bytes are returned too). */
  readonly out?: string;
}

/** `lienthong pki issue`: a certificate for an agency seal or a leader, as a PKCS#12 with its chain. */
export async function issueCertificate(
  options: IssueOptions,
): Promise<IssuedCertificate & { p12: Uint8Array; hierarchy: Hierarchy }> {
  const config = await readCaConfig(options.caDir);
  const hierarchy = options.hierarchy ?? 'government';
  const issued = await createEndEntity(options.caDir, config, hierarchy, options);
  const name = issued.certificate.subjectName.getField('CN')[0] ?? options.subject;
  const p12 = await toPkcs12(issued, options.password, name);
  if (options.out) {
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, p12, { mode: 0o600 });
  }
  await recordIssued(options.caDir, hierarchy, issued, options.subject);
  return { ...issued, p12, hierarchy };
}
