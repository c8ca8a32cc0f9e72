/**
 * The catalogue of validation findings of `validatePackage`: a stable code, a fixed severity and
 * the message in Vietnamese and English. Scripts and the axis key on the code; the severity of a
 * code never changes (a deviation that is sometimes an error and sometimes not gets two codes).
 *
 * Error = the package deviates from QCVN 102:2016/SĐ1:2022 or Decree 30 in a way the standard
 * states (required element, enumeration, date format, one-to-one manifest). Warning = a deviation
 * from a rule whose source is advisory or inferred (Bkav's length limits, agency-code formats that
 * test systems break on purpose, DocumentId forms other systems use), or a consistency hint.
 */
export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  code: FindingCode;
  /** Element path, 1-based indexes: `MessageHeader/To[1]/OrganId`. */
  path: string;
  severity: FindingSeverity;
  vi: string;
  en: string;
  /** The offending value (truncated to 200 characters), when there is one. */
  value?: string;
}

export interface ValidationReport {
  /** No error-level finding. */
  valid: boolean;
  findings: Finding[];
}

export const FINDINGS = {
  'edxml.required_missing': {
    severity: 'error',
    vi: 'Thiếu phần tử bắt buộc',
    en: 'Required element is missing or empty',
  },
  'edxml.bad_enum': {
    severity: 'error',
    vi: 'Giá trị không thuộc danh mục cho phép',
    en: 'Value is not in the allowed enumeration',
  },
  'edxml.bad_date': {
    severity: 'error',
    vi: 'Ngày không đúng dạng yyyy/MM/dd hoặc không có thật',
    en: 'Date is not a real date in yyyy/MM/dd form',
  },
  'edxml.bad_timestamp': {
    severity: 'error',
    vi: 'Thời điểm không đúng dạng yyyy/MM/dd HH:mm:ss hoặc không có thật',
    en: 'Timestamp is not a real time in yyyy/MM/dd HH:mm:ss form',
  },
  'edxml.bad_number': {
    severity: 'error',
    vi: 'Giá trị phải là số nguyên không âm',
    en: 'Value must be a non-negative integer',
  },
  'edxml.bad_boolean': {
    severity: 'error',
    vi: 'Giá trị phải là true hoặc false',
    en: 'Value must be true or false',
  },
  'edxml.bad_document_type': {
    severity: 'error',
    vi: 'Cặp Type/TypeDetail không có trong danh mục loại văn bản (QCVN 102 SĐ1:2022, danh mục A/B)',
    en: 'Type/TypeDetail is not a row of the document-type lists A/B (QCVN 102 SĐ1:2022)',
  },
  'edxml.bad_document_id': {
    severity: 'error',
    vi: 'Mã định danh văn bản dạng <mã cơ quan>,<yyyy/MM/dd>,<số/ký hiệu> có ngày không có thật',
    en: 'Document identifier <organ>,<yyyy/MM/dd>,<number> carries an impossible date',
  },
  'edxml.to_empty': {
    severity: 'error',
    vi: 'Gói tin không có nơi nhận (To)',
    en: 'The package has no recipient (To)',
  },
  'edxml.to_duplicate': {
    severity: 'error',
    vi: 'Nơi nhận (To) bị lặp mã định danh',
    en: 'A recipient (To) OrganId is repeated',
  },
  'edxml.reference_without_attachment': {
    severity: 'error',
    vi: 'Tham chiếu trong manifest không có tệp đính kèm tương ứng',
    en: 'A manifest reference has no matching attachment',
  },
  'edxml.attachment_without_reference': {
    severity: 'error',
    vi: 'Tệp đính kèm không có tham chiếu tương ứng trong manifest',
    en: 'An attachment has no matching manifest reference',
  },
  'edxml.content_id_duplicate': { severity: 'error', vi: 'ContentId bị lặp', en: 'ContentId is repeated' },
  'edxml.too_long': {
    severity: 'warning',
    vi: 'Giá trị dài hơn giới hạn tham khảo (bảng độ dài của bộ kiểm tra Bkav)',
    en: 'Value longer than the advisory limit (Bkav validator length table)',
  },
  'edxml.bad_agency_code': {
    severity: 'warning',
    vi: 'Mã định danh cơ quan không theo QCVN 102:2016 hay QĐ 20/2020',
    en: 'Agency code follows neither QCVN 102:2016 nor QĐ 20/2020',
  },
  'edxml.document_id_unstructured': {
    severity: 'warning',
    vi: 'Mã định danh văn bản không theo dạng <mã cơ quan>,<yyyy/MM/dd>,<số/ký hiệu>',
    en: 'Document identifier is not of the form <organ>,<yyyy/MM/dd>,<number>',
  },
  'edxml.document_id_mismatch': {
    severity: 'warning',
    vi: 'Mã định danh văn bản không khớp với cơ quan ban hành, ngày ban hành hoặc số/ký hiệu của gói tin',
    en: 'Document identifier does not match the package’s issuer, promulgation date or number',
  },
  'edxml.bad_code_notation': {
    severity: 'warning',
    vi: 'Số/ký hiệu không theo Nghị định 30/2020 (số/loại-cơ quan)',
    en: 'Number/notation does not follow Decree 30/2020 (number/type-agency)',
  },
  'edxml.type_name_mismatch': {
    severity: 'warning',
    vi: 'TypeName không khớp với tên loại văn bản của Type/TypeDetail',
    en: 'TypeName differs from the name of the Type/TypeDetail row',
  },
  'edxml.due_before_promulgation': {
    severity: 'warning',
    vi: 'Hạn xử lý (DueDate) trước ngày ban hành',
    en: 'DueDate is before the promulgation date',
  },
  'edxml.reference_mismatch': {
    severity: 'warning',
    vi: 'Tham chiếu manifest và tệp đính kèm cùng ContentId nhưng khác tên hoặc kiểu nội dung',
    en: 'Manifest reference and attachment share a ContentId but differ in name or content type',
  },
  'edxml.bad_content_type': {
    severity: 'warning',
    vi: 'ContentType không phải kiểu MIME (type/subtype)',
    en: 'ContentType is not a MIME type (type/subtype)',
  },
  'edxml.attachment_empty': { severity: 'warning', vi: 'Tệp đính kèm rỗng', en: 'Attachment is empty' },
  'edxml.signature_missing': {
    severity: 'warning',
    vi: 'Gói tin văn bản không có chữ ký số XML (Signature)',
    en: 'The document package carries no XML signature',
  },
  'edxml.unknown_element': {
    severity: 'warning',
    vi: 'Phần tử không thuộc QCVN 102 (bị bỏ qua)',
    en: 'Element not defined by QCVN 102 (ignored)',
  },
  'edxml.unexpected_element': {
    severity: 'warning',
    vi: 'Phần tử không dùng trong loại gói tin này',
    en: 'Element not used in this kind of package',
  },
  'edxml.status_sender_mismatch': {
    severity: 'warning',
    vi: 'Bên gửi gói tin trạng thái không phù hợp với mã trạng thái (13 do bên gửi văn bản gửi, các mã khác do bên nhận)',
    en: 'The status sender does not fit the code (13 comes from the document’s sender, the others from a receiver)',
  },
  'edxml.recommended_missing': {
    severity: 'warning',
    vi: 'Thiếu phần tử nên có',
    en: 'Recommended element is missing',
  },
  'edxml.replacement_duplicate': {
    severity: 'warning',
    vi: 'ReplacementInfo lặp lại cùng văn bản và cùng nơi nhận',
    en: 'ReplacementInfo repeats the same document and recipients',
  },
  'edxml.bussiness_inconsistent': {
    severity: 'warning',
    vi: 'Thông tin nghiệp vụ (Bussiness) không nhất quán với BussinessDocType',
    en: 'Bussiness data is inconsistent with BussinessDocType',
  },
} as const satisfies Record<string, { severity: FindingSeverity; vi: string; en: string }>;

export type FindingCode = keyof typeof FINDINGS;
