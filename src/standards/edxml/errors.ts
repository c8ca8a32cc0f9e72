import { defineErrors } from '../../platform/errors.ts';

/**
 * Error catalogue of the edXML codec. Messages never contain package content (hostile input must
 * not be echoed back): details carry only positions, limits and element names.
 */
export const edxmlErrors = defineErrors({
  'edxml.not_well_formed': {
    status: 422,
    vi: 'Gói tin edXML không đúng cú pháp XML',
    en: 'The edXML package is not well-formed XML',
  },
  'edxml.doctype_forbidden': {
    status: 422,
    vi: 'Gói tin edXML không được chứa khai báo DOCTYPE/DTD',
    en: 'DOCTYPE/DTD declarations are forbidden in edXML packages',
  },
  'edxml.entity_forbidden': {
    status: 422,
    vi: 'Gói tin edXML không được dùng thực thể (entity) ngoài 5 thực thể định sẵn và tham chiếu ký tự số',
    en: 'Entities other than the 5 predefined ones and numeric character references are forbidden',
  },
  'edxml.limit_exceeded': {
    status: 422,
    vi: 'Gói tin edXML vượt quá giới hạn an toàn (độ sâu, số phần tử, kích thước thuộc tính hoặc văn bản)',
    en: 'The edXML package exceeds a safety limit (depth, element count, attribute or text size)',
  },
  'edxml.too_large': {
    status: 413,
    vi: 'Gói tin edXML vượt quá kích thước cho phép',
    en: 'The edXML package is larger than allowed',
  },
  'edxml.invalid_utf8': {
    status: 422,
    vi: 'Gói tin edXML không phải UTF-8 hợp lệ',
    en: 'The edXML package is not valid UTF-8',
  },
  'edxml.unsupported_encoding': {
    status: 422,
    vi: 'Gói tin edXML phải mã hóa UTF-8',
    en: 'The edXML package must be encoded in UTF-8',
  },
  'edxml.wrong_root': {
    status: 422,
    vi: 'Phần tử gốc phải là edXML',
    en: 'The root element must be edXML',
  },
  'edxml.wrong_namespace': {
    status: 422,
    vi: 'Không gian tên (namespace) phải là http://www.mic.gov.vn/TBT/QCVN_102_2016',
    en: 'The namespace must be http://www.mic.gov.vn/TBT/QCVN_102_2016',
  },
  'edxml.legacy_envelope': {
    status: 422,
    vi: 'Gói tin dùng định dạng eDoc cũ (http://www.go.vn/eDoc), không theo QCVN 102:2016',
    en: 'The package uses the legacy eDoc envelope (http://www.go.vn/eDoc), not QCVN 102:2016',
  },
  'edxml.missing_envelope': {
    status: 422,
    vi: 'Gói tin edXML thiếu edXMLEnvelope/edXMLHeader/MessageHeader',
    en: 'The edXML package lacks edXMLEnvelope/edXMLHeader/MessageHeader',
  },
  'edxml.bad_base64': {
    status: 422,
    vi: 'Nội dung tệp đính kèm không phải base64 hợp lệ',
    en: 'An attachment is not valid base64',
  },
  'edxml.build_invalid': {
    status: 422,
    vi: 'Không thể tạo gói tin edXML từ dữ liệu đã cho',
    en: 'Cannot build an edXML package from the given data',
  },
});

export type EdxmlErrorCode = keyof typeof edxmlErrors.catalogue;
