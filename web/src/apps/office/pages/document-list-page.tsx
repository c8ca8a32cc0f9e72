// A list of documents for one view (inbox, queue, register, …): urgent first, empty states that say what to do.
import { Button, Card, Empty, Input, InputNumber, Space, Table, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState } from 'react';
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
  // Keyset pagination: page n (from 1) is fetched with the cursor that page n-1 returned; a page not
  // reached by "next" yet falls back to an offset (bounded by the server). The total comes with page 1.
  const listKey = `${view}|${register ?? ''}|${search ? submitted : ''}|${register ? year : ''}`;
  const [pageAt, setPageAt] = useState({ key: listKey, no: 1 });
  const pageNo = pageAt.key === listKey ? pageAt.no : 1;
  const cursors = useRef<{ key: string; byPage: Record<number, string> }>({ key: listKey, byPage: {} });
  const [total, setTotal] = useState({ n: 0, capped: false });
  const pageSize = 20;

  const load = useCallback(async () => {
    if (search && submitted.trim().length < 2) {
      setPage(null);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      if (cursors.current.key !== listKey) cursors.current = { key: listKey, byPage: {} };
      const known = cursors.current.byPage;
      const params = new URLSearchParams({ view, limit: String(pageSize) });
      const cursor = pageNo > 1 ? known[pageNo] : undefined;
      if (cursor) params.set('cursor', cursor);
      else params.set('offset', String((pageNo - 1) * pageSize));
      if (register) params.set('year', String(year));
      if (search) params.set('q', submitted.trim());
      const result = await api<Page>('GET', `/api/v1/office/documents?${params.toString()}`);
      setPage(result);
      if (result.total !== null) setTotal({ n: result.total, capped: result.totalCapped });
      if (result.nextCursor) known[pageNo + 1] = result.nextCursor;
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setLoading(false);
    }
  }, [view, register, search, submitted, year, pageNo, listKey, lang]);

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
          onSearch={(v) => setSubmitted(v)}
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
          current: pageNo,
          pageSize,
          total: total.n,
          showSizeChanger: false,
          showTotal: (n) => (total.capped ? `${t('o.total', { n })}+` : t('o.total', { n })),
          onChange: (p) => setPageAt({ key: listKey, no: p }),
        }}
        rowClassName={(d) => (d.priority > 0 ? 'row-urgent' : '')}
      />
    </Card>
  );
}
