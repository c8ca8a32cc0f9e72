export * from './algorithms.ts';
export * from './errors.ts';
export { signEdxml, signEdxmlFile, buildSignatureElement } from './sign-edxml.ts';
export {
  verifyEdxmlSignature,
  type EdxmlSignatureReport,
  type SignatureProblem,
  type SignatureStatus,
  type SignerSummary,
  type VerifyEdxmlOptions,
} from './verify-edxml-signature.ts';
