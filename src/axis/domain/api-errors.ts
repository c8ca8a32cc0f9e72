import { defineErrors } from '../../platform/errors.ts';

/**
 * Errors of the axis REST API layer (authentication scheme, webhooks, statistics). The core exchange
 * errors are in errors.ts; both catalogues use the `axis.` prefix and are disjoint.
 */
export const axisApiErrors = defineErrors({
  'axis.rest_auth_missing': {
    status: 401,
    vi: 'Thiếu tiêu đề Authorization LT-HMAC-SHA256 hoặc X-Content-SHA256',
    en: 'Missing LT-HMAC-SHA256 Authorization or X-Content-SHA256 header',
  },
  'axis.rest_signature_invalid': {
    status: 401,
    vi: 'Chữ ký yêu cầu không đúng',
    en: 'The request signature is invalid',
  },
  'axis.rest_agency_forbidden': {
    status: 403,
    vi: 'Hệ thống không phục vụ cơ quan này',
    en: 'The system does not serve this agency',
  },
  'axis.body_hash_mismatch': {
    status: 422,
    vi: 'Nội dung gửi lên không khớp X-Content-SHA256',
    en: 'The body does not match X-Content-SHA256',
  },
  'axis.cursor_invalid': { status: 400, vi: 'Con trỏ phân trang không hợp lệ', en: 'Invalid paging cursor' },
  'axis.webhook_url_invalid': {
    status: 400,
    vi: 'Địa chỉ webhook phải là URL http(s) hợp lệ, không chứa thông tin đăng nhập',
    en: 'The webhook URL must be a valid http(s) URL without credentials',
  },
  'axis.webhook_limit': {
    status: 409,
    vi: 'Hệ thống đã đăng ký tối đa số webhook cho phép',
    en: 'The system already has the maximum number of webhooks',
  },
  'axis.webhook_not_found': { status: 404, vi: 'Không tìm thấy webhook', en: 'Webhook not found' },
  'axis.stats_range_invalid': {
    status: 400,
    vi: 'Khoảng thời gian thống kê không hợp lệ (tối đa 366 ngày)',
    en: 'Invalid statistics range (at most 366 days)',
  },
});
