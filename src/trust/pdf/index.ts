export { signPdf, DEFAULT_FONT, type SignPdfOptions, type SignPdfResult } from './sign-pdf.ts';
export {
  verifyPdfSignatures,
  type PdfSignatureReport,
  type PdfVerificationReport,
  type VerifyPdfOptions,
} from './verify-pdf-signatures.ts';
export { createCadesSignature } from './cades-signature.ts';
export {
  formatVietnamTime,
  pdfDateVietnam,
  sealRectOver,
  type AppearanceRole,
  type Rect,
} from './signature-appearance.ts';
export { findSignatureFields, type SignatureField } from './pdf-structure.ts';
