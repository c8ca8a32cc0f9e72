// Building blocks of the dashboard pages: KPI cards and the charts (ECharts).
import { Card, Col, Row, Statistic } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../shared/i18n.tsx';
import { EChart, type ChartOption } from './echart.tsx';
import type { AgencyItem, LevelItem, SeriesItem, Summary, TargetItem } from './monitor-api.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fmt = (n: number) => n.toLocaleString('vi-VN');

export function formatMinutes(
  m: number | null,
  t: (k: string, v?: Record<string, string | number>) => string,
): string {
  if (m === null) return '—';
  if (m < 120) return t('monitor.minutes', { n: Math.round(m) });
  if (m < 2880) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 1440).toFixed(1)} d`;
}

function Kpi({
  id,
  title,
  value,
  display,
}: {
  id: string;
  title: string;
  value: number | null;
  display: string;
}) {
  return (
    <Card size="small">
      <div data-testid={`kpi-${id}`} data-value={value === null ? '' : String(value)}>
        <Statistic title={title} value={display} />
      </div>
    </Card>
  );
}

export function KpiCards({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const items: [string, string, number | null, string][] = [
    ['documentsSent', t('monitor.kpi.sent'), summary.documentsSent, fmt(summary.documentsSent)],
    [
      'documentsReceived',
      t('monitor.kpi.received'),
      summary.documentsReceived,
      fmt(summary.documentsReceived),
    ],
    [
      'agenciesConnected',
      t('monitor.kpi.agencies'),
      summary.agenciesConnected,
      `${fmt(summary.agenciesConnected)}/${fmt(summary.agencies)}`,
    ],
    ['signedShare', t('monitor.kpi.signed'), summary.signedShare, pct(summary.signedShare)],
    ['paperlessShare', t('monitor.kpi.paperless'), summary.paperlessShare, pct(summary.paperlessShare)],
    [
      'sameDayAcknowledgedShare',
      t('monitor.kpi.sameDay'),
      summary.sameDayAcknowledgedShare,
      pct(summary.sameDayAcknowledgedShare),
    ],
    ['overdueOpen', t('monitor.kpi.overdue'), summary.overdueOpen, fmt(summary.overdueOpen)],
    ['returned', t('monitor.kpi.returned'), summary.returned, fmt(summary.returned)],
    [
      'medianAckMinutes',
      t('monitor.kpi.medianAck'),
      summary.medianAckMinutes,
      formatMinutes(summary.medianAckMinutes, t),
    ],
    [
      'medianCompleteMinutes',
      t('monitor.kpi.medianComplete'),
      summary.medianCompleteMinutes,
      formatMinutes(summary.medianCompleteMinutes, t),
    ],
  ];
  return (
    <Row gutter={[12, 12]}>
      {items.map(([id, title, value, display]) => (
        <Col key={id} xs={12} md={8} lg={6} xl={4}>
          <Kpi id={id} title={title} value={value} display={display} />
        </Col>
      ))}
    </Row>
  );
}

export function SeriesChart({ items }: { items: SeriesItem[] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [t('monitor.sent'), t('monitor.received')] },
      grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: items.map((i) => i.period) },
      yAxis: { type: 'value' },
      series: [
        { name: t('monitor.sent'), type: 'line', smooth: true, data: items.map((i) => i.documentsSent) },
        {
          name: t('monitor.received'),
          type: 'line',
          smooth: true,
          data: items.map((i) => i.documentsReceived),
        },
      ],
    }),
    [items, t],
  );
  return <EChart testId="chart-series" option={option} />;
}

export function LevelsChart({ items, onPick }: { items: LevelItem[]; onPick: (level: number) => void }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [t('monitor.sent'), t('monitor.received')] },
      grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: items.map((i) => t(`monitor.level.${i.level}`)) },
      yAxis: { type: 'value' },
      series: [
        { name: t('monitor.sent'), type: 'bar', data: items.map((i) => i.documentsSent) },
        { name: t('monitor.received'), type: 'bar', data: items.map((i) => i.documentsReceived) },
      ],
    }),
    [items, t],
  );
  return (
    <EChart testId="chart-levels" option={option} onClick={(p) => onPick(items[p.dataIndex]?.level ?? 0)} />
  );
}

export function FunnelChart({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const f = summary.funnel;
    // Reached at least this step: documents now at the step or further along (02 is a return, apart).
    const reached = (codes: (keyof typeof f)[]) => codes.reduce((a, c) => a + f[c], 0);
    const data = [
      { name: '01 Đã đến', value: reached(['01', '03', '04', '05', '06']) },
      { name: '03 Đã tiếp nhận', value: reached(['03', '04', '05', '06']) },
      { name: '04 Phân công', value: reached(['04', '05', '06']) },
      { name: '05 Đang xử lý', value: reached(['05', '06']) },
      { name: '06 Hoàn thành', value: f['06'] },
    ];
    return {
      tooltip: { trigger: 'item' },
      series: [
        { type: 'funnel', left: '5%', width: '60%', sort: 'descending', label: { position: 'inside' }, data },
        {
          type: 'pie',
          radius: ['0%', '30%'],
          center: ['85%', '50%'],
          label: { formatter: '{b}\n{c}' },
          data: [
            { name: '02 Trả lại', value: f['02'] },
            { name: t('monitor.status.none'), value: f.none },
          ],
        },
      ],
    };
  }, [summary, t]);
  return <EChart testId="chart-funnel" option={option} />;
}

export function SharesChart({ summary }: { summary: Summary }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const gauge = (name: string, value: number, center: string) => ({
      type: 'gauge',
      center: [center, '60%'],
      radius: '70%',
      min: 0,
      max: 100,
      progress: { show: true },
      detail: { formatter: '{value}%', fontSize: 16, offsetCenter: [0, '40%'] },
      title: { offsetCenter: [0, '85%'], fontSize: 12 },
      data: [{ name, value: Math.round(value * 1000) / 10 }],
    });
    return {
      series: [
        gauge(t('monitor.kpi.signed'), summary.signedShare, '17%'),
        gauge(t('monitor.kpi.paperless'), summary.paperlessShare, '50%'),
        gauge(t('monitor.kpi.sameDay'), summary.sameDayAcknowledgedShare, '83%'),
      ],
    };
  }, [summary, t]);
  return <EChart testId="chart-shares" option={option} height={240} />;
}

export function TargetsChart({ items }: { items: TargetItem[] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [t('monitor.actual'), t('monitor.target')] },
      grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: items.map((i) => t(`monitor.group.${i.group}`)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('monitor.actual'),
          type: 'bar',
          data: items.map((i) => ({
            value: Math.round(i.actual * 1000) / 10,
            itemStyle: { color: i.met ? '#2e7d32' : '#c62828' },
          })),
        },
        {
          name: t('monitor.target'),
          type: 'line',
          symbol: 'diamond',
          symbolSize: 14,
          lineStyle: { type: 'dashed' },
          data: items.map((i) => i.target * 100),
        },
      ],
    }),
    [items, t],
  );
  return <EChart testId="chart-targets" option={option} height={260} />;
}

export function RankingChart({ items, onPick }: { items: AgencyItem[]; onPick: (code: string) => void }) {
  const { t } = useI18n();
  const top = useMemo(() => items.slice(0, 10).reverse(), [items]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 230, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', max: 100 },
      yAxis: {
        type: 'category',
        data: top.map((i) => `${i.rank}. ${i.name}`),
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: [
        { name: t('monitor.col.score'), type: 'bar', data: top.map((i) => Math.round(i.score * 1000) / 10) },
      ],
    }),
    [top, t],
  );
  return (
    <EChart
      testId="chart-ranking"
      option={option}
      height={320}
      onClick={(p) => onPick(top[p.dataIndex]?.code ?? '')}
    />
  );
}

export { pct, fmt };
