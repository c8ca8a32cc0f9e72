import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCertificate } from '../certificates.ts';
import { pkiErrors } from '../errors.ts';
import type { Hierarchy } from '../trust-policy.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** Settings `pki init` records in `<dir>/ca.json`; `pki issue` and `pki revoke` read them back. */
export interface CaConfig {
  readonly format: 'lienthong-test-ca/1';
  readonly createdAt: string;
  readonly keyBits: number;
  readonly hierarchies: Record<Hierarchy, HierarchyConfig>;
  readonly tsa: { readonly policy: string };
}

export interface HierarchyConfig {
  /** CRL distribution point written into certificates this issuing CA issues. */
  readonly crlUrl: string;
  /** OCSP responder URL (AIA) written into certificates this issuing CA issues. */
  readonly ocspUrl: string;
  /** Certificate policy OIDs for agency (tổ chức) and personal (cá nhân) certificates. */
  readonly policies: { readonly agency: string; readonly person: string };
  crlNumber: number;
  /** CRL distribution point of the root's CRL (ARL), written into the issuing CA certificate. */
  readonly rootCrlUrl: string;
  rootCrlNumber: number;
}

/** File names of one hierarchy inside the CA folder (a stable contract: tests and docs rely on them). */
export function hierarchyFiles(dir: string, hierarchy: Hierarchy) {
  const base = (name: string) => join(dir, `${hierarchy}-${name}`);
  return {
    root: base('root.pem'),
    rootKey: base('root.key.pem'),
    issuing: base('issuing-ca.pem'),
    issuingKey: base('issuing-ca.key.pem'),
    /** Issuing CA + root, for `openssl verify -CAfile`. */
    chain: base('chain.pem'),
    crlPem: base('issuing-ca.crl.pem'),
    crlDer: base('issuing-ca.crl'),
    ocsp: base('ocsp.pem'),
    ocspKey: base('ocsp.key.pem'),
    /** openssl `ca` database, served by `openssl ocsp -index`. */
    index: base('index.txt'),
    /** The root's own database (the issuing CA it certified) and its CRL (ARL). */
    rootIndex: base('root-index.txt'),
    rootCrlPem: base('root.crl.pem'),
    rootCrlDer: base('root.crl'),
  };
}

export function tsaFiles(dir: string) {
  return {
    certificate: join(dir, 'tsa.pem'),
    key: join(dir, 'tsa.key.pem'),
    chain: join(dir, 'tsa-chain.pem'),
    config: join(dir, 'tsa.cnf'),
    serial: join(dir, 'tsa-serial'),
  };
}

export function caConfigPath(dir: string): string {
  return join(dir, 'ca.json');
}

export async function readCaConfig(dir: string): Promise<CaConfig> {
  const path = caConfigPath(dir);
  if (!existsSync(path)) throw pkiErrors.error('trust.ca_invalid', { dir, missing: 'ca.json' });
  try {
    const config = JSON.parse(await readFile(path, 'utf8')) as CaConfig;
    if (config.format !== 'lienthong-test-ca/1') throw new Error('format');
    return config;
  } catch (cause) {
    throw pkiErrors.error('trust.ca_invalid', { dir, file: 'ca.json' }, { cause });
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a CRL or index. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data, { mode });
  await rename(temp, path);
}

export async function writeCaConfig(dir: string, config: CaConfig): Promise<void> {
  await writeFileAtomic(caConfigPath(dir), JSON.stringify(config, null, 2) + '\n');
}

export async function generateRsaKeys(bits: number): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(
    { ...RSA_SHA256, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Loads a CA key; WebCrypto binds the hash to the key, so `hash` decides the signature algorithm. */
export async function loadPrivateKey(
  path: string,
  hash: 'SHA-256' | 'SHA-1' = 'SHA-256',
): Promise<CryptoKey> {
  if (!existsSync(path)) throw pkiErrors.error('trust.ca_invalid', { missing: path });
  const der = x509.PemConverter.decodeFirst(await readFile(path, 'utf8'));
  return (await webcrypto.subtle.importKey('pkcs8', der, { ...RSA_SHA256, hash }, true, [
    'sign',
  ])) as CryptoKey;
}

export async function loadCertificate(path: string): Promise<x509.X509Certificate> {
  if (!existsSync(path)) throw pkiErrors.error('trust.ca_invalid', { missing: path });
  return parseCertificate(await readFile(path, 'utf8'));
}

/** A positive random 128-bit serial (RFC 5280 §4.1.2.2: ≤ 20 octets, unpredictable). */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return bytes.toString('hex').toUpperCase();
}

/** One line of an openssl `ca` database (index.txt). */
export interface IndexEntry {
  status: 'V' | 'R' | 'E';
  expiresAt: Date;
  revokedAt?: Date;
  reason?: CrlReasonName;
  serial: string;
  subject: string;
}

export const CRL_REASONS = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
} as const;

export type CrlReasonName = keyof typeof CRL_REASONS;

export function isCrlReason(value: string): value is CrlReasonName {
  return value in CRL_REASONS;
}

/** openssl's index time format: YYMMDDHHMMSSZ (UTCTime). */
function indexTime(date: Date): string {
  return date.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');
}

function parseIndexTime(text: string): Date {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
  if (!m) throw pkiErrors.error('trust.ca_invalid', { reason: 'index time', text });
  const year = Number(m[1]) >= 50 ? 1900 + Number(m[1]) : 2000 + Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export function formatIndex(entries: readonly IndexEntry[]): string {
  return entries
    .map((e) => {
      const revoked = e.revokedAt ? indexTime(e.revokedAt) + (e.reason ? `,${e.reason}` : '') : '';
      return [e.status, indexTime(e.expiresAt), revoked, e.serial, 'unknown', e.subject].join('\t');
    })
    .map((line) => line + '\n')
    .join('');
}

export async function readIndex(path: string): Promise<IndexEntry[]> {
  if (!existsSync(path)) return [];
  const entries: IndexEntry[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const [status, expires, revoked, serial, , subject] = line.split('\t');
    const [revokedAt, reason] = (revoked ?? '').split(',');
    entries.push({
      status: status === 'R' ? 'R' : status === 'E' ? 'E' : 'V',
      expiresAt: parseIndexTime(expires ?? ''),
      ...(revokedAt ? { revokedAt: parseIndexTime(revokedAt) } : {}),
      ...(reason && isCrlReason(reason) ? { reason } : {}),
      serial: serial ?? '',
      subject: subject ?? '',
    });
  }
  return entries;
}

export type CaLevel = 'issuing' | 'root';

/**
 * Regenerates a CRL from its index (PEM and DER beside it): the issuing CA's (end entities) or the
 * root's (the issuing CA). CRLs are valid 7 days; `pki revoke` (or `pki crl`) refreshes them.
 */
export async function writeCrl(
  dir: string,
  hierarchy: Hierarchy,
  config: CaConfig,
  now = new Date(),
  level: CaLevel = 'issuing',
): Promise<x509.X509Crl> {
  const files = hierarchyFiles(dir, hierarchy);
  const paths =
    level === 'issuing'
      ? {
          certificate: files.issuing,
          key: files.issuingKey,
          index: files.index,
          pem: files.crlPem,
          der: files.crlDer,
        }
      : {
          certificate: files.root,
          key: files.rootKey,
          index: files.rootIndex,
          pem: files.rootCrlPem,
          der: files.rootCrlDer,
        };
  const [issuer, key, entries] = await Promise.all([
    loadCertificate(paths.certificate),
    loadPrivateKey(paths.key),
    readIndex(paths.index),
  ]);
  const settings = config.hierarchies[hierarchy];
  const number = level === 'issuing' ? ++settings.crlNumber : ++settings.rootCrlNumber;
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 7 * 86_400_000),
    signingAlgorithm: RSA_SHA256,
    signingKey: key,
    entries: entries
      .filter((e) => e.status === 'R' && e.revokedAt)
      .map((e) => ({
        serialNumber: e.serial,
        revocationDate: e.revokedAt,
        ...(e.reason ? { reason: CRL_REASONS[e.reason] } : {}),
      })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      new x509.Extension('2.5.29.20', false, crlNumberDer(number).buffer as ArrayBuffer),
    ],
  });
  // openssl expects the RFC 7468 label "X509 CRL".
  await writeFileAtomic(paths.pem, x509.PemConverter.encode(crl.rawData, 'X509 CRL') + '\n');
  await writeFileAtomic(paths.der, new Uint8Array(crl.rawData));
  await writeCaConfig(dir, config);
  return crl;
}

/** DER INTEGER for the cRLNumber extension (RFC 5280 §5.2.3). */
function crlNumberDer(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return Uint8Array.from([0x02, bytes.length, ...bytes]);
}
