// Drafts waiting for the signed-in user's opinion in a review chain (and, for a leader, drafts
// submitted without a chain): the reviewer's and leader's queue.
import { Card, Empty, Table } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { Link } from '../../../shared/router.tsx';
import { formatDate, PriorityTag, StateTag } from '../doc-tags.tsx';
import type { Doc } from '../doc-types.ts';

export default function ReviewsPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<Doc[] | null>(null);
  useEffect(() => {
    const load = () =>
      void api<{ items: Doc[] }>('GET', '/api/v1/office/reviews').then((page) => setItems(page.items));
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card title={t('o.menu.reviews')}>
      <Table<Doc>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        data-testid="review-queue"
        locale={{ emptyText: <Empty description={t('o.empty.reviews')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('o.col.priority'),
            key: 'p',
            width: 110,
            render: (_: unknown, r) => <PriorityTag priority={r.priority} />,
          },
          {
            title: t('o.col.subject'),
            key: 's',
            render: (_: unknown, r) => (
              <Link to={`/van-ban/${r.id}`} data-testid="doc-link">
                {r.subject}
              </Link>
            ),
          },
          {
            title: t('o.col.date'),
            key: 'd',
            width: 140,
            render: (_: unknown, r) => formatDate((r as { createdAt?: string }).createdAt ?? null),
          },
          {
            title: t('o.col.state'),
            key: 'st',
            width: 150,
            render: (_: unknown, r) => <StateTag state={r.state} />,
          },
        ]}
      />
    </Card>
  );
}
