// Deadline follow-up per person and unit (Art. 24): overdue and due within two working days.
import { Card, Empty, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';

interface Summary {
  today: string;
  dueSoonUntil: string;
  rows: { name: string; kind: 'person' | 'unit'; overdue: number; dueSoon: number; open: number }[];
}

export default function DeadlinesCard() {
  const { t } = useI18n();
  const [summary, setSummary] = useState<Summary | null>(null);
  useEffect(() => {
    void api<Summary>('GET', '/api/v1/office/deadlines').then(setSummary);
  }, []);
  return (
    <Card title={t('o.deadlines.title')} style={{ marginBottom: 16 }} size="small">
      <Table
        size="small"
        rowKey={(r) => `${r.kind}-${r.name}`}
        loading={summary === null}
        dataSource={summary?.rows ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('o.deadlines.empty')} /> }}
        columns={[
          { title: t('o.deadlines.who'), dataIndex: 'name' },
          { title: t('o.deadlines.open'), dataIndex: 'open', width: 110 },
          {
            title: t('o.deadlines.dueSoon'),
            dataIndex: 'dueSoon',
            width: 130,
            render: (n: number) => (n > 0 ? <Tag color="gold">{n}</Tag> : 0),
          },
          {
            title: t('o.overdue'),
            dataIndex: 'overdue',
            width: 110,
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
          },
        ]}
      />
    </Card>
  );
}
