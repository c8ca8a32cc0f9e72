/**
 * The dashboard figures, computed from the read models: shares, medians, funnel, targets, ranking.
 * Every share is a number between 0 and 1 (0 when the denominator is 0).
 */
import { histogramQuantile } from '../domain/latency-histogram.ts';
import { emptyCounters, type DayCounters } from '../domain/project-events.ts';
import { targetGroupOf, type TargetGroup } from '../domain/agency-level.ts';
import type { AgencyRow, MonitorReadStore, Period, Scope } from './ports.ts';

export interface Targets {
  readonly ministry: number;
  readonly province: number;
  readonly district: number;
}

/** Default online-processing targets (80 % ministries, 60 % provinces, 30 % districts). */
export const DEFAULT_TARGETS: Targets = { ministry: 0.8, province: 0.6, district: 0.3 };

const share = (n: number, d: number): number => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0);

export function sharesOf(c: DayCounters) {
  return {
    documentsSent: c.sent,
    documentsReceived: c.received,
    signedShare: share(c.sentSigned, c.sent),
    signedValidShare: share(c.sentValid, c.sent),
    paperlessShare: share(c.sentPaperless, c.sent),
    // Decree 30/2020 Art. 21: documents received are registered the same working day.
    sameDayAcknowledgedShare: share(c.ackedSameDay, c.received),
    acknowledged: c.acked,
    acknowledgedSameDay: c.ackedSameDay,
    completed: c.completed,
    completedShare: share(c.completed, c.received),
    processedOnline: c.processedOnline,
    // Share of work processed online (the 80/60/30 targets): deliveries received without a paper copy
    // and completed (06) after being taken into processing (03/04/05), all reported through the axis.
    processedOnlineShare: share(c.processedOnline, c.received),
    completedLate: c.completedLate,
    returned: c.returned,
    revoked: c.revoked,
    funnel: {
      none: c.stNone,
      '01': c.st01,
      '02': c.st02,
      '03': c.st03,
      '04': c.st04,
      '05': c.st05,
      '06': c.st06,
    },
  };
}

export async function getSummary(store: MonitorReadStore, scope: Scope, now: Date) {
  const [totals, registry, overdue, ack, complete, checkpoint] = await Promise.all([
    store.totals(scope),
    store.registry(),
    store.overdueOpen(scope, now),
    store.latency(scope, 'ack'),
    store.latency(scope, 'complete'),
    store.checkpoint(),
  ]);
  return {
    period: scope.period,
    level: scope.level ?? null,
    agency: scope.agency ?? null,
    agencies: registry.total,
    agenciesConnected: registry.connected,
    ...sharesOf(totals),
    overdueOpen: overdue,
    medianAckMinutes: histogramQuantile(ack, 0.5),
    medianCompleteMinutes: histogramQuantile(complete, 0.5),
    p90AckMinutes: histogramQuantile(ack, 0.9),
    registryByLevel: registry.byLevel,
    projection: {
      seq: checkpoint.seq,
      evidenceHead: checkpoint.evidenceHead,
      lag: Math.max(0, checkpoint.evidenceHead - checkpoint.seq),
      updatedAt: checkpoint.updatedAt?.toISOString() ?? null,
    },
  };
}

export async function getSeries(store: MonitorReadStore, scope: Scope, granularity: 'day' | 'month') {
  const rows = await store.series(scope, granularity);
  return rows.map((r) => ({ period: r.period, ...sharesOf(r.counters) }));
}

export async function getLevels(store: MonitorReadStore, period: Period) {
  const [rows, registry] = await Promise.all([store.byLevel(period), store.registry()]);
  const levels = new Set([...rows.map((r) => r.level), ...registry.byLevel.map((r) => r.level)]);
  return [...levels]
    .sort((a, b) => a - b)
    .map((level) => {
      const counters = rows.find((r) => r.level === level)?.counters;
      const reg = registry.byLevel.find((r) => r.level === level);
      return {
        level,
        agencies: reg?.total ?? 0,
        agenciesConnected: reg?.connected ?? 0,
        ...(counters ? sharesOf(counters) : sharesOf(emptyCounters())),
      };
    });
}

/**
 * Ranking score: same-day acknowledgement, completion and signing weigh 40/30/30, scaled down for
 * agencies with little traffic (full weight from 20 documents) so one lucky document does not top it.
 */
function scoreOf(row: AgencyRow): number {
  const s = sharesOf(row.counters);
  const volume = Math.min(1, (row.counters.sent + row.counters.received) / 20);
  return (
    Math.round(
      (0.4 * s.sameDayAcknowledgedShare + 0.3 * s.completedShare + 0.3 * s.signedShare) * volume * 10_000,
    ) / 10_000
  );
}

export async function getAgencies(store: MonitorReadStore, scope: Scope) {
  const rows = await store.byAgency(scope);
  const ranked = rows
    .map((row) => ({
      code: row.code,
      name: row.name,
      level: row.level,
      parentCode: row.parentCode,
      lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
      ...sharesOf(row.counters),
      score: scoreOf(row),
    }))
    .sort(
      (a, b) => b.score - a.score || b.documentsReceived - a.documentsReceived || (a.code < b.code ? -1 : 1),
    );
  return ranked.map((row, i) => ({ rank: i + 1, ...row }));
}

/**
 * Progress against the online-processing targets, per group of receiving agencies: the share of the
 * documents they received that were processed online (see sharesOf.processedOnlineShare). The group
 * of an agency is its own (targetGroupOf); `documentsSent` is kept for the API's existing readers.
 */
export async function getTargets(store: MonitorReadStore, period: Period, targets: Targets) {
  const rows = await store.byAgency({ period });
  const groups = new Map<TargetGroup, { sent: number; received: number; online: number; agencies: number }>();
  for (const g of ['ministry', 'province', 'district'] as const)
    groups.set(g, { sent: 0, received: 0, online: 0, agencies: 0 });
  for (const row of rows) {
    if (row.counters.sent === 0 && row.counters.received === 0) continue;
    const g = groups.get(targetGroupOf(row.code, row.level))!;
    g.sent += row.counters.sent;
    g.received += row.counters.received;
    g.online += row.counters.processedOnline;
    g.agencies += 1;
  }
  return [...groups].map(([group, g]) => {
    const actual = share(g.online, g.received);
    return {
      group,
      target: targets[group],
      actual,
      agencies: g.agencies,
      documentsSent: g.sent,
      documentsReceived: g.received,
      processedOnline: g.online,
      met: actual >= targets[group],
    };
  });
}

export async function comparePeriods(store: MonitorReadStore, a: Scope, b: Scope, now: Date) {
  const [first, second] = await Promise.all([getSummary(store, a, now), getSummary(store, b, now)]);
  const keys = [
    'documentsSent',
    'documentsReceived',
    'signedShare',
    'paperlessShare',
    'sameDayAcknowledgedShare',
    'completed',
    'completedShare',
    'processedOnlineShare',
    'returned',
    'overdueOpen',
  ] as const;
  const change = Object.fromEntries(
    keys.map((k) => [k, Math.round((second[k] - first[k]) * 10_000) / 10_000]),
  );
  return { a: first, b: second, change };
}
