/** Error catalogue of the office context (code → HTTP status, Vietnamese and English messages). */
import { defineErrors } from '../../platform/errors.ts';

export const officeErrors = defineErrors({
  'office.unauthenticated': { status: 401, vi: 'Cần đăng nhập', en: 'Sign-in required' },
  'office.login_failed': {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
    en: 'Wrong username or password',
  },
  'office.account_locked': {
    status: 423,
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau',
    en: 'Account temporarily locked after repeated failed sign-ins; try again later',
  },
  'office.csrf_failed': {
    status: 403,
    vi: 'Thiếu hoặc sai mã chống giả mạo (CSRF); tải lại trang',
    en: 'Missing or wrong CSRF token; reload the page',
  },
  'office.forbidden': {
    status: 403,
    vi: 'Vai trò của bạn không được thực hiện thao tác này',
    en: 'Your role may not perform this action',
  },
  'office.not_found': { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  'office.invalid_state': {
    status: 409,
    vi: 'Văn bản không ở trạng thái cho phép thao tác này',
    en: 'The document is not in a state that allows this action',
  },
  'office.invalid_input': { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  'office.reason_required': {
    status: 400,
    vi: 'Cần ghi lý do (tối đa 1000 ký tự)',
    en: 'A reason is required (at most 1000 characters)',
  },
  'office.username_taken': { status: 409, vi: 'Tên đăng nhập đã tồn tại', en: 'Username already exists' },
  'office.agency_exists': { status: 409, vi: 'Cơ quan đã tồn tại', en: 'Agency already exists' },
  'office.axis_not_configured': {
    status: 409,
    vi: 'Cơ quan chưa được cấu hình kết nối trục liên thông',
    en: 'The agency has no axis credentials configured',
  },
  'office.axis_unavailable': {
    status: 502,
    vi: 'Không kết nối được trục liên thông',
    en: 'The axis could not be reached',
  },
  'office.no_recipients': { status: 400, vi: 'Chưa chọn nơi nhận', en: 'No recipient chosen' },
  'office.attachment_required': {
    status: 400,
    vi: 'Văn bản cần ít nhất một tệp đính kèm',
    en: 'The document needs at least one attachment',
  },
  'office.attachment_too_large': { status: 413, vi: 'Tệp quá lớn', en: 'File too large' },
  'office.not_current_reviewer': {
    status: 403,
    vi: 'Chưa đến lượt bạn cho ý kiến, hoặc bạn không thuộc luồng duyệt của dự thảo này',
    en: 'It is not your turn to review this draft, or you are not in its review chain',
  },
  'office.invalid_review_chain': {
    status: 400,
    vi: 'Luồng duyệt không hợp lệ: người duyệt phải là người dùng của cơ quan, không trùng, người cuối cùng là lãnh đạo',
    en: 'Invalid review chain: reviewers must be users of the agency, distinct, and the last one a leader',
  },
  'office.not_sent': {
    status: 409,
    vi: 'Văn bản chưa được gửi qua trục liên thông',
    en: 'The document has not been sent through the axis',
  },
});

export type OfficeErrorCode = keyof typeof officeErrors.catalogue;
