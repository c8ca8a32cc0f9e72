import { defineErrors } from '../../platform/errors.ts';

/**
 * Failures to sign (or to read the input at all). Verification outcomes are values
 * (`EdxmlSignatureReport.problems`), never these errors.
 */
export const signatureErrors = defineErrors({
  'trust.xml_invalid': {
    status: 422,
    vi: 'Tệp XML không hợp lệ (sai cú pháp, có DTD/thực thể, không phải UTF-8 hoặc vượt giới hạn)',
    en: 'The XML is invalid (not well-formed, has a DTD/entities, not UTF-8, or exceeds limits)',
  },
  'trust.not_edxml': {
    status: 422,
    vi: 'Không phải gói tin edXML (thiếu edXML/edXMLEnvelope/edXMLHeader theo QCVN 102:2016)',
    en: 'Not an edXML package (edXML/edXMLEnvelope/edXMLHeader of QCVN 102:2016 missing)',
  },
  'trust.already_signed': {
    status: 409,
    vi: 'Gói tin đã có chữ ký số; không ký chồng',
    en: 'The package is already signed; it is not signed twice',
  },
  'trust.unsupported_input': {
    status: 422,
    vi: 'Không nhận dạng được tệp: chỉ ký gói tin edXML hoặc tệp PDF',
    en: 'Unrecognised file: only edXML packages and PDF files can be signed',
  },
  'trust.pdf_invalid': {
    status: 422,
    vi: 'Tệp PDF không hợp lệ hoặc không hỗ trợ (PDF mã hóa, cấu trúc hỏng)',
    en: 'The PDF is invalid or unsupported (encrypted or damaged structure)',
  },
  'trust.pdf_signature_too_large': {
    status: 500,
    vi: 'Chữ ký CMS vượt quá chỗ dành sẵn trong PDF',
    en: 'The CMS signature does not fit the space reserved in the PDF',
  },
});

export type SignatureErrorCode = keyof typeof signatureErrors.catalogue;
