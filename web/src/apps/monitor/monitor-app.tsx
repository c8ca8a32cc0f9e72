// "Giám sát": the national monitoring dashboard of the Government Office working group, mounted at
// /giam-sat/. National → level → agency → document list; periods in the URL (?from=&to=).
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Segmented,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, LogoutOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { AppShell } from '../../shared/app-shell.tsx';
import { errorText } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { Link, matchPath, navigate, useLocation } from '../../shared/router.tsx';
import './messages.ts';
import {
  FunnelChart,
  KpiCards,
  LevelsChart,
  RankingChart,
  SeriesChart,
  SharesChart,
  TargetsChart,
  fmt,
  pct,
} from './dashboard-parts.tsx';
import {
  download,
  query,
  storeToken,
  storedToken,
  type AgencyItem,
  type Comparison,
  type DocumentItem,
  type LevelItem,
  type SeriesItem,
  type Summary,
  type TargetItem,
} from './monitor-api.ts';
import { useMonitor } from './use-monitor.ts';
import { getJson } from './monitor-api.ts';

const BASE = '/giam-sat';

interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
}

function usePeriod(): [PeriodQuery, (p: PeriodQuery) => void] {
  const { path, query: q } = useLocation();
  const period = { from: q.get('from') ?? undefined, to: q.get('to') ?? undefined };
  return [period, (p) => navigate(path + query({ from: p.from, to: p.to }), { replace: true })];
}

function PeriodBar({
  period,
  onChange,
  extra,
}: {
  period: PeriodQuery;
  onChange: (p: PeriodQuery) => void;
  extra?: React.ReactNode;
}) {
  const { t } = useI18n();
  const value: [Dayjs, Dayjs] | null =
    period.from && period.to ? [dayjs(period.from), dayjs(period.to)] : null;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Typography.Text>{t('monitor.period')}:</Typography.Text>
      <DatePicker.RangePicker
        data-testid="period-picker"
        value={value}
        format="DD/MM/YYYY"
        onChange={(range) =>
          onChange(
            range && range[0] && range[1]
              ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
              : {},
          )
        }
      />
      <Button onClick={() => onChange({})}>{t('monitor.allTime')}</Button>
      {extra}
    </Space>
  );
}

function ExportButtons({
  token,
  params,
}: {
  token: string;
  params: Record<string, string | number | undefined>;
}) {
  const { t } = useI18n();
  return (
    <Space>
      <Button
        icon={<DownloadOutlined />}
        data-testid="export-csv"
        onClick={() => void download(`/export.csv${query(params)}`, token)}
      >
        {t('monitor.export.csv')}
      </Button>
      <Button
        icon={<DownloadOutlined />}
        data-testid="export-xlsx"
        onClick={() => void download(`/export.xlsx${query(params)}`, token)}
      >
        {t('monitor.export.xlsx')}
      </Button>
      <a href="/api/v1/monitor/open-data" target="_blank" rel="noreferrer">
        {t('monitor.openData')}
      </a>
    </Space>
  );
}

function AgencyTable({ items, testId }: { items: AgencyItem[]; testId: string }) {
  const { t } = useI18n();
  const [period] = usePeriod();
  return (
    <Table<AgencyItem>
      data-testid={testId}
      size="small"
      rowKey="code"
      dataSource={items}
      pagination={{ pageSize: 15, showSizeChanger: false }}
      onRow={(row) => ({
        onClick: () => navigate(`${BASE}/co-quan/${encodeURIComponent(row.code)}${query({ ...period })}`),
        style: { cursor: 'pointer' },
      })}
      columns={[
        { title: t('monitor.col.rank'), dataIndex: 'rank', width: 60 },
        {
          title: t('monitor.col.name'),
          dataIndex: 'name',
          render: (name: string, row) => (
            <Link
              to={`${BASE}/co-quan/${encodeURIComponent(row.code)}${query({ ...period })}`}
              data-testid={`agency-link-${row.code}`}
            >
              {name}
            </Link>
          ),
        },
        { title: t('monitor.col.code'), dataIndex: 'code', width: 130 },
        {
          title: t('monitor.kpi.sent'),
          dataIndex: 'documentsSent',
          align: 'right',
          render: fmt,
          sorter: (a, b) => a.documentsSent - b.documentsSent,
        },
        {
          title: t('monitor.kpi.received'),
          dataIndex: 'documentsReceived',
          align: 'right',
          render: fmt,
          sorter: (a, b) => a.documentsReceived - b.documentsReceived,
        },
        {
          title: t('monitor.kpi.signed'),
          dataIndex: 'signedShare',
          align: 'right',
          render: pct,
          sorter: (a, b) => a.signedShare - b.signedShare,
        },
        {
          title: t('monitor.kpi.sameDay'),
          dataIndex: 'sameDayAcknowledgedShare',
          align: 'right',
          render: pct,
        },
        {
          title: t('monitor.col.lastSeen'),
          dataIndex: 'lastSeenAt',
          render: (v: string | null) => (v ? dayjs(v).format('DD/MM/YYYY HH:mm') : '—'),
        },
        {
          title: t('monitor.col.score'),
          dataIndex: 'score',
          align: 'right',
          render: (v: number) => (v * 100).toFixed(1),
        },
      ]}
    />
  );
}

function ComparePanel({ token, scope }: { token: string; scope: { level?: number; agency?: string } }) {
  const { t } = useI18n();
  const [a, setA] = useState<[Dayjs, Dayjs]>([
    dayjs().subtract(2, 'month').startOf('month'),
    dayjs().subtract(2, 'month').endOf('month'),
  ]);
  const [b, setB] = useState<[Dayjs, Dayjs]>([
    dayjs().subtract(1, 'month').startOf('month'),
    dayjs().subtract(1, 'month').endOf('month'),
  ]);
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { lang } = useI18n();
  const run = async () => {
    try {
      const f = (d: Dayjs) => d.format('YYYY-MM-DD');
      setResult(
        await getJson<Comparison>(
          `/compare${query({ aFrom: f(a[0]), aTo: f(a[1]), bFrom: f(b[0]), bTo: f(b[1]), ...scope })}`,
          token,
        ),
      );
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const metrics: [string, string, boolean][] = [
    ['documentsSent', t('monitor.kpi.sent'), false],
    ['documentsReceived', t('monitor.kpi.received'), false],
    ['signedShare', t('monitor.kpi.signed'), true],
    ['paperlessShare', t('monitor.kpi.paperless'), true],
    ['sameDayAcknowledgedShare', t('monitor.kpi.sameDay'), true],
    ['completed', '06', false],
    ['returned', t('monitor.kpi.returned'), false],
  ];
  return (
    <Card title={t('monitor.compare')} size="small">
      <Space wrap>
        {t('monitor.compare.a')}
        <DatePicker.RangePicker
          value={a}
          format="DD/MM/YYYY"
          onChange={(r) => r && r[0] && r[1] && setA([r[0], r[1]])}
        />
        {t('monitor.compare.b')}
        <DatePicker.RangePicker
          value={b}
          format="DD/MM/YYYY"
          onChange={(r) => r && r[0] && r[1] && setB([r[0], r[1]])}
        />
        <Button type="primary" data-testid="compare-run" onClick={() => void run()}>
          {t('monitor.compare.run')}
        </Button>
      </Space>
      {error ? <Alert type="error" message={errorText(error, lang)} /> : null}
      {result && (
        <Table
          data-testid="compare-table"
          style={{ marginTop: 12 }}
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={metrics.map(([key, label, share]) => {
            const va = (result.a as unknown as Record<string, number>)[key] ?? 0;
            const vb = (result.b as unknown as Record<string, number>)[key] ?? 0;
            const show = (v: number) => (share ? pct(v) : fmt(v));
            return {
              key,
              label,
              a: show(va),
              b: show(vb),
              change: share ? `${((vb - va) * 100).toFixed(1)} điểm %` : fmt(vb - va),
            };
          })}
          columns={[
            { title: t('monitor.compare.metric'), dataIndex: 'label' },
            { title: t('monitor.compare.a'), dataIndex: 'a', align: 'right' },
            { title: t('monitor.compare.b'), dataIndex: 'b', align: 'right' },
            { title: t('monitor.compare.change'), dataIndex: 'change', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}

function Loading({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (error)
    return <Alert type="error" showIcon message={errorText(error, lang)} data-testid="monitor-error" />;
  return <Spin style={{ display: 'block', margin: 48 }} />;
}

function NationalPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [period, setPeriod] = usePeriod();
  const [granularity, setGranularity] = useState<'day' | 'month'>('month');
  const q = query({ ...period });
  const summary = useMonitor<Summary>(`/summary${q}`, token);
  const series = useMonitor<{ items: SeriesItem[] }>(`/series${query({ ...period, granularity })}`, token);
  const levels = useMonitor<{ items: LevelItem[] }>(`/levels${q}`, token);
  const agencies = useMonitor<{ items: AgencyItem[] }>(`/agencies${q}`, token);
  const targets = useMonitor<{ items: TargetItem[] }>(`/targets${q}`, token);
  if (!summary.data) return <Loading error={summary.error} />;
  const s = summary.data;
  return (
    <div data-testid="page-national">
      <PeriodBar
        period={period}
        onChange={setPeriod}
        extra={<ExportButtons token={token} params={{ ...period }} />}
      />
      <KpiCards summary={s} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="projection-status">
        {t('monitor.live', { seq: s.projection.seq, head: s.projection.evidenceHead })}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('monitor.chart.series')}
            extra={
              <Segmented
                size="small"
                value={granularity}
                onChange={(v) => setGranularity(v as 'day' | 'month')}
                options={[
                  { label: t('monitor.byMonth'), value: 'month' },
                  { label: t('monitor.byDay'), value: 'day' },
                ]}
              />
            }
          >
            <SeriesChart items={series.data?.items ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('monitor.chart.levels')}>
            <LevelsChart
              items={levels.data?.items ?? []}
              onPick={(level) => navigate(`${BASE}/cap/${level}${q}`)}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.funnel')}>
            <FunnelChart summary={s} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.shares')}>
            <SharesChart summary={s} />
          </Card>
          <Card size="small" title={t('monitor.chart.targets')} style={{ marginTop: 12 }}>
            <TargetsChart items={targets.data?.items ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.ranking')}>
            <RankingChart
              items={agencies.data?.items ?? []}
              onPick={(code) => code && navigate(`${BASE}/co-quan/${encodeURIComponent(code)}${q}`)}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.agencies')}>
            <Space wrap data-testid="level-links">
              {(levels.data?.items ?? []).map((l) => (
                <Link key={l.level} to={`${BASE}/cap/${l.level}${q}`} data-testid={`level-link-${l.level}`}>
                  <Tag color="blue">
                    {t(`monitor.level.${l.level}`)}: {fmt(l.agenciesConnected)}/{fmt(l.agencies)}
                  </Tag>
                </Link>
              ))}
            </Space>
          </Card>
          <div style={{ marginTop: 12 }}>
            <ComparePanel token={token} scope={{}} />
          </div>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('monitor.agencies')}>
            <AgencyTable items={agencies.data?.items ?? []} testId="agency-table" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function LevelPage({ token, level }: { token: string; level: number }) {
  const { t } = useI18n();
  const [period, setPeriod] = usePeriod();
  const q = query({ ...period, level });
  const summary = useMonitor<Summary>(`/summary${q}`, token);
  const series = useMonitor<{ items: SeriesItem[] }>(
    `/series${query({ ...period, level, granularity: 'month' })}`,
    token,
  );
  const agencies = useMonitor<{ items: AgencyItem[] }>(`/agencies${q}`, token);
  if (!summary.data) return <Loading error={summary.error} />;
  return (
    <div data-testid="page-level">
      <PeriodBar
        period={period}
        onChange={setPeriod}
        extra={<ExportButtons token={token} params={{ ...period, level }} />}
      />
      <KpiCards summary={summary.data} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.series')}>
            <SeriesChart items={series.data?.items ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.funnel')}>
            <FunnelChart summary={summary.data} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('monitor.agencies')}>
            <AgencyTable items={agencies.data?.items ?? []} testId="level-agency-table" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

const STATUS_COLORS: Record<string, string> = {
  '01': 'default',
  '02': 'red',
  '03': 'blue',
  '04': 'cyan',
  '05': 'gold',
  '06': 'green',
};

function DocumentTable({
  token,
  code,
  role,
  period,
}: {
  token: string;
  code: string;
  role: 'received' | 'sent';
  period: PeriodQuery;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const docs = useMonitor<{ total: number; items: DocumentItem[] }>(
    `/agencies/${encodeURIComponent(code)}/documents${query({ ...period, role, limit: pageSize, offset: (page - 1) * pageSize })}`,
    token,
  );
  const when = (v: string | null) => (v ? dayjs(v).format('DD/MM/YYYY HH:mm') : '—');
  return (
    <Table<DocumentItem>
      data-testid={`documents-${role}`}
      size="small"
      rowKey={(r) => `${r.docId}|${r.toCode}`}
      loading={!docs.data}
      dataSource={docs.data?.items ?? []}
      pagination={{
        current: page,
        pageSize,
        total: docs.data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        showTotal: (n) => `${fmt(n)} ${t('monitor.documents').toLowerCase()}`,
      }}
      columns={[
        {
          title: t('monitor.col.docId'),
          dataIndex: 'docId',
          render: (v: string) => <Typography.Text code>{v.slice(0, 13)}…</Typography.Text>,
        },
        { title: t('monitor.col.from'), dataIndex: 'fromCode' },
        { title: t('monitor.col.to'), dataIndex: 'toCode' },
        { title: t('monitor.col.sentAt'), dataIndex: 'sentAt', render: when },
        {
          title: t('monitor.col.due'),
          dataIndex: 'dueAt',
          render: (v: string | null, r) => (
            <Space size={4}>
              {v ? dayjs(v).format('DD/MM/YYYY') : '—'}
              {r.overdue && <Tag color="red">{t('monitor.overdue')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('monitor.col.status'),
          dataIndex: 'progress',
          render: (v: string | null, r) => (
            <Space size={4}>
              <Tag color={STATUS_COLORS[v ?? ''] ?? 'default'}>{v ?? t('monitor.status.none')}</Tag>
              {r.effect && <Tag>{r.effect}</Tag>}
            </Space>
          ),
        },
        {
          title: t('monitor.col.signed'),
          dataIndex: 'signed',
          render: (v: boolean) => (v ? t('monitor.yes') : t('monitor.no')),
        },
        {
          title: t('monitor.col.paper'),
          dataIndex: 'paper',
          render: (v: boolean) => (v ? t('monitor.yes') : t('monitor.no')),
        },
      ]}
    />
  );
}

function AgencyPage({ token, code }: { token: string; code: string }) {
  const { t } = useI18n();
  const [period, setPeriod] = usePeriod();
  const summary = useMonitor<Summary>(`/summary${query({ ...period, agency: code })}`, token);
  const series = useMonitor<{ items: SeriesItem[] }>(
    `/series${query({ ...period, agency: code, granularity: 'month' })}`,
    token,
  );
  if (!summary.data) return <Loading error={summary.error} />;
  return (
    <div data-testid="page-agency">
      <PeriodBar period={period} onChange={setPeriod} />
      <KpiCards summary={summary.data} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.series')}>
            <SeriesChart items={series.data?.items ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('monitor.chart.funnel')}>
            <FunnelChart summary={summary.data} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('monitor.documents')}>
            <Tabs
              items={[
                {
                  key: 'received',
                  label: t('monitor.documents.received'),
                  children: <DocumentTable token={token} code={code} role="received" period={period} />,
                },
                {
                  key: 'sent',
                  label: t('monitor.documents.sent'),
                  children: <DocumentTable token={token} code={code} role="sent" period={period} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function TokenGate({ onToken }: { onToken: (token: string) => void }) {
  const { t } = useI18n();
  return (
    <Card style={{ maxWidth: 480, margin: '10vh auto' }} title={t('monitor.token.title')}>
      <Typography.Paragraph>{t('monitor.token.help')}</Typography.Paragraph>
      <Form onFinish={(v: { token: string }) => onToken(v.token.trim())}>
        <Form.Item name="token" rules={[{ required: true }]}>
          <Input.Password placeholder={t('monitor.token.placeholder')} data-testid="token-input" autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="token-submit">
          {t('monitor.token.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Crumbs({
  level,
  code,
  agencyName,
}: {
  level?: number | undefined;
  code?: string | undefined;
  agencyName?: string | undefined;
}) {
  const { t } = useI18n();
  const [period] = usePeriod();
  const q = query({ ...period });
  const items = [
    {
      title: (
        <Link to={`${BASE}/${q}`} data-testid="crumb-national">
          {t('monitor.national')}
        </Link>
      ),
    },
  ];
  if (level !== undefined)
    items.push({ title: <Link to={`${BASE}/cap/${level}${q}`}>{t(`monitor.level.${level}`)}</Link> });
  if (code) items.push({ title: <span data-testid="crumb-agency">{agencyName ?? code}</span> });
  return <Breadcrumb items={items} style={{ marginBottom: 12 }} />;
}

function AgencyCrumbs({ token, code }: { token: string; code: string }) {
  const info = useMonitor<{ agency: { code: string; name: string; level: number } }>(
    `/agencies/${encodeURIComponent(code)}/documents?limit=1`,
    token,
    0,
  );
  return <Crumbs level={info.data?.agency.level} code={code} agencyName={info.data?.agency.name} />;
}

export default function MonitorApp() {
  const { t } = useI18n();
  const { path } = useLocation();
  const [token, setToken] = useState<string | null>(storedToken);
  const route = useMemo(() => {
    const level = matchPath(`${BASE}/cap/:level`, path);
    if (level) return { kind: 'level' as const, level: Number(level.level) };
    const agency = matchPath(`${BASE}/co-quan/:code`, path);
    if (agency) return { kind: 'agency' as const, code: agency.code ?? '' };
    return { kind: 'national' as const };
  }, [path]);
  const accept = (value: string) => {
    storeToken(value);
    setToken(value);
  };
  const leave = () => {
    storeToken(null);
    setToken(null);
  };
  return (
    <AppShell title={t('monitor.title')} menu={[]}>
      {!token ? (
        <TokenGate onToken={accept} />
      ) : (
        <>
          <Space style={{ float: 'right' }}>
            <Button size="small" icon={<LogoutOutlined />} onClick={leave}>
              {t('monitor.token.forget')}
            </Button>
          </Space>
          {route.kind === 'national' && (
            <>
              <Crumbs />
              <NationalPage token={token} />
            </>
          )}
          {route.kind === 'level' && (
            <>
              <Crumbs level={route.level} />
              <LevelPage token={token} level={route.level} />
            </>
          )}
          {route.kind === 'agency' && (
            <>
              <AgencyCrumbs token={token} code={route.code} />
              <AgencyPage token={token} code={route.code} />
            </>
          )}
        </>
      )}
    </AppShell>
  );
}
