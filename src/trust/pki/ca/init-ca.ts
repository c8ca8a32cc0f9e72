import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { pkiErrors } from '../errors.ts';
import type { Hierarchy } from '../trust-policy.ts';
import {
  RSA_SHA256,
  generateRsaKeys,
  hierarchyFiles,
  formatIndex,
  privateKeyPem,
  randomSerial,
  tsaFiles,
  writeCaConfig,
  writeCrl,
  type CaConfig,
} from './ca-store.ts';
import { createEndEntity } from './issue-certificate.ts';
import { opensslIndexName, parseDistinguishedName } from './distinguished-name.ts';

/**
 * Names shaped like Vietnam's two hierarchies (marked THỬ NGHIỆM: test only). The special-purpose
 * Government CA is run by Ban Cơ yếu Chính phủ; public CAs chain to the national root of the
 * National Electronic Authentication Centre (Trung tâm Chứng thực điện tử quốc gia, NEAC).
 */
export const HIERARCHY_NAMES: Record<Hierarchy, { root: string; issuing: string; ocsp: string }> = {
  government: {
    root: 'CN=Cơ quan chứng thực số chuyên dùng Chính phủ - Gốc (THỬ NGHIỆM),O=Ban Cơ yếu Chính phủ,C=VN',
    issuing: 'CN=Cục Chứng thực số và Bảo mật thông tin (THỬ NGHIỆM),O=Ban Cơ yếu Chính phủ,C=VN',
    ocsp: 'CN=Máy chủ OCSP chuyên dùng Chính phủ (THỬ NGHIỆM),O=Ban Cơ yếu Chính phủ,C=VN',
  },
  public: {
    root: 'CN=Trung tâm Chứng thực điện tử quốc gia - Gốc (THỬ NGHIỆM),O=Bộ Khoa học và Công nghệ,C=VN',
    issuing: 'CN=CA công cộng Liên Thông (THỬ NGHIỆM),O=Công ty Dịch vụ chứng thực số Liên Thông,C=VN',
    ocsp: 'CN=Máy chủ OCSP CA công cộng Liên Thông (THỬ NGHIỆM),O=Công ty Dịch vụ chứng thực số Liên Thông,C=VN',
  },
};

export const TSA_SUBJECT = 'CN=Máy chủ cấp dấu thời gian Chính phủ (THỬ NGHIỆM),O=Ban Cơ yếu Chính phủ,C=VN';

export interface InitCaOptions {
  /** RSA modulus size for every key (default 2048; real roots use 4096). */
  readonly keyBits?: number;
  /** Base URL where the CRL files are served (CRL distribution point = `<base>/<hierarchy>-issuing-ca.crl`). */
  readonly crlBaseUrl?: string;
  /** OCSP responder URLs (AIA) per hierarchy; `openssl ocsp` serves one issuing CA per port. */
  readonly ocspUrls?: Partial<Record<Hierarchy, string>>;
}

const YEAR = 365 * 86_400_000;

async function createCa(
  name: string,
  keys: CryptoKeyPair,
  pathLength: number,
  notAfter: Date,
  issuer?: { certificate: x509.X509Certificate; key: CryptoKey; crlUrl: string },
): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    // RFC 5280 §4.2.1.9: basicConstraints critical in CA certificates; pathLen limits depth.
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const common = {
    serialNumber: randomSerial(),
    // Backdated two years so that tests and demos can sign "in the past" under a valid CA.
    notBefore: new Date(Date.now() - 2 * YEAR),
    notAfter,
    signingAlgorithm: RSA_SHA256,
  };
  if (!issuer) {
    return x509.X509CertificateGenerator.createSelfSigned({
      ...common,
      name: parseDistinguishedName(name),
      keys,
      extensions,
    });
  }
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey));
  // The root publishes a CRL (ARL) too, so a compromised issuing CA can be revoked.
  extensions.push(new x509.CRLDistributionPointsExtension([issuer.crlUrl]));
  return x509.X509CertificateGenerator.create({
    ...common,
    subject: parseDistinguishedName(name),
    issuer: issuer.certificate.subjectName,
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    extensions,
  });
}

const pem = (c: x509.X509Certificate) => c.toString('pem') + '\n';

/** The openssl `ts` configuration for the test TSA (used by `openssl ts -reply -config tsa.cnf`). */
function tsaConfig(dir: string, policy: string): string {
  const files = tsaFiles(dir);
  return `# openssl ts configuration of the test TSA written by lienthong pki init
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
serial = ${files.serial}
crypto_device = builtin
signer_cert = ${files.certificate}
certs = ${files.chain}
signer_key = ${files.key}
signer_digest = sha256
default_policy = ${policy}
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

/**
 * `lienthong pki init <dir>`: creates a test PKI shaped like Vietnam's, with for each hierarchy
 * (government, public) a root, an issuing CA, an empty CRL, an OCSP responder certificate and an
 * openssl index; plus a TSA certificate issued by the Government CA and its `openssl ts` config.
 */
export async function initCa(dir: string, options: InitCaOptions = {}): Promise<CaConfig> {
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw pkiErrors.error('trust.ca_exists', { dir });
  await mkdir(dir, { recursive: true });
  const keyBits = options.keyBits ?? 2048;
  const crlBase = (options.crlBaseUrl ?? 'http://127.0.0.1:2580').replace(/\/$/, '');
  const ocspDefaults: Record<Hierarchy, string> = {
    government: 'http://127.0.0.1:2560',
    public: 'http://127.0.0.1:2561',
  };
  const config: CaConfig = {
    format: 'lienthong-test-ca/1',
    createdAt: new Date().toISOString(),
    keyBits,
    // 2.999 is the ITU-T example arc (X.660): test policy OIDs must never collide with real ones.
    tsa: { policy: '2.999.84.1.3' },
    hierarchies: {
      government: {
        crlUrl: `${crlBase}/government-issuing-ca.crl`,
        rootCrlUrl: `${crlBase}/government-root.crl`,
        rootCrlNumber: 0,
        ocspUrl: options.ocspUrls?.government ?? ocspDefaults.government,
        policies: { agency: '2.999.84.1.1.1', person: '2.999.84.1.1.2' },
        crlNumber: 0,
      },
      public: {
        crlUrl: `${crlBase}/public-issuing-ca.crl`,
        rootCrlUrl: `${crlBase}/public-root.crl`,
        rootCrlNumber: 0,
        ocspUrl: options.ocspUrls?.public ?? ocspDefaults.public,
        policies: { agency: '2.999.84.2.1.1', person: '2.999.84.2.1.2' },
        crlNumber: 0,
      },
    },
  };
  await writeCaConfig(dir, config);
  for (const hierarchy of ['government', 'public'] as const) {
    const files = hierarchyFiles(dir, hierarchy);
    const names = HIERARCHY_NAMES[hierarchy];
    const rootKeys = await generateRsaKeys(keyBits);
    const root = await createCa(names.root, rootKeys, 1, new Date(Date.now() + 20 * YEAR));
    const issuingKeys = await generateRsaKeys(keyBits);
    const issuing = await createCa(names.issuing, issuingKeys, 0, new Date(Date.now() + 10 * YEAR), {
      certificate: root,
      key: rootKeys.privateKey,
      crlUrl: config.hierarchies[hierarchy].rootCrlUrl,
    });
    // Keys of the test CA are unencrypted PKCS#8, readable by the owner only.
    await writeFile(files.root, pem(root));
    await writeFile(files.rootKey, await privateKeyPem(rootKeys.privateKey), { mode: 0o600 });
    await writeFile(files.issuing, pem(issuing));
    await writeFile(files.issuingKey, await privateKeyPem(issuingKeys.privateKey), { mode: 0o600 });
    await writeFile(files.chain, pem(issuing) + pem(root));
    await writeFile(files.index, '');
    await writeFile(`${files.index}.attr`, 'unique_subject = no\n');
    const responder = await createEndEntity(dir, config, hierarchy, { type: 'ocsp', subject: names.ocsp });
    await writeFile(files.ocsp, pem(responder.certificate));
    await writeFile(files.ocspKey, responder.privateKeyPem, { mode: 0o600 });
    await writeCrl(dir, hierarchy, config);
    await writeFile(
      files.rootIndex,
      formatIndex([
        {
          status: 'V',
          expiresAt: issuing.notAfter,
          serial: issuing.serialNumber.toUpperCase(),
          subject: opensslIndexName(names.issuing),
        },
      ]),
    );
    await writeCrl(dir, hierarchy, config, new Date(), 'root');
  }
  const tsa = await createEndEntity(dir, config, 'government', { type: 'tsa', subject: TSA_SUBJECT });
  const files = tsaFiles(dir);
  await writeFile(files.certificate, pem(tsa.certificate));
  await writeFile(files.key, tsa.privateKeyPem, { mode: 0o600 });
  await writeFile(files.chain, tsa.chain.map(pem).join(''));
  await writeFile(files.serial, '01\n');
  await writeFile(files.config, tsaConfig(dir, config.tsa.policy));
  return config;
}
