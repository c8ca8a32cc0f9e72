import 'reflect-metadata';
import type { X509Certificate, X509Crl } from '@peculiar/x509';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCertificates, parseCrl } from './certificates.ts';
import { pkiErrors } from './errors.ts';

/**
 * The two hierarchies Vietnam runs side by side: the Government's special-purpose signatures (chữ ký
 * số chuyên dùng Chính phủ, Ban Cơ yếu Chính phủ) and licensed public CAs (chữ ký số công cộng).
 * Decision 28/2018 and the seeds call for cross-recognition: a policy accepts one or both.
 */
export type Hierarchy = 'government' | 'public';

/** What a certificate is being validated for. */
export type CertificatePurpose = 'document-signing' | 'agency-seal' | 'tsa' | 'ocsp';

export const ALL_PURPOSES: readonly CertificatePurpose[] = ['document-signing', 'agency-seal', 'tsa', 'ocsp'];

export interface TrustAnchor {
  readonly certificate: X509Certificate;
  readonly hierarchy: Hierarchy;
  /** Purposes this root is trusted for. */
  readonly purposes: readonly CertificatePurpose[];
}

export interface RevocationPolicy {
  /**
   * 'hard-fail': a certificate whose status cannot be established is invalid; 'soft-fail': it is
   * valid with a warning (status 'unknown'); 'off': revocation is not checked.
   */
  readonly mode: 'hard-fail' | 'soft-fail' | 'off';
  /** Which source to try first; the other is the fallback. */
  readonly prefer: 'ocsp' | 'crl';
  /** Whether CRL distribution points and OCSP responders may be contacted over HTTP. */
  readonly network: boolean;
  /** Per request time limit, milliseconds. */
  readonly timeoutMs: number;
}

export interface TrustPolicy {
  readonly anchors: readonly TrustAnchor[];
  /** Hierarchies accepted by this policy; an anchor of another hierarchy is ignored. */
  readonly hierarchies: readonly Hierarchy[];
  /** Known intermediate (issuing) CAs, used to build chains the signature does not carry. */
  readonly intermediates: readonly X509Certificate[];
  /** CRLs known locally (e.g. from the trust folder); fresher ones are fetched when `revocation.network`. */
  readonly crls: readonly X509Crl[];
  readonly revocation: RevocationPolicy;
  /** SHA-1 (and MD5) signatures in the chain: 'report' adds a warning, 'reject' makes the path invalid. */
  readonly weakAlgorithms: 'report' | 'reject';
  /**
   * Certificate policy OIDs a leaf must carry (one of) for a purpose, e.g. the OIDs under which a CA
   * issues organisation certificates for 'agency-seal' and personal ones for 'document-signing'.
   * A purpose not listed is not constrained.
   */
  readonly purposePolicies: Readonly<Partial<Record<CertificatePurpose, readonly string[]>>>;
  /**
   * CRLs fetched over HTTP, kept until their nextUpdate and shared by every validation under this
   * policy: a busy axis must not download a CRL per package.
   */
  readonly fetchedCrls: Map<string, X509Crl>;
}

export const DEFAULT_REVOCATION: RevocationPolicy = {
  mode: 'soft-fail',
  prefer: 'ocsp',
  network: true,
  timeoutMs: 5000,
};

export interface TrustPolicyOptions {
  readonly hierarchies?: readonly Hierarchy[];
  readonly purposePolicies?: Partial<Record<CertificatePurpose, readonly string[]>>;
  readonly revocation?: Partial<RevocationPolicy>;
  readonly weakAlgorithms?: 'report' | 'reject';
}

/** Builds a policy in code (tests, configuration). */
export function createTrustPolicy(
  parts: {
    anchors: readonly TrustAnchor[];
    intermediates?: readonly X509Certificate[];
    crls?: readonly X509Crl[];
  } & TrustPolicyOptions,
): TrustPolicy {
  return Object.freeze({
    anchors: parts.anchors,
    hierarchies: parts.hierarchies ?? (['government', 'public'] as const),
    intermediates: parts.intermediates ?? [],
    crls: parts.crls ?? [],
    revocation: { ...DEFAULT_REVOCATION, ...parts.revocation },
    weakAlgorithms: parts.weakAlgorithms ?? 'report',
    purposePolicies: parts.purposePolicies ?? {},
    fetchedCrls: new Map<string, X509Crl>(),
  });
}

/** A policy file `trust-policy.json` in the trust folder may narrow what the folder holds. */
interface PolicyFile {
  hierarchies?: Hierarchy[];
  revocation?: Partial<RevocationPolicy>;
  weakAlgorithms?: 'report' | 'reject';
  purposePolicies?: Partial<Record<CertificatePurpose, string[]>>;
  roots?: { file: string; hierarchy: Hierarchy; purposes?: CertificatePurpose[] }[];
}

function hierarchyOfFile(name: string): Hierarchy | undefined {
  if (name.startsWith('government')) return 'government';
  if (name.startsWith('public')) return 'public';
  return undefined;
}

/**
 * Loads a trust folder as `lienthong pki init` writes it (or as an operator assembles it):
 * `government-root.pem` / `public-root.pem` (any `government*root*.pem`, `public*root*.pem`) are the
 * anchors, other certificate files are intermediates, `*.crl.pem`/`*.crl` are CRLs, and an optional
 * `trust-policy.json` sets hierarchies, revocation mode and extra roots. Key files are never read.
 * `options` override the file.
 */
export async function loadTrustPolicy(dir: string, options: TrustPolicyOptions = {}): Promise<TrustPolicy> {
  if (!existsSync(dir)) throw pkiErrors.error('trust.trust_store_invalid', { dir });
  const names = (await readdir(dir)).sort();
  let file: PolicyFile = {};
  if (names.includes('trust-policy.json')) {
    try {
      file = JSON.parse(await readFile(join(dir, 'trust-policy.json'), 'utf8')) as PolicyFile;
    } catch (cause) {
      throw pkiErrors.error('trust.trust_store_invalid', { file: 'trust-policy.json' }, { cause });
    }
  }
  const anchors: TrustAnchor[] = [];
  const intermediates: X509Certificate[] = [];
  const crls: X509Crl[] = [];
  const explicitRoots = new Map((file.roots ?? []).map((r) => [r.file, r]));
  for (const name of names) {
    if (name.includes('.key') || name.endsWith('.p12')) continue;
    const path = join(dir, name);
    if (name.endsWith('.crl.pem') || name.endsWith('.crl')) {
      crls.push(parseCrl(await readFile(path)));
      continue;
    }
    if (!name.endsWith('.pem') && !name.endsWith('.crt') && !name.endsWith('.cer')) continue;
    const certificates = parseCertificates(await readFile(path));
    const explicit = explicitRoots.get(name);
    const hierarchy = explicit?.hierarchy ?? hierarchyOfFile(name);
    for (const certificate of certificates) {
      const selfSigned = certificate.subject === certificate.issuer;
      if (selfSigned && hierarchy && (explicit || /root/.test(name))) {
        anchors.push({ certificate, hierarchy, purposes: explicit?.purposes ?? ALL_PURPOSES });
      } else if (!selfSigned) intermediates.push(certificate);
    }
  }
  if (anchors.length === 0) throw pkiErrors.error('trust.trust_store_invalid', { dir });
  return createTrustPolicy({
    anchors,
    intermediates,
    crls,
    hierarchies: options.hierarchies ?? file.hierarchies,
    revocation: { ...file.revocation, ...options.revocation },
    weakAlgorithms: options.weakAlgorithms ?? file.weakAlgorithms,
    purposePolicies: options.purposePolicies ?? file.purposePolicies,
  });
}
