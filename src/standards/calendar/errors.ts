import { defineErrors } from '../../platform/errors.ts';

export const calendarErrors = defineErrors({
  'calendar.invalid_date': {
    status: 400,
    vi: 'Ngày không hợp lệ (cần dạng YYYY-MM-DD là một ngày có thật, hoặc một thời điểm hợp lệ)',
    en: 'Invalid date (expected a real calendar date YYYY-MM-DD or a valid instant)',
  },
  'calendar.out_of_range': {
    status: 400,
    vi: 'Ngày nằm ngoài khoảng lịch hỗ trợ (1900–2199)',
    en: 'Date outside the supported calendar range (1900–2199)',
  },
});
