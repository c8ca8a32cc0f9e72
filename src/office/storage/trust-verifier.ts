/**
 * The office's verifier of received edXML signatures: src/trust's verifyEdxmlSignature (through its
 * index.ts) under the trust folder TRUST_DIR when configured. Without one the signature's integrity
 * (digest over the whole package, signature value against the attached certificate) is still
 * checked, and the report says the chain was not checked.
 */
import {
  createTrustPolicy,
  loadTrustPolicy,
  verifyEdxmlSignature,
  type TrustPolicy,
} from '../../trust/index.ts';
import type { SignatureReport, SignatureVerifier } from '../use-cases/deps.ts';

const CHAIN_NOT_CHECKED = {
  code: 'office.chain_not_checked',
  severity: 'warning' as const,
  vi: 'Chưa kiểm tra chuỗi chứng thư (chưa cấu hình thư mục tin cậy TRUST_DIR); chỉ kiểm tra tính toàn vẹn',
  en: 'Certificate chain not checked (no trust folder, TRUST_DIR); integrity only',
};

export function createOfficeSignatureVerifier(
  options: { trustDir?: string | undefined; policy?: TrustPolicy } = {},
): SignatureVerifier {
  const chainChecked = options.policy !== undefined || options.trustDir !== undefined;
  let policy: Promise<TrustPolicy> | undefined;
  const loadPolicy = () => {
    policy ??= options.policy
      ? Promise.resolve(options.policy)
      : options.trustDir
        ? loadTrustPolicy(options.trustDir)
        : Promise.resolve(createTrustPolicy({ anchors: [], revocation: { mode: 'off', network: false } }));
    policy.catch(() => (policy = undefined));
    return policy;
  };
  return async (bytes) => {
    const report = await verifyEdxmlSignature(bytes, {
      policy: await loadPolicy(),
      weakAlgorithms: 'report',
    });
    let status: string = report.status;
    let problems = report.problems.map((p) => ({ code: p.code, severity: p.severity, vi: p.vi, en: p.en }));
    if (!chainChecked && status !== 'unsigned') {
      problems = problems.filter(
        (p) => !p.code.startsWith('certificate.') && p.code !== 'xmldsig.path_validation_failed',
      );
      status = problems.some((p) => p.severity === 'error') ? 'invalid' : 'valid';
      problems.push(CHAIN_NOT_CHECKED);
    }
    const full: SignatureReport = {
      status,
      signer: report.signer
        ? {
            subject: report.signer.subject,
            issuer: report.signer.issuer,
            serialNumber: report.signer.serialNumber,
            notBefore: report.signer.notBefore,
            notAfter: report.signer.notAfter,
          }
        : null,
      algorithm: report.algorithm?.signature ?? null,
      weak: report.weak,
      chainChecked: chainChecked && status !== 'unsigned',
      problems: problems.slice(0, 20),
    };
    const firstError = problems.find((p) => p.severity === 'error');
    return {
      status:
        status === 'valid'
          ? 'verified'
          : status === 'unsigned'
            ? 'unsigned'
            : status === 'invalid'
              ? 'invalid'
              : 'not_verified',
      note:
        status === 'valid'
          ? `Chữ ký số hợp lệ / valid signature${report.signer ? `: ${report.signer.subject}` : ''}`
          : firstError
            ? `${firstError.vi} / ${firstError.en}`
            : status === 'unsigned'
              ? null
              : 'Không xác định được / indeterminate',
      report: full,
    };
  };
}
