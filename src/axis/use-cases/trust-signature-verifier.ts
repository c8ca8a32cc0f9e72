/**
 * The axis's signature verifier: src/trust's streaming edXML signature verification behind the
 * `SignatureVerifier` port, under the trust folder from configuration (TRUST_DIR). Without a trust
 * folder the signature's integrity (digest over the whole package, signature value against the
 * attached certificate) is still checked, and the verdict says the chain was not checked.
 */
import {
  createTrustPolicy,
  loadTrustPolicy,
  verifyEdxmlSignature,
  type EdxmlSignatureReport,
  type TrustPolicy,
} from '../../trust/index.ts';
import type { SignatureVerdict } from '../domain/signature-policy.ts';
import type { SignatureVerifier } from './verify-package-signature.ts';

export interface TrustSignatureVerifierOptions {
  /** A trust folder as `lienthong pki init` writes it; loaded once, on first use. */
  readonly trustDir?: string | undefined;
  /** A policy built in code (tests); takes precedence over `trustDir`. */
  readonly policy?: TrustPolicy | undefined;
}

const MAX_PROBLEMS = 20;

/**
 * A package without the bytes `Signature` anywhere cannot hold a Signature element (nor a stray one),
 * so it is unsigned without a second tokenizer pass over it (the parser checks its structure). The
 * verifier reads ahead up to this many bytes looking for the word; past it, or once it is seen, the
 * bytes read so far and the rest go through the full streaming verification.
 */
const UNSIGNED_LOOKAHEAD_BYTES = 256 * 1024;
const MARKER = Buffer.from('Signature', 'latin1');

const UNSIGNED: SignatureVerdict = {
  signed: false,
  status: 'unsigned',
  chainChecked: false,
  signerSubject: null,
  algorithm: null,
  weak: false,
  problems: [],
};

/** Reads `source` ahead; `undefined` when it ended without the marker, else the whole stream to verify. */
async function unlessUnsigned(
  source: AsyncIterable<Uint8Array>,
): Promise<AsyncIterable<Uint8Array> | undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let bytes = 0;
  let tail: Buffer = Buffer.alloc(0); // the last bytes of the previous chunk: the word may straddle two
  for (;;) {
    const next = await iterator.next();
    if (next.done) return undefined;
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    head.push(next.value);
    bytes += chunk.byteLength;
    const seam = Buffer.concat([tail, chunk.subarray(0, MARKER.length - 1)]);
    if (chunk.includes(MARKER) || seam.includes(MARKER) || bytes > UNSIGNED_LOOKAHEAD_BYTES) break;
    tail =
      chunk.byteLength >= MARKER.length - 1
        ? chunk.subarray(-(MARKER.length - 1))
        : Buffer.concat([tail, chunk]).subarray(-(MARKER.length - 1));
  }
  return (async function* replay() {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}

const CHAIN_NOT_CHECKED = {
  code: 'axis.chain_not_checked',
  severity: 'warning',
  vi: 'Chưa kiểm tra chuỗi chứng thư (trục chưa cấu hình thư mục tin cậy TRUST_DIR); chỉ kiểm tra tính toàn vẹn',
  en: 'Chain not checked (the axis has no trust folder, TRUST_DIR); integrity only',
} as const;

export function createTrustSignatureVerifier(options: TrustSignatureVerifierOptions = {}): SignatureVerifier {
  const chainChecked = options.policy !== undefined || options.trustDir !== undefined;
  let policy: Promise<TrustPolicy> | undefined;
  const loadPolicy = (): Promise<TrustPolicy> => {
    policy ??= options.policy
      ? Promise.resolve(options.policy)
      : options.trustDir
        ? loadTrustPolicy(options.trustDir)
        : // No anchors: path validation finds nothing to trust; its problems are dropped below.
          Promise.resolve(createTrustPolicy({ anchors: [], revocation: { mode: 'off', network: false } }));
    // A bad trust folder is retried on the next package instead of failing every send forever.
    policy.catch(() => (policy = undefined));
    return policy;
  };
  return {
    chainChecked,
    async verify(source) {
      const stream = await unlessUnsigned(source);
      if (!stream) return UNSIGNED;
      const report = await verifyEdxmlSignature(stream, {
        policy: await loadPolicy(),
        // The axis decides on weak algorithms per agency policy (refuse-weak); verification only reports them.
        weakAlgorithms: 'report',
      });
      return toVerdict(report, chainChecked);
    },
  };
}

function toVerdict(report: EdxmlSignatureReport, chainChecked: boolean): SignatureVerdict {
  const pathProblem = (code: string) =>
    code.startsWith('certificate.') || code === 'xmldsig.path_validation_failed';
  let status = report.status;
  let problems = report.problems.map((p) => ({ code: p.code, severity: p.severity, en: p.en, vi: p.vi }));
  if (!chainChecked && status !== 'unsigned') {
    // Integrity only: the verdict rests on the package's own signature checks, never on the (absent) anchors.
    problems = problems.filter((p) => !pathProblem(p.code));
    status = problems.some((p) => p.severity === 'error') ? 'invalid' : 'valid';
    problems.push({ ...CHAIN_NOT_CHECKED });
  }
  return {
    signed: report.status !== 'unsigned',
    status,
    chainChecked: chainChecked && status !== 'unsigned',
    signerSubject: report.signer?.subject ?? null,
    algorithm: report.algorithm?.signature ?? null,
    weak: report.weak,
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
