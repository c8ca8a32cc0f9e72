import { defineErrors } from '../../platform/errors.ts';

/**
 * Error catalogue of the axis: the one code → HTTP status table (REST). The VXP layer maps the same
 * codes to its numeric `ErrorCode` in `vxp/vxp-error-codes.ts`.
 */
export const axisErrors = defineErrors({
  'axis.unauthenticated': {
    status: 401,
    vi: 'Xác thực hệ thống không thành công',
    en: 'System authentication failed',
  },
  'axis.signature_headers_missing': {
    status: 401,
    vi: 'Thiếu tiêu đề xác thực XroadVnpt (systemid, timestamp, sign-header, hash-header)',
    en: 'Missing XroadVnpt authentication headers (systemid, timestamp, sign-header, hash-header)',
  },
  'axis.header_mismatch': {
    status: 401,
    vi: 'Tiêu đề đã ký không khớp với tiêu đề gốc',
    en: 'A signed header copy does not match the original header',
  },
  'axis.timestamp_invalid': {
    status: 401,
    vi: 'Dấu thời gian của yêu cầu sai định dạng hoặc nằm ngoài khoảng cho phép',
    en: 'The request timestamp is malformed or outside the accepted window',
  },
  'axis.system_suspended': {
    status: 403,
    vi: 'Hệ thống đang bị tạm dừng',
    en: 'The system is suspended',
  },
  'axis.system_unknown': { status: 404, vi: 'Không có hệ thống này', en: 'Unknown system' },
  'axis.system_exists': { status: 409, vi: 'Hệ thống đã tồn tại', en: 'The system already exists' },
  'axis.secret_invalid': {
    status: 400,
    vi: 'Khóa bí mật phải dài từ 16 đến 256 ký tự',
    en: 'The secret must be 16 to 256 characters long',
  },
  'axis.agency_invalid': { status: 400, vi: 'Thông tin cơ quan không hợp lệ', en: 'Invalid agency data' },
  'axis.agency_unknown': { status: 404, vi: 'Không có cơ quan này', en: 'Unknown agency' },
  'axis.agency_exists': { status: 409, vi: 'Mã cơ quan đã tồn tại', en: 'The agency code already exists' },
  'axis.import_invalid': {
    status: 400,
    vi: 'Tệp nhập danh mục cơ quan không hợp lệ',
    en: 'Invalid agency import file',
  },
  'axis.request_invalid': {
    status: 400,
    vi: 'Tham số yêu cầu không hợp lệ',
    en: 'Invalid request parameters',
  },
  'axis.paging_invalid': {
    status: 400,
    vi: 'Tham số phân trang vượt giới hạn',
    en: 'Paging parameters are out of bounds',
  },
  'axis.package_missing': {
    status: 400,
    vi: 'Thiếu gói tin (phần file_doc) hoặc gói tin rỗng',
    en: 'The package (part file_doc) is missing or empty',
  },
  'axis.package_too_large': {
    status: 413,
    vi: 'Gói tin vượt quá kích thước cho phép',
    en: 'The package is too large',
  },
  'axis.hash_mismatch': {
    status: 422,
    vi: 'Mã băm hash-file không khớp với nội dung gói tin',
    en: 'hash-file does not match the package bytes',
  },
  'axis.package_invalid': {
    status: 422,
    vi: 'Gói tin edXML không hợp lệ',
    en: 'The edXML package is invalid',
  },
  'axis.messagetype_mismatch': {
    status: 422,
    vi: 'messagetype không khớp với loại gói tin',
    en: 'messagetype does not match the kind of package',
  },
  // Issue 4: per-agency signature policy (domain/signature-policy.ts); details list the verification problems.
  'axis.signature_required': {
    status: 422,
    vi: 'Gói tin phải có chữ ký số hợp lệ theo chính sách của cơ quan',
    en: 'The agency policy requires a valid digital signature on the package',
  },
  'axis.signature_invalid': {
    status: 422,
    vi: 'Chữ ký số của gói tin không hợp lệ theo chính sách tin cậy của trục',
    en: 'The package signature is not valid under the axis trust policy',
  },
  'axis.signature_weak': {
    status: 422,
    vi: 'Chữ ký số dùng thuật toán yếu (SHA-1), cơ quan không chấp nhận',
    en: 'The package is signed with a weak algorithm (SHA-1), refused by the agency policy',
  },
  'axis.sender_not_allowed': {
    status: 403,
    vi: 'Hệ thống không được phép gửi thay cơ quan này',
    en: 'The system may not send for this agency',
  },
  'axis.recipient_missing': {
    status: 422,
    vi: 'Gói tin không có nơi nhận',
    en: 'The package has no recipient',
  },
  'axis.recipient_unknown': {
    status: 422,
    vi: 'Nơi nhận không có trong danh mục cơ quan',
    en: 'A recipient is not in the agency registry',
  },
  'axis.recipient_retired': {
    status: 422,
    vi: 'Nơi nhận đã giải thể/sáp nhập và không có cơ quan kế thừa',
    en: 'A recipient has been retired without a successor',
  },
  'axis.recipient_suspended': {
    status: 422,
    vi: 'Nơi nhận đang tạm dừng nhận văn bản',
    en: 'A recipient is suspended',
  },
  'axis.reference_unknown': {
    status: 422,
    vi: 'Không tìm thấy văn bản được tham chiếu (ResponseFor/DocumentId)',
    en: 'The referenced document (ResponseFor/DocumentId) was not found',
  },
  'axis.status_transition_invalid': {
    status: 409,
    vi: 'Trạng thái không hợp lệ với tình trạng hiện tại của văn bản',
    en: 'The status does not fit the current state of the document',
  },
  'axis.not_found': { status: 404, vi: 'Không tìm thấy văn bản', en: 'Document not found' },
  'axis.delivery_ambiguous': {
    status: 409,
    vi: 'docId thuộc nhiều nơi nhận của hệ thống; hãy dùng docId của từng nơi nhận',
    en: 'The docId has several recipients served by this system; use the per-recipient docId',
  },
  'axis.idempotency_conflict': {
    status: 409,
    vi: 'Idempotency-Key đã dùng cho gói tin khác',
    en: 'The Idempotency-Key was used for another package',
  },
  'axis.evidence_broken': {
    status: 500,
    vi: 'Chuỗi bằng chứng bị phá vỡ',
    en: 'The evidence chain is broken',
  },
});

export type AxisErrorCode = keyof typeof axisErrors.catalogue;
