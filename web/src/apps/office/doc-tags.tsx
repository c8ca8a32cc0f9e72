// Small visual pieces: urgency, state and status-code tags, formatted numbers and dates.
import { Tag } from 'antd';
import { FireOutlined } from '@ant-design/icons';
import { useI18n } from '../../shared/i18n.tsx';
import type { Doc } from './doc-types.ts';

const STATE_COLORS: Record<string, string> = {
  pending: 'gold',
  returned: 'red',
  registered: 'blue',
  assigned: 'geekblue',
  processing: 'purple',
  done: 'green',
  cancelled: 'default',
  draft: 'default',
  submitted: 'gold',
  approved: 'cyan',
  issued: 'green',
  revoked: 'red',
  replaced: 'default',
};

export function PriorityTag({ priority }: { priority: number }) {
  const { t } = useI18n();
  if (priority <= 0) return <Tag>{t('o.priority.0')}</Tag>;
  return (
    <Tag
      color={priority >= 3 ? 'red' : priority === 2 ? 'volcano' : 'orange'}
      icon={<FireOutlined />}
      data-testid="urgent-tag"
    >
      {t(`o.priority.${priority}`)}
    </Tag>
  );
}

export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{t(`o.state.${state}`)}</Tag>;
}

const STATUS_NAMES: Record<string, [string, string]> = {
  '01': ['Đã đến', 'Arrived'],
  '02': ['Từ chối tiếp nhận', 'Rejected'],
  '03': ['Đã tiếp nhận', 'Accepted'],
  '04': ['Phân công', 'Assigned'],
  '05': ['Đang xử lý', 'Processing'],
  '06': ['Hoàn thành', 'Completed'],
  '13': ['Lấy lại', 'Take back'],
  '15': ['Đồng ý yêu cầu (lấy lại, cập nhật, thay thế)', 'Request agreed (take back, update, replace)'],
  '16': ['Từ chối yêu cầu', 'Request refused'],
  update: ['Cập nhật', 'Update'],
  replace: ['Thay thế', 'Replacement'],
};

export function StatusCodeTag({ code }: { code: string | null }) {
  const { lang, t } = useI18n();
  if (!code) return <Tag>{t('o.doc.noStatus')}</Tag>;
  const names = STATUS_NAMES[code];
  const color = code === '02' || code === '16' ? 'red' : code === '06' || code === '15' ? 'green' : 'blue';
  return (
    <Tag color={color} data-status={code}>
      {code} · {names ? (lang === 'vi' ? names[0] : names[1]) : code}
    </Tag>
  );
}

export function numberOf(doc: Pick<Doc, 'codeNumber' | 'codeNotation'>): string {
  if (!doc.codeNumber) return '—';
  return doc.codeNotation ? `${doc.codeNumber}/${doc.codeNotation}` : doc.codeNumber;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  return new Date(value).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
}
