/**
 * Verifies the XML signature of an edXML package (QCVN 102:2016 §1.6 of our notes): one enveloped
 * signature, last child of edXML:edXMLHeader, one Reference URI="" over the whole document
 * (attachments included), enveloped-signature + C14N transforms, certificate chain in X509Data,
 * validated under a trust policy. Outcomes are values, never exceptions (style guide: normal domain
 * outcomes are values).
 *
 * Anti-wrapping rules (the reference must cover exactly the package we act on): the only accepted
 * Reference is URI="" (the whole document, which is what the caller then reads); exactly one
 * Signature, in the expected place; no other Signature element anywhere; no comments or processing
 * instructions inside the signature; no Object, no extra Reference, no XPath transform.
 */
import 'reflect-metadata';
import { createHash, X509Certificate as NodeX509, verify as nodeVerify, type Hash } from 'node:crypto';
import {
  validateCertificatePath,
  type CertificatePurpose,
  type PathValidationResult,
  type RevocationResult,
  type TrustPolicy,
} from '../pki/index.ts';
import {
  C14N,
  DIGEST_METHODS,
  EDXML_NS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  LEGACY_EXC_C14N,
  SIGNATURE_METHODS,
  nodeDigestName,
  type DigestName,
  type SignatureMethod,
} from './algorithms.ts';
import { Canonicalizer, type C14nMode } from './canonicalizer.ts';
import { EdxmlScanner, scanInput, type CapturedNode, type StructureIssue } from './edxml-scanner.ts';
import { XmlSyntaxError } from './xml-tokenizer.ts';

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'indeterminate';

export interface SignatureProblem {
  /** Machine code: `xmldsig.*` for the signature itself, `certificate.*` for the path (trust/pki codes). */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly vi: string;
  readonly en: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface SignerSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the certificate DER, hex. */
  readonly fingerprint: string;
}

export interface EdxmlSignatureReport {
  readonly status: SignatureStatus;
  readonly signer: SignerSummary | undefined;
  /** e.g. { signature: 'RSA-SHA256', digest: 'SHA-256', canonicalization: 'exclusive' }. */
  readonly algorithm: { signature: string; digest: string; canonicalization: string } | undefined;
  /** SHA-1 in the signature or the digest. */
  readonly weak: boolean;
  /** The signature sits in the edXML namespace (as in the SDK samples) instead of the XML-DSig one. */
  readonly legacyNamespace: boolean;
  readonly chain: readonly string[];
  readonly hierarchy: string | undefined;
  readonly revocation: RevocationResult | undefined;
  readonly problems: readonly SignatureProblem[];
}

export interface VerifyEdxmlOptions {
  readonly policy: TrustPolicy;
  /** Time the certificate must be valid at; default now (an edXML signature carries no trusted time). */
  readonly at?: Date;
  /** Default 'document-signing'. */
  readonly purpose?: CertificatePurpose;
  /** 'report' (default): SHA-1 is a warning and `weak` is set; 'reject': SHA-1 makes the signature invalid. */
  readonly weakAlgorithms?: 'report' | 'reject';
  /** How long a path validation result for "now" is reused, ms (default 60 000; 0 disables). */
  readonly pathCacheTtlMs?: number;
}

type ProblemText = { vi: string; en: string };

const TEXT: Record<string, ProblemText> = {
  'xmldsig.xml_invalid': { vi: 'XML không hợp lệ', en: 'The XML is not acceptable' },
  'xmldsig.not_edxml': { vi: 'Không phải gói tin edXML', en: 'Not an edXML package' },
  'xmldsig.signature_misplaced': {
    vi: 'Phần tử Signature nằm sai vị trí (phải là phần tử con cuối của edXMLHeader)',
    en: 'A Signature element is out of place (it must be the last child of edXMLHeader)',
  },
  'xmldsig.signature_duplicated': {
    vi: 'Có nhiều hơn một phần tử Signature',
    en: 'More than one Signature element',
  },
  'xmldsig.signature_not_last': {
    vi: 'Signature không phải phần tử con cuối cùng của edXMLHeader',
    en: 'Signature is not the last child of edXMLHeader',
  },
  'xmldsig.markup_in_signature': {
    vi: 'Chú thích hoặc chỉ thị xử lý bên trong chữ ký',
    en: 'Comment or processing instruction inside the signature',
  },
  'xmldsig.comment_in_content': {
    vi: 'Gói tin có chú thích (comment) bên trong nội dung được ký; không chấp nhận',
    en: 'Comments inside the signed content are not accepted',
  },
  'xmldsig.signature_malformed': { vi: 'Cấu trúc chữ ký không hợp lệ', en: 'Malformed signature structure' },
  'xmldsig.reference_invalid': {
    vi: 'Chữ ký không bao trùm toàn bộ gói tin (chỉ chấp nhận đúng một Reference URI="")',
    en: 'The signature does not cover the whole package (exactly one Reference URI="" is accepted)',
  },
  'xmldsig.transform_unsupported': {
    vi: 'Biến đổi (Transform) không được chấp nhận',
    en: 'Transform not accepted',
  },
  'xmldsig.legacy_transform_uri': {
    vi: 'Biến đổi C14N loại trừ ghi sai định danh (như gói mẫu của SDK VXP); đã hiểu là xml-exc-c14n',
    en: 'Exclusive C14N named with a non-standard URI (as in the VXP SDK samples); read as xml-exc-c14n',
  },
  'xmldsig.algorithm_unsupported': { vi: 'Thuật toán không được hỗ trợ', en: 'Unsupported algorithm' },
  'xmldsig.weak_algorithm': {
    vi: 'Thuật toán yếu (SHA-1)',
    en: 'Weak algorithm (SHA-1)',
  },
  'xmldsig.digest_mismatch': {
    vi: 'Nội dung gói tin đã bị thay đổi sau khi ký (sai giá trị băm)',
    en: 'The package was changed after signing (digest mismatch)',
  },
  'xmldsig.signature_mismatch': {
    vi: 'Giá trị chữ ký không khớp với chứng thư số kèm theo',
    en: 'The signature value does not match the attached certificate',
  },
  'xmldsig.certificate_missing': {
    vi: 'Chữ ký không kèm chứng thư số (X509Certificate)',
    en: 'The signature carries no certificate (X509Certificate)',
  },
  'xmldsig.certificate_unreadable': {
    vi: 'Không đọc được chứng thư số kèm chữ ký',
    en: 'A certificate in the signature cannot be parsed',
  },
  'xmldsig.key_mismatch': {
    vi: 'Loại khóa của chứng thư không khớp thuật toán chữ ký',
    en: 'The certificate key type does not match the signature algorithm',
  },
  'xmldsig.path_validation_failed': {
    vi: 'Không kiểm tra được chuỗi chứng thư',
    en: 'The certificate path could not be checked',
  },
};

function problem(
  code: keyof typeof TEXT,
  severity: 'error' | 'warning' = 'error',
  details?: Record<string, unknown>,
): SignatureProblem {
  const text = TEXT[code] ?? { vi: code, en: code };
  return { code, severity, vi: text.vi, en: text.en, ...(details ? { details } : {}) };
}

function issueProblem(issue: StructureIssue): SignatureProblem {
  switch (issue.kind) {
    case 'signature_misplaced':
      return problem('xmldsig.signature_misplaced', 'error', { path: issue.path });
    case 'signature_duplicated':
      return problem('xmldsig.signature_duplicated', 'error', { path: issue.path });
    case 'signature_not_last':
      return problem('xmldsig.signature_not_last', 'warning');
    case 'markup_in_signature':
      return problem('xmldsig.markup_in_signature', 'error', { what: issue.what });
    case 'comment_in_content':
      return problem('xmldsig.comment_in_content', 'error', { path: issue.path });
    case 'signature_too_large':
      return problem('xmldsig.signature_malformed', 'error', { reason: 'signature too large' });
  }
}

/** What the signature says, read strictly from the captured tree. */
interface ParsedSignature {
  signedInfo: CapturedNode;
  c14nMethod: C14nMode;
  signatureMethod: SignatureMethod;
  signatureUri: string;
  digest: DigestName;
  documentMode: C14nMode;
  digestValue: Buffer;
  signatureValue: Buffer;
  certificates: Buffer[];
  /** The transform was named with the SDK samples' non-standard exclusive C14N URI. */
  legacyTransform: boolean;
}

class SignatureShapeError extends Error {
  readonly problem: SignatureProblem;
  constructor(p: SignatureProblem) {
    super(p.en);
    this.problem = p;
  }
}

function childElements(node: CapturedNode, ns: string): CapturedNode[] {
  const out: CapturedNode[] = [];
  for (const child of node.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '')
        throw new SignatureShapeError(
          problem('xmldsig.signature_malformed', 'error', { reason: `text inside <${node.element.local}>` }),
        );
    } else {
      if (child.element.uri !== ns)
        throw new SignatureShapeError(
          problem('xmldsig.signature_malformed', 'error', {
            reason: `foreign element <${child.element.qname}>`,
          }),
        );
      out.push(child);
    }
  }
  return out;
}

function textOf(node: CapturedNode): string {
  let out = '';
  for (const child of node.children) {
    if (typeof child !== 'string')
      throw new SignatureShapeError(
        problem('xmldsig.signature_malformed', 'error', { reason: `element inside <${node.element.local}>` }),
      );
    out += child;
  }
  return out;
}

function attribute(node: CapturedNode, name: string): string | undefined {
  return node.element.attributes.find((a) => a.uri === '' && a.local === name)?.value;
}

function expect(node: CapturedNode | undefined, local: string, context: string): CapturedNode {
  if (node?.element.local !== local)
    throw new SignatureShapeError(
      problem('xmldsig.signature_malformed', 'error', {
        reason: `expected <${local}> in <${context}>, found ${node ? `<${node.element.local}>` : 'nothing'}`,
      }),
    );
  return node;
}

function base64(value: string, what: string): Buffer {
  const compact = value.replace(/[ \t\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw new SignatureShapeError(
      problem('xmldsig.signature_malformed', 'error', { reason: `${what} is not base64` }),
    );
  return Buffer.from(compact, 'base64');
}

function c14nMode(uri: string | undefined): C14nMode | undefined {
  return uri === EXC_C14N ? 'exclusive' : uri === C14N ? 'inclusive' : undefined;
}

const KEY_INFO_CHILDREN = new Set(['X509Data', 'KeyName', 'KeyValue']);
const X509_DATA_CHILDREN = new Set([
  'X509SubjectName',
  'X509Certificate',
  'X509IssuerSerial',
  'X509SKI',
  'X509CRL',
]);

export function parseSignature(signature: CapturedNode): ParsedSignature {
  const ns = signature.element.uri;
  const parts = childElements(signature, ns);
  const signedInfo = expect(parts[0], 'SignedInfo', 'Signature');
  const signatureValueNode = expect(parts[1], 'SignatureValue', 'Signature');
  const keyInfo = parts[2];
  if (keyInfo && keyInfo.element.local !== 'KeyInfo')
    throw new SignatureShapeError(
      problem('xmldsig.signature_malformed', 'error', { reason: 'expected <KeyInfo>' }),
    );
  if (parts.length > 3)
    throw new SignatureShapeError(
      problem('xmldsig.signature_malformed', 'error', {
        reason: `unexpected <${parts[3]?.element.local}> (Object is not accepted)`,
      }),
    );

  const info = childElements(signedInfo, ns);
  const c14nNode = expect(info[0], 'CanonicalizationMethod', 'SignedInfo');
  const methodNode = expect(info[1], 'SignatureMethod', 'SignedInfo');
  const references = info.slice(2);
  if (references.length !== 1 || references[0]?.element.local !== 'Reference')
    throw new SignatureShapeError(
      problem('xmldsig.reference_invalid', 'error', { references: references.length }),
    );
  const reference = references[0];
  const c14nUri = attribute(c14nNode, 'Algorithm');
  const mode = c14nMode(c14nUri);
  if (!mode || childElements(c14nNode, ns).length > 0)
    throw new SignatureShapeError(
      problem('xmldsig.algorithm_unsupported', 'error', { canonicalization: c14nUri }),
    );
  const signatureUri = attribute(methodNode, 'Algorithm') ?? '';
  const signatureMethod = SIGNATURE_METHODS[signatureUri];
  if (!signatureMethod || childElements(methodNode, ns).length > 0)
    throw new SignatureShapeError(
      problem('xmldsig.algorithm_unsupported', 'error', { signatureMethod: signatureUri }),
    );

  // The one accepted reference: the whole document, attachments included.
  const uri = attribute(reference, 'URI');
  if (uri !== '')
    throw new SignatureShapeError(problem('xmldsig.reference_invalid', 'error', { uri: uri ?? null }));
  const refParts = childElements(reference, ns);
  let index = 0;
  let documentMode: C14nMode = 'inclusive';
  let legacyTransform = false;
  if (refParts[0]?.element.local === 'Transforms') {
    const transforms = childElements(refParts[0], ns).map((t) => {
      expect(t, 'Transform', 'Transforms');
      if (t.children.some((c) => typeof c !== 'string' || c.trim() !== ''))
        throw new SignatureShapeError(
          problem('xmldsig.transform_unsupported', 'error', {
            reason: 'transform parameters (e.g. InclusiveNamespaces, XPath)',
          }),
        );
      return attribute(t, 'Algorithm') ?? '';
    });
    // enveloped-signature first; then at most one canonicalisation (none means C14N 1.0, XML-DSig §4.3.3.2).
    const [first, second, ...rest] = transforms;
    if (second === LEGACY_EXC_C14N) legacyTransform = true;
    const secondMode =
      second === undefined ? 'inclusive' : second === LEGACY_EXC_C14N ? 'exclusive' : c14nMode(second);
    if (first !== ENVELOPED_SIGNATURE || !secondMode || rest.length > 0)
      throw new SignatureShapeError(problem('xmldsig.transform_unsupported', 'error', { transforms }));
    documentMode = secondMode;
    index = 1;
  } else {
    throw new SignatureShapeError(
      problem('xmldsig.transform_unsupported', 'error', {
        reason: 'an enveloped signature needs the enveloped-signature transform',
      }),
    );
  }
  const digestNode = expect(refParts[index], 'DigestMethod', 'Reference');
  const digestUri = attribute(digestNode, 'Algorithm') ?? '';
  const digest = DIGEST_METHODS[digestUri];
  if (!digest)
    throw new SignatureShapeError(
      problem('xmldsig.algorithm_unsupported', 'error', { digestMethod: digestUri }),
    );
  const digestValueNode = expect(refParts[index + 1], 'DigestValue', 'Reference');
  if (refParts.length > index + 2)
    throw new SignatureShapeError(
      problem('xmldsig.signature_malformed', 'error', { reason: 'extra content in Reference' }),
    );

  const certificates: Buffer[] = [];
  if (keyInfo) {
    // KeyInfo is outside the digest (it is inside the enveloped Signature): allow only the key
    // material XML-DSig defines, so no unsigned content can hide there for a careless consumer.
    for (const item of childElements(keyInfo, ns)) {
      if (!KEY_INFO_CHILDREN.has(item.element.local))
        throw new SignatureShapeError(
          problem('xmldsig.signature_malformed', 'error', { reason: `<${item.element.local}> in KeyInfo` }),
        );
      if (item.element.local !== 'X509Data') continue;
      for (const entry of childElements(item, ns)) {
        if (!X509_DATA_CHILDREN.has(entry.element.local))
          throw new SignatureShapeError(
            problem('xmldsig.signature_malformed', 'error', {
              reason: `<${entry.element.local}> in X509Data`,
            }),
          );
        if (entry.element.local !== 'X509Certificate') continue;
        // A certificate that is not even base64 is reported as unreadable, like one that is not DER.
        try {
          certificates.push(base64(textOf(entry), 'X509Certificate'));
        } catch {
          certificates.push(Buffer.alloc(0));
        }
      }
    }
  }
  return {
    signedInfo,
    c14nMethod: mode,
    signatureMethod,
    signatureUri,
    digest,
    documentMode,
    digestValue: base64(textOf(digestValueNode), 'DigestValue'),
    signatureValue: base64(textOf(signatureValueNode), 'SignatureValue'),
    certificates,
    legacyTransform,
  };
}

/** Canonical form of a captured subtree (SignedInfo), with the namespaces in scope where it sits. */
export function canonicalizeCaptured(node: CapturedNode, mode: C14nMode): Buffer {
  const parts: string[] = [];
  const canonicalizer = new Canonicalizer(mode, (data) => {
    parts.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  });
  const walk = (n: CapturedNode): void => {
    canonicalizer.startElement(n.element);
    for (const child of n.children) {
      if (typeof child === 'string') canonicalizer.textValue(child);
      else walk(child);
    }
    canonicalizer.endElement(n.element);
  };
  walk(node);
  canonicalizer.flush();
  return Buffer.from(parts.join(''), 'utf8');
}

/** node:crypto prints names one RDN a line, in certificate order; show them as RFC 4514 does. */
function rfc4514(name: string): string {
  return name.split('\n').join(', ');
}

function summarise(certificate: NodeX509): SignerSummary {
  return {
    subject: rfc4514(certificate.subject),
    issuer: rfc4514(certificate.issuer),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    fingerprint: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

function report(
  partial: Partial<EdxmlSignatureReport> & { status: SignatureStatus; problems: SignatureProblem[] },
): EdxmlSignatureReport {
  return {
    signer: undefined,
    algorithm: undefined,
    weak: false,
    legacyNamespace: false,
    chain: [],
    hierarchy: undefined,
    revocation: undefined,
    ...partial,
  };
}

interface CachedPath {
  readonly result: PathValidationResult;
  readonly expires: number;
}

const pathCache = new WeakMap<TrustPolicy, Map<string, CachedPath>>();
const PATH_CACHE_LIMIT = 1000;

/**
 * Path validation (pkijs, revocation look-ups) costs far more than the signature itself, and an axis
 * sees the same agency certificates all day: results for "now" are kept per policy for
 * `pathCacheTtlMs` (default 60 s), never past the certificate's notAfter. Validation at an explicit
 * time is not cached.
 */
async function validatePathCached(
  signer: NodeX509,
  certificates: readonly NodeX509[],
  options: VerifyEdxmlOptions,
): Promise<PathValidationResult> {
  const purpose = options.purpose ?? 'document-signing';
  const intermediates = certificates.filter((c) => c !== signer);
  const run = () =>
    validateCertificatePath(new Uint8Array(signer.raw), {
      policy: options.policy,
      at: options.at ?? new Date(),
      purpose,
      intermediates: intermediates.map((c) => new Uint8Array(c.raw)),
    });
  const ttl = options.pathCacheTtlMs ?? 60_000;
  if (options.at || ttl <= 0) return run();
  let cache = pathCache.get(options.policy);
  if (!cache) pathCache.set(options.policy, (cache = new Map<string, CachedPath>()));
  const key = [purpose, signer.fingerprint256, ...intermediates.map((c) => c.fingerprint256)].join('|');
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.result;
  const result = await run();
  if (cache.size >= PATH_CACHE_LIMIT) cache.clear();
  cache.set(key, { result, expires: Math.min(now + ttl, new Date(signer.validTo).getTime()) });
  return result;
}

/**
 * Verifies an edXML package's signature, streaming: `input` may be the bytes or any async iterable
 * of chunks (a file stream), and only the header is held in memory.
 */
export async function verifyEdxmlSignature(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: VerifyEdxmlOptions,
): Promise<EdxmlSignatureReport> {
  const problems: SignatureProblem[] = [];
  let parsed: ParsedSignature | undefined;
  let hash: Hash | undefined;
  const scanner = new EdxmlScanner({
    onSignature(node) {
      try {
        parsed = parseSignature(node);
      } catch (err) {
        if (err instanceof SignatureShapeError) problems.push(err.problem);
        else throw err;
        return undefined;
      }
      const h = createHash(nodeDigestName(parsed.digest));
      hash = h;
      return new Canonicalizer(parsed.documentMode, (data) => h.update(data));
    },
  });
  try {
    await scanInput(scanner, input);
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      return report({
        status: 'invalid',
        problems: [problem('xmldsig.xml_invalid', 'error', { reason: err.message, code: err.code })],
      });
    throw err;
  }
  if (!scanner.rootIsEdxml || !scanner.headerFound)
    return report({ status: 'invalid', problems: [problem('xmldsig.not_edxml')] });
  problems.push(...scanner.issues.map(issueProblem));
  const legacyNamespace = scanner.signature !== undefined && scanner.signature.element.uri === EDXML_NS;
  if (!scanner.signature) {
    // Stray Signature elements without one in the header: still a refusal, never "unsigned".
    const errors = problems.filter((p) => p.severity === 'error');
    return report({ status: errors.length > 0 ? 'invalid' : 'unsigned', problems });
  }
  if (!parsed || !hash) return report({ status: 'invalid', problems, legacyNamespace });

  const sig = parsed;
  const weak = sig.digest === 'SHA-1' || sig.signatureMethod.hash === 'SHA-1';
  const algorithm = {
    signature: sig.signatureMethod.name,
    digest: sig.digest,
    canonicalization: sig.documentMode,
  };
  if (weak)
    problems.push(
      problem('xmldsig.weak_algorithm', options.weakAlgorithms === 'reject' ? 'error' : 'warning', algorithm),
    );

  if (sig.legacyTransform)
    problems.push(problem('xmldsig.legacy_transform_uri', 'warning', { uri: LEGACY_EXC_C14N }));
  const digest = hash.digest();
  if (!digest.equals(sig.digestValue)) problems.push(problem('xmldsig.digest_mismatch'));

  // The signer is the certificate whose key verifies SignedInfo; the others are candidate issuers.
  const certificates: NodeX509[] = [];
  for (const der of sig.certificates) {
    try {
      certificates.push(new NodeX509(der));
    } catch {
      problems.push(problem('xmldsig.certificate_unreadable'));
    }
  }
  const base = { algorithm, weak, legacyNamespace };
  if (certificates.length === 0) {
    if (sig.certificates.length === 0) problems.push(problem('xmldsig.certificate_missing'));
    return report({ status: 'invalid', problems, ...base });
  }
  const signedInfo = canonicalizeCaptured(sig.signedInfo, sig.c14nMethod);
  let signer: NodeX509 | undefined;
  for (const certificate of certificates) {
    const key = certificate.publicKey;
    if (key.asymmetricKeyType !== sig.signatureMethod.key) continue;
    let ok = false;
    try {
      ok = nodeVerify(
        nodeDigestName(sig.signatureMethod.hash),
        signedInfo,
        key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : key,
        sig.signatureValue,
      );
    } catch {
      ok = false;
    }
    if (ok) {
      signer = certificate;
      break;
    }
  }
  if (!signer) {
    const keyTypes = certificates.map((c) => c.publicKey.asymmetricKeyType);
    problems.push(
      keyTypes.includes(sig.signatureMethod.key)
        ? problem('xmldsig.signature_mismatch')
        : problem('xmldsig.key_mismatch'),
    );
    return report({ status: 'invalid', problems, ...base, signer: summarise(certificates[0] as NodeX509) });
  }

  let path: PathValidationResult | undefined;
  try {
    path = await validatePathCached(signer, certificates, options);
  } catch (err) {
    problems.push(
      problem('xmldsig.path_validation_failed', 'error', {
        reason: err instanceof Error ? err.message : String(err),
      }),
    );
  }
  for (const p of path?.problems ?? [])
    problems.push({
      code: `certificate.${p.code}`,
      severity: p.severity,
      vi: p.vi,
      en: p.en,
      ...(p.subject ? { details: { subject: p.subject } } : {}),
    });

  const ownErrors = problems.filter(
    (p) =>
      p.severity === 'error' &&
      !p.code.startsWith('certificate.') &&
      p.code !== 'xmldsig.path_validation_failed',
  );
  let status: SignatureStatus;
  if (ownErrors.length > 0) status = 'invalid';
  else if (!path) status = 'indeterminate';
  else if (path.valid) status = 'valid';
  else {
    // Revocation that could not be established (hard-fail) is undecided, not proven bad.
    const pathErrors = path.problems.filter((p) => p.severity === 'error');
    status = pathErrors.every((p) => p.code === 'revocation_unknown') ? 'indeterminate' : 'invalid';
  }
  return report({
    status,
    problems,
    ...base,
    signer: summarise(signer),
    chain: (path?.chain ?? []).map((c) => c.subject),
    hierarchy: path?.hierarchy,
    revocation: path?.revocation,
  });
}
