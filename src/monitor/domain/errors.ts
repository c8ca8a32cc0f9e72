import { defineErrors } from '../../platform/errors.ts';

export const monitorErrors = defineErrors({
  'monitor.unauthorized': {
    status: 401,
    vi: 'Cần mã truy cập của Tổ công tác (Authorization: Bearer …)',
    en: 'The working group operator token is required (Authorization: Bearer …)',
  },
  'monitor.period_invalid': {
    status: 400,
    vi: 'Khoảng thời gian không hợp lệ (YYYY-MM-DD, từ ngày ≤ đến ngày, tối đa 10 năm)',
    en: 'Invalid period (YYYY-MM-DD, from ≤ to, at most 10 years)',
  },
  'monitor.agency_unknown': { status: 404, vi: 'Không tìm thấy cơ quan', en: 'Agency not found' },
});
