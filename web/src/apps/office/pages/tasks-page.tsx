// The officer's (and leader's) assigned documents with deadlines; overdue ones are flagged.
import { Card, Empty, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { Link } from '../../../shared/router.tsx';
import { formatDate, numberOf, PriorityTag, StateTag } from '../doc-tags.tsx';
import type { Doc } from '../doc-types.ts';

interface Task {
  assignment: { id: number; role: 'lead' | 'support'; deadline: string | null; state: string };
  document: Doc;
  overdue: boolean;
}

export default function TasksPage() {
  const { t } = useI18n();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  useEffect(() => {
    const load = () => void api<Task[]>('GET', '/api/v1/office/tasks').then(setTasks);
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card title={t('o.menu.tasks')}>
      <Table<Task>
        rowKey={(r) => r.assignment.id}
        size="small"
        loading={tasks === null}
        dataSource={tasks ?? []}
        locale={{ emptyText: <Empty description={t('o.empty.tasks')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('o.col.priority'),
            key: 'p',
            width: 110,
            render: (_: unknown, r) => <PriorityTag priority={r.document.priority} />,
          },
          { title: t('o.col.number'), key: 'n', width: 150, render: (_: unknown, r) => numberOf(r.document) },
          {
            title: t('o.col.subject'),
            key: 's',
            render: (_: unknown, r) => (
              <Link to={`/van-ban/${r.document.id}`} data-testid="doc-link">
                {r.document.subject}
              </Link>
            ),
          },
          {
            title: t('o.col.role'),
            key: 'r',
            width: 100,
            render: (_: unknown, r) => (r.assignment.role === 'lead' ? 'Chủ trì' : 'Phối hợp'),
          },
          {
            title: t('o.col.deadline'),
            key: 'd',
            width: 150,
            render: (_: unknown, r) => (
              <>
                {formatDate(r.assignment.deadline)} {r.overdue && <Tag color="red">{t('o.overdue')}</Tag>}
              </>
            ),
          },
          {
            title: t('o.col.state'),
            key: 'st',
            width: 150,
            render: (_: unknown, r) => <StateTag state={r.document.state} />,
          },
        ]}
      />
    </Card>
  );
}
