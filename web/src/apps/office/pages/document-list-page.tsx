// A list of documents for one view (inbox, queue, register, …): urgent first, empty states that say what to do.
import { Button, Card, Empty, Input, InputNumber, Space, Table, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { Link } from '../../../shared/router.tsx';
import { formatDate, numberOf, PriorityTag, StateTag } from '../doc-tags.tsx';
import type { Doc, Page } from '../doc-types.ts';

export interface ListPageProps {
  readonly view: string;
  readonly title: string;
  readonly empty: string;
  readonly register?: 'incoming' | 'outgoing';
  readonly search?: boolean;
  readonly initialQuery?: string;
}

export default function DocumentListPage({
  view,
  title,
  empty,
  register,
  search,
  initialQuery,
}: ListPageProps) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [year, setYear] = useState(new Date().getFullYear());
  const [query, setQuery] = useState(initialQuery ?? '');
  const [submitted, setSubmitted] = useState(initialQuery ?? '');
  const [offset, setOffset] = useState(0);
  const pageSize = 20;

  const load = useCallback(async () => {
    if (search && submitted.trim().length < 2) {
      setPage(null);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const params = new URLSearchParams({ view, limit: String(pageSize), offset: String(offset) });
      if (register) params.set('year', String(year));
      if (search) params.set('q', submitted.trim());
      setPage(await api<Page>('GET', `/api/v1/office/documents?${params.toString()}`));
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setLoading(false);
    }
  }, [view, register, search, submitted, year, offset, lang]);

  useEffect(() => {
    void load();
    if (search) return;
    // Inbox-like views refresh on their own: documents arrive from the axis in the background.
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load, search]);

  const columns = [
    {
      title: t('o.col.priority'),
      dataIndex: 'priority',
      width: 110,
      render: (p: number) => <PriorityTag priority={p} />,
    },
    ...(register === 'incoming' || view.startsWith('incoming') || view === 'assignment-queue'
      ? [{ title: t('o.col.incomingNumber'), dataIndex: 'incomingNumber', width: 70 }]
      : []),
    { title: t('o.col.number'), key: 'number', width: 130, render: (_: unknown, d: Doc) => numberOf(d) },
    {
      title: t('o.col.subject'),
      dataIndex: 'subject',
      render: (s: string, d: Doc) => (
        <Link to={`/van-ban/${d.id}`} data-testid="doc-link">
          {s}
        </Link>
      ),
    },
    {
      title: view.startsWith('outgoing') ? t('o.col.to') : t('o.col.from'),
      key: 'party',
      width: 170,
      ellipsis: true,
      render: (_: unknown, d: Doc) =>
        d.direction === 'outgoing' ? d.recipientsText : (d.fromName ?? d.fromCode),
    },
    {
      title: t('o.col.date'),
      key: 'date',
      width: 110,
      render: (_: unknown, d: Doc) => formatDate(d.promulgationDate ?? d.createdAt),
    },
    {
      title: t('o.col.deadline'),
      dataIndex: 'deadline',
      width: 100,
      render: (v: string | null) => formatDate(v),
    },
    {
      title: t('o.col.state'),
      dataIndex: 'state',
      width: 150,
      render: (s: string) => <StateTag state={s} />,
    },
  ];

  return (
    <Card
      title={title}
      extra={
        <Space>
          {register && (
            <>
              <span>{t('o.year')}</span>
              <InputNumber
                min={2000}
                max={2100}
                value={year}
                onChange={(v) => v && setYear(v)}
                style={{ width: 90 }}
              />
              <Button
                icon={<FilePdfOutlined />}
                href={`/api/v1/office/registers/${register}?year=${year}&format=pdf`}
                target="_blank"
              >
                {t('o.action.printPdf')}
              </Button>
              <Button
                icon={<FileExcelOutlined />}
                href={`/api/v1/office/registers/${register}?year=${year}&format=xlsx`}
              >
                {t('o.action.exportXlsx')}
              </Button>
            </>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.retry')} />
        </Space>
      }
    >
      {search && (
        <Input.Search
          placeholder={t('o.search.placeholder')}
          enterButton={t('o.search.button')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={(v) => {
            setOffset(0);
            setSubmitted(v);
          }}
          style={{ marginBottom: 16 }}
          data-testid="search-input"
          allowClear
        />
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {!register && !search && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('o.urgentFirst')}
        </Typography.Paragraph>
      )}
      <Table<Doc>
        rowKey="id"
        size="small"
        loading={loading && !page}
        dataSource={page?.items ?? []}
        columns={columns}
        locale={{
          emptyText: (
            <Empty
              description={search && submitted ? t('o.empty.noResult') : search ? t('o.empty.search') : empty}
            />
          ),
        }}
        pagination={{
          current: Math.floor(offset / pageSize) + 1,
          pageSize,
          total: page?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('o.total', { n }),
          onChange: (p) => setOffset((p - 1) * pageSize),
        }}
        rowClassName={(d) => (d.priority > 0 ? 'row-urgent' : '')}
      />
    </Card>
  );
}
