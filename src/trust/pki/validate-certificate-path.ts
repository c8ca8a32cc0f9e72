import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, X509Certificate as NodeX509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { parseCertificate, sameCertificate } from './certificates.ts';
import type {
  IntermediateRevocation,
  PathProblem,
  PathProblemCode,
  PathValidationResult,
  RevocationResult,
} from './path-validation-result.ts';
import { checkRevocation, toPkijs } from './revocation.ts';
import type { CertificatePurpose, TrustAnchor, TrustPolicy } from './trust-policy.ts';

export interface PathValidationOptions {
  readonly policy: TrustPolicy;
  /** The time the path must be valid at: the signing time (from a trusted time-stamp when there is one). Default now. */
  readonly at?: Date;
  readonly purpose: CertificatePurpose;
  /** Certificates that came with the signature (X509Data, CMS certificates); any order. */
  readonly intermediates?: readonly (x509.X509Certificate | Uint8Array)[];
  /** Revocation data that came with the signature (PAdES DSS/LTV): CRLs and DER OCSP responses. */
  readonly crls?: readonly x509.X509Crl[];
  readonly ocspResponses?: readonly Uint8Array[];
  /** Our clock, for revocation freshness (default now). */
  readonly now?: Date;
}

const MAX_PATH = 8;

/** Extensions we process; any other extension marked critical invalidates the path (RFC 5280 §4.2). */
const KNOWN_CRITICAL = new Set([
  '2.5.29.19', // basicConstraints
  '2.5.29.15', // keyUsage
  '2.5.29.37', // extKeyUsage
  '2.5.29.32', // certificatePolicies
  '2.5.29.17', // subjectAltName
  '2.5.29.30', // nameConstraints (pkijs checks them)
  '2.5.29.36', // policyConstraints (pkijs)
  '2.5.29.54', // inhibitAnyPolicy (pkijs)
  '2.5.29.33', // policyMappings (pkijs)
]);

const EKU = {
  any: '2.5.29.37.0',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  microsoftDocumentSigning: '1.3.6.1.4.1.311.10.3.12',
  adobeAuthenticDocuments: '1.2.840.113583.1.1.5',
} as const;

/** EKUs that allow signing documents when a certificate restricts its use at all. */
const SIGNING_EKUS: readonly string[] = [
  EKU.any,
  EKU.emailProtection,
  EKU.documentSigning,
  EKU.microsoftDocumentSigning,
  EKU.adobeAuthenticDocuments,
];

const MESSAGES: Record<PathProblemCode, { vi: string; en: string }> = {
  certificate_expired: {
    vi: 'Chứng thư số đã hết hạn tại thời điểm ký',
    en: 'The certificate had expired at the signing time',
  },
  certificate_not_yet_valid: {
    vi: 'Chứng thư số chưa có hiệu lực tại thời điểm ký',
    en: 'The certificate was not yet valid at the signing time',
  },
  untrusted_root: {
    vi: 'Chứng thư số không xuất phát từ chứng thư gốc tin cậy',
    en: 'The certificate does not chain to a trusted root',
  },
  hierarchy_not_accepted: {
    vi: 'Chính sách không chấp nhận hệ thống chứng thực này (chuyên dùng Chính phủ / công cộng)',
    en: 'The policy does not accept this hierarchy (government special-purpose / public)',
  },
  purpose_not_trusted: {
    vi: 'Chứng thư gốc không được tin cậy cho mục đích này',
    en: 'The root is not trusted for this purpose',
  },
  chain_incomplete: {
    vi: 'Không tìm thấy chứng thư của tổ chức cấp (chuỗi chứng thư không đầy đủ)',
    en: 'An issuer certificate is missing (incomplete chain)',
  },
  signature_invalid: {
    vi: 'Chữ ký trên chứng thư số không hợp lệ',
    en: 'A certificate signature in the chain is invalid',
  },
  chain_invalid: { vi: 'Chuỗi chứng thư số không hợp lệ', en: 'The certificate chain is invalid' },
  not_a_ca: {
    vi: 'Chứng thư trung gian không phải của tổ chức cung cấp dịch vụ chứng thực (thiếu cA)',
    en: 'An intermediate certificate is not a CA certificate (basicConstraints cA missing)',
  },
  path_length_exceeded: {
    vi: 'Chuỗi chứng thư dài hơn giới hạn pathLen của CA',
    en: 'The chain is longer than a CA allows (pathLen)',
  },
  ca_key_usage_missing: {
    vi: 'Chứng thư CA không có mục đích ký chứng thư (keyCertSign)',
    en: 'A CA certificate lacks the keyCertSign key usage',
  },
  key_usage_missing: {
    vi: 'Chứng thư số không được phép dùng để ký (thiếu digitalSignature/nonRepudiation)',
    en: 'The certificate may not be used for signing (digitalSignature/nonRepudiation missing)',
  },
  extended_key_usage_missing: {
    vi: 'Mục đích sử dụng mở rộng (EKU) của chứng thư số không phù hợp',
    en: 'The certificate extended key usage does not allow this purpose',
  },
  revoked: { vi: 'Chứng thư số đã bị thu hồi', en: 'The certificate has been revoked' },
  revoked_after_signing: {
    vi: 'Chứng thư số bị thu hồi sau thời điểm ký',
    en: 'The certificate was revoked after the signing time',
  },
  revocation_unknown: {
    vi: 'Không kiểm tra được tình trạng thu hồi của chứng thư số (CRL/OCSP không trả lời)',
    en: 'The revocation status could not be checked (no CRL/OCSP answer)',
  },
  weak_algorithm: {
    vi: 'Chứng thư số dùng thuật toán yếu (SHA-1/MD5)',
    en: 'A certificate uses a weak algorithm (SHA-1/MD5)',
  },
  certificate_policy_mismatch: {
    vi: 'Chứng thư số không thuộc loại được chấp nhận cho mục đích này (ví dụ: chứng thư cá nhân dùng làm chữ ký cơ quan)',
    en: 'The certificate is not of a type accepted for this purpose (e.g. a personal certificate used as the agency seal)',
  },
  unknown_critical_extension: {
    vi: 'Chứng thư số có phần mở rộng bắt buộc (critical) không được hỗ trợ',
    en: 'A certificate has an unsupported critical extension',
  },
};

function problem(
  code: PathProblemCode,
  certificate?: x509.X509Certificate,
  severity: 'error' | 'warning' = 'error',
): PathProblem {
  return { code, ...MESSAGES[code], severity, ...(certificate ? { subject: certificate.subject } : {}) };
}

/** node:crypto's view of a certificate (native, synchronous signature checks), parsed once. */
const nativeCertificates = new WeakMap<x509.X509Certificate, NodeX509Certificate>();

export function nativeCertificate(certificate: x509.X509Certificate): NodeX509Certificate {
  let native = nativeCertificates.get(certificate);
  if (!native) {
    native = new NodeX509Certificate(new Uint8Array(certificate.rawData));
    nativeCertificates.set(certificate, native);
  }
  return native;
}

/**
 * Link check: the child's issuer name equals the issuer's subject (compared in OpenSSL's printed
 * form, so a PrintableString and a UTF8String of the same text match, as RFC 5280 §7.1 allows) and
 * the issuer's key verifies the child's signature (OpenSSL via node:crypto: ~50× faster than WebCrypto
 * through @peculiar/x509 with its ASN.1 re-serialisation).
 */
function signedBy(child: x509.X509Certificate, issuer: x509.X509Certificate): boolean {
  if (nativeCertificate(child).issuer !== nativeCertificate(issuer).subject) return false;
  try {
    return nativeCertificate(child).verify(nativeCertificate(issuer).publicKey);
  } catch {
    return false;
  }
}

function isSelfIssued(certificate: x509.X509Certificate): boolean {
  const native = nativeCertificate(certificate);
  return native.subject === native.issuer;
}

interface BuiltPath {
  /** Leaf first; the anchor's certificate is the last element when `anchor` is set. */
  chain: x509.X509Certificate[];
  anchor: TrustAnchor | undefined;
  /** Why building stopped without an anchor. */
  stop?: 'untrusted_root' | 'chain_incomplete' | 'signature_invalid';
}

/** Builds leaf → … → anchor by name chaining, checking each link's signature while choosing issuers. */
async function buildPath(
  leaf: x509.X509Certificate,
  anchors: readonly TrustAnchor[],
  pool: readonly x509.X509Certificate[],
): Promise<BuiltPath> {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_PATH; depth++) {
    for (const anchor of anchors) {
      if (sameCertificate(anchor.certificate, current)) return { chain, anchor };
    }
    for (const anchor of anchors) {
      if (signedBy(current, anchor.certificate)) {
        chain.push(anchor.certificate);
        return { chain, anchor };
      }
    }
    if (isSelfIssued(current)) {
      const selfSigned = signedBy(current, current);
      return { chain, anchor: undefined, stop: selfSigned ? 'untrusted_root' : 'signature_invalid' };
    }
    const named = pool.filter(
      (c) =>
        nativeCertificate(current).issuer === nativeCertificate(c).subject &&
        !chain.some((x) => sameCertificate(x, c)),
    );
    let next: x509.X509Certificate | undefined;
    for (const candidate of named) {
      if (signedBy(current, candidate)) {
        next = candidate;
        break;
      }
    }
    if (!next)
      return { chain, anchor: undefined, stop: named.length > 0 ? 'signature_invalid' : 'chain_incomplete' };
    chain.push(next);
    current = next;
  }
  return { chain, anchor: undefined, stop: 'chain_incomplete' };
}

function isWeak(certificate: x509.X509Certificate): boolean {
  const algorithm = certificate.signatureAlgorithm as { hash?: { name?: string } };
  const hash = algorithm.hash?.name?.toUpperCase();
  return hash === 'SHA-1' || hash === 'MD5';
}

function purposeProblems(leaf: x509.X509Certificate, purpose: CertificatePurpose): PathProblem[] {
  const problems: PathProblem[] = [];
  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension);
  const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  const ekus = (eku?.usages ?? []).map(String);
  const usage = keyUsage?.usages ?? 0;
  const signs = (usage & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
  switch (purpose) {
    case 'document-signing':
    case 'agency-seal':
      // RFC 5280 §4.2.1.3: a present keyUsage restricts the key; signing documents needs
      // digitalSignature or nonRepudiation (contentCommitment).
      if (keyUsage && !signs) problems.push(problem('key_usage_missing', leaf));
      if (eku && !ekus.some((u) => SIGNING_EKUS.includes(u)))
        problems.push(problem('extended_key_usage_missing', leaf));
      break;
    case 'tsa':
      // RFC 3161 §2.3: exactly one EKU, id-kp-timeStamping, critical.
      if (keyUsage && !signs) problems.push(problem('key_usage_missing', leaf));
      if (!eku || !eku.critical || ekus.length !== 1 || ekus[0] !== EKU.timeStamping) {
        problems.push(problem('extended_key_usage_missing', leaf));
      }
      break;
    case 'ocsp':
      if (keyUsage && (usage & x509.KeyUsageFlags.digitalSignature) === 0)
        problems.push(problem('key_usage_missing', leaf));
      if (!ekus.includes(EKU.ocspSigning)) problems.push(problem('extended_key_usage_missing', leaf));
      break;
  }
  return problems;
}

function caProblems(chain: readonly x509.X509Certificate[]): PathProblem[] {
  const problems: PathProblem[] = [];
  // chain[0] is the leaf; every later certificate acts as a CA for the one before it.
  for (let i = 1; i < chain.length; i++) {
    const ca = chain[i];
    if (!ca) continue;
    const constraints = ca.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) problems.push(problem('not_a_ca', ca));
    // RFC 5280 §4.2.1.9: pathLen counts the non-self-issued intermediates below this CA.
    const below = chain.slice(1, i).filter((c) => !isSelfIssued(c)).length;
    if (constraints?.pathLength !== undefined && below > constraints.pathLength)
      problems.push(problem('path_length_exceeded', ca));
    const keyUsage = ca.getExtension(x509.KeyUsagesExtension);
    if (keyUsage && (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) === 0)
      problems.push(problem('ca_key_usage_missing', ca));
  }
  return problems;
}

/** pkijs's RFC 5280 path validation over the chain we built, as an independent second check. */
/**
 * Chains pkijs already accepted, by the SHA-256 of their certificates. pkijs's verdict depends on
 * `at` only through validity periods, which are checked separately on every call, so it is reused.
 */
const pkijsAccepted = new Set<string>();

function chainKey(chain: readonly x509.X509Certificate[]): string {
  const hash = createHash('sha256');
  for (const c of chain) hash.update(new Uint8Array(c.rawData));
  return hash.digest('hex');
}

async function pkijsCheck(
  chain: readonly x509.X509Certificate[],
  anchor: TrustAnchor,
  at: Date,
): Promise<string | undefined> {
  const key = chainKey(chain);
  if (pkijsAccepted.has(key)) return undefined;
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [toPkijs(anchor.certificate)],
    certs: chain.filter((c) => !sameCertificate(c, anchor.certificate)).map(toPkijs),
    checkDate: at,
  });
  const result = await engine.verify();
  if (!result.result) return result.resultMessage;
  // Bounded: an axis sees a few thousand signers; forgetting everything now and then is cheap.
  if (pkijsAccepted.size >= 10_000) pkijsAccepted.clear();
  pkijsAccepted.add(key);
  return undefined;
}

function unknownRevocation(reason: string, now: Date): RevocationResult {
  return { status: 'unknown', source: 'none', checkedAt: now.toISOString(), reason };
}

/**
 * Validates `certificate` for `purpose` under `policy`: chain building to a trust anchor of an
 * accepted hierarchy, each link's signature, validity at `at`, CA constraints (basicConstraints,
 * pathLen, keyCertSign), the leaf's key usages for the purpose, revocation of the leaf (OCSP/CRL
 * per policy, soft- or hard-fail), SHA-1/MD5 reported. Never throws for a bad certificate: the
 * outcome is a value with `problems`.
 */
export async function validateCertificatePath(
  certificate: x509.X509Certificate | Uint8Array,
  options: PathValidationOptions,
): Promise<PathValidationResult> {
  const now = options.now ?? new Date();
  const at = options.at ?? now;
  const { policy, purpose } = options;
  let leaf: x509.X509Certificate;
  try {
    leaf = certificate instanceof x509.X509Certificate ? certificate : parseCertificate(certificate);
  } catch {
    return {
      valid: false,
      chain: [],
      trustAnchor: undefined,
      hierarchy: undefined,
      revocation: unknownRevocation('certificate unreadable', now),
      intermediateRevocation: [],
      problems: [problem('chain_invalid')],
    };
  }
  const supplied = (options.intermediates ?? []).flatMap((c) => {
    try {
      return [c instanceof x509.X509Certificate ? c : parseCertificate(c)];
    } catch {
      return [];
    }
  });
  // Anchors of every hierarchy are used to build the path, so a path to a root the policy does
  // not accept is reported as such (hierarchy_not_accepted), not as an unknown root.
  const built = await buildPath(leaf, policy.anchors, [...supplied, ...policy.intermediates]);
  const problems: PathProblem[] = [];
  const { chain, anchor } = built;
  if (!anchor) {
    problems.push(problem(built.stop ?? 'untrusted_root', chain[chain.length - 1]));
  } else {
    if (!policy.hierarchies.includes(anchor.hierarchy))
      problems.push(problem('hierarchy_not_accepted', anchor.certificate));
    if (!anchor.purposes.includes(purpose)) problems.push(problem('purpose_not_trusted', anchor.certificate));
  }
  for (const c of chain) {
    if (at.getTime() > c.notAfter.getTime()) problems.push(problem('certificate_expired', c));
    else if (at.getTime() < c.notBefore.getTime()) problems.push(problem('certificate_not_yet_valid', c));
    for (const extension of c.extensions) {
      if (extension.critical && !KNOWN_CRITICAL.has(extension.type))
        problems.push(problem('unknown_critical_extension', c));
    }
    const isAnchor = anchor !== undefined && sameCertificate(c, anchor.certificate);
    if (!isAnchor && isWeak(c)) {
      problems.push(problem('weak_algorithm', c, policy.weakAlgorithms === 'reject' ? 'error' : 'warning'));
    }
  }
  problems.push(...caProblems(chain), ...purposeProblems(leaf, purpose));
  const requiredPolicies = policy.purposePolicies[purpose];
  if (requiredPolicies && requiredPolicies.length > 0) {
    const held = leaf.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
    if (!held.some((oid) => requiredPolicies.includes(oid)))
      problems.push(problem('certificate_policy_mismatch', leaf));
  }

  if (anchor && !problems.some((p) => p.severity === 'error')) {
    const message = await pkijsCheck(chain, anchor, at).catch((err: unknown) =>
      err instanceof Error ? err.message : String(err),
    );
    if (message)
      problems.push({ ...problem('chain_invalid', leaf), en: `${MESSAGES.chain_invalid.en}: ${message}` });
  }

  const revocationOptions = {
    policy: policy.revocation,
    crls: [...(options.crls ?? []), ...policy.crls],
    ocspResponses: options.ocspResponses ?? [],
    fetchedCrls: policy.fetchedCrls,
    now,
  };
  const judge = (certificate: x509.X509Certificate, result: RevocationResult) => {
    if (result.status === 'revoked') {
      const revokedAt = result.revokedAt ? new Date(result.revokedAt) : undefined;
      // A signature made before the revocation stays valid when its time is trusted (ETSI EN 319
      // 102-1 §5.2.6), unless the key was compromised.
      const before =
        revokedAt !== undefined && revokedAt.getTime() > at.getTime() && result.reason !== 'keyCompromise';
      problems.push(
        before ? problem('revoked_after_signing', certificate, 'warning') : problem('revoked', certificate),
      );
    } else if (result.status === 'unknown' && policy.revocation.mode !== 'off') {
      problems.push(
        problem(
          'revocation_unknown',
          certificate,
          policy.revocation.mode === 'hard-fail' ? 'error' : 'warning',
        ),
      );
    }
  };

  let revocation: RevocationResult;
  const issuer = chain[1];
  const noCheck = purpose === 'ocsp' && leaf.extensions.some((e) => e.type === '1.3.6.1.5.5.7.48.1.5');
  const intermediateRevocation: IntermediateRevocation[] = [];
  if (!anchor || !issuer) {
    revocation = unknownRevocation('no trusted issuer', now);
  } else if (noCheck) {
    // RFC 6960 §4.2.2.2.1: id-pkix-ocsp-nocheck — the responder's own status is not checked.
    revocation = unknownRevocation('ocsp-nocheck', now);
  } else {
    revocation = await checkRevocation(leaf, issuer, revocationOptions);
    judge(leaf, revocation);
  }
  if (anchor && policy.revocation.mode !== 'off') {
    // The CAs between the leaf and the anchor: a revoked issuing CA (root CRL) revokes its subtree.
    for (let i = 1; i < chain.length - 1; i++) {
      const ca = chain[i];
      const caIssuer = chain[i + 1];
      if (!ca || !caIssuer) continue;
      const result = await checkRevocation(ca, caIssuer, revocationOptions);
      intermediateRevocation.push({ subject: ca.subject, ...result });
      judge(ca, result);
    }
  }
  return {
    valid: anchor !== undefined && !problems.some((p) => p.severity === 'error'),
    chain,
    trustAnchor: anchor?.certificate,
    hierarchy: anchor?.hierarchy,
    revocation,
    intermediateRevocation,
    problems,
  };
}
