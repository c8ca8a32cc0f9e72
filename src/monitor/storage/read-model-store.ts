/**
 * Queries over the read models. Every dashboard figure is a sum over pre-aggregated rows
 * (level_days for national and per-level figures, agency_days for agencies); only the document list
 * of a drill-down and "overdue now" read per-delivery rows, through their indexes.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import { LATENCY_BUCKETS, type LatencyMetric } from '../domain/latency-histogram.ts';
import { DAY_COUNTERS, emptyCounters, type DayCounters } from '../domain/project-events.ts';
import { levelOfAgencyCode } from '../domain/agency-level.ts';
import { startOfVietnamDay, vietnamDateOf } from '../../standards/calendar/index.ts';
import type { AgencyInfo, DocumentRow, MonitorReadStore, Period, Scope } from '../use-cases/ports.ts';
import { AXIS_CHECKPOINT } from './projection-store.ts';

const snake = (k: string) =>
  k
    .replace(/([A-Z])/g, '_$1')
    .replace(/(\d+)/, '_$1')
    .toLowerCase();
const COLUMNS = DAY_COUNTERS.map((k) => [k, snake(k)] as const);

function sums(alias: string): SQL {
  return sql.raw(COLUMNS.map(([k, c]) => `coalesce(sum(${alias}.${c}), 0)::int8 as "${k}"`).join(', '));
}

/** The same sums over a subquery whose columns are already named by counter ("sentSigned"…). */
function resums(alias: string): SQL {
  return sql.raw(DAY_COUNTERS.map((k) => `coalesce(sum(${alias}."${k}"), 0)::int8 as "${k}"`).join(', '));
}

function counters(row: Record<string, unknown>): DayCounters {
  const out = emptyCounters();
  for (const k of DAY_COUNTERS) out[k] = Number(row[k] ?? 0);
  return out;
}

const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string);
const dayString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/**
 * Agencies of a level as an uncorrelated subquery (hashed once), not a lookup per row. Level 0 also
 * takes codes the registry does not know (their QCVN 102 level is unknown).
 */
function inLevel(column: SQL, level: number): SQL {
  return level === 0
    ? sql`(${column} in (select a.code from axis.agencies a where a.level = 0) or ${column} not in (select a.code from axis.agencies a))`
    : sql`${column} in (select a.code from axis.agencies a where a.level = ${level})`;
}

/** `YYYY-MM-DD` plus `n` days (civil dates, no time zone involved). */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
function nextMonth(day: string): string {
  const d = new Date(Date.parse(`${monthStart(day)}T00:00:00Z`));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

export function createReadModelStore(database: Database): MonitorReadStore {
  const q = <R = Record<string, unknown>>(s: SQL) => database.query<R>(s);

  const agencyFilter = (scope: Scope, alias: string, dateColumn = 'day'): SQL => {
    const parts: SQL[] = [
      sql`${sql.raw(`${alias}.${dateColumn}`)} between ${scope.period.from} and ${scope.period.to}`,
    ];
    if (scope.agency) parts.push(sql`${sql.raw(alias)}.agency_code = ${scope.agency}`);
    if (scope.level !== undefined) {
      parts.push(inLevel(sql.raw(`${alias}.agency_code`), scope.level));
    }
    return sql.join(parts, sql` and `);
  };

  return {
    async totals(scope) {
      if (scope.agency) {
        const [row] = await q(
          sql`select ${sums('d')} from monitor.agency_days d where ${agencyFilter(scope, 'd')}`,
        );
        return counters(row ?? {});
      }
      const level = scope.level === undefined ? sql`` : sql` and d.level = ${scope.level}`;
      const [row] = await q(
        sql`select ${sums('d')} from monitor.level_days d where d.day between ${scope.period.from} and ${scope.period.to}${level}`,
      );
      return counters(row ?? {});
    },

    async series(scope, granularity) {
      const bucket = granularity === 'month' ? sql`date_trunc('month', d.day)::date` : sql`d.day`;
      const rows = scope.agency
        ? await q(
            sql`select ${bucket} as period, ${sums('d')} from monitor.agency_days d where ${agencyFilter(scope, 'd')} group by 1 order by 1`,
          )
        : await q(
            sql`select ${bucket} as period, ${sums('d')} from monitor.level_days d
                where d.day between ${scope.period.from} and ${scope.period.to}
                ${scope.level === undefined ? sql`` : sql`and d.level = ${scope.level}`}
                group by 1 order by 1`,
          );
      return rows.map((r) => ({ period: dayString(r.period), counters: counters(r) }));
    },

    async byLevel(period: Period) {
      const rows = await q(
        sql`select d.level, ${sums('d')} from monitor.level_days d where d.day between ${period.from} and ${period.to} group by d.level order by d.level`,
      );
      return rows.map((r) => ({ level: Number(r.level), counters: counters(r) }));
    },

    async byAgency(scope) {
      // Full months from agency_months, the partial months at both ends from agency_days.
      const { from, to } = scope.period;
      const firstMonth = from.endsWith('-01') ? from : nextMonth(from);
      const endMonth = monthStart(addDays(to, 1));
      const parts: SQL[] = [];
      if (firstMonth < endMonth) {
        const m: Scope = { ...scope, period: { from: firstMonth, to: endMonth } };
        parts.push(
          sql`select d.agency_code, ${sums('d')} from monitor.agency_months d where ${agencyFilter(m, 'd', 'month')} and d.month < ${endMonth} group by d.agency_code`,
        );
        if (from < firstMonth) {
          const head: Scope = { ...scope, period: { from, to: addDays(firstMonth, -1) } };
          parts.push(
            sql`select d.agency_code, ${sums('d')} from monitor.agency_days d where ${agencyFilter(head, 'd')} group by d.agency_code`,
          );
        }
        if (endMonth <= to) {
          const tail: Scope = { ...scope, period: { from: endMonth, to } };
          parts.push(
            sql`select d.agency_code, ${sums('d')} from monitor.agency_days d where ${agencyFilter(tail, 'd')} group by d.agency_code`,
          );
        }
      } else {
        parts.push(
          sql`select d.agency_code, ${sums('d')} from monitor.agency_days d where ${agencyFilter(scope, 'd')} group by d.agency_code`,
        );
      }
      const rows = await q(sql`
        with p as (${sql.join(parts, sql` union all `)}),
        s as (select p.agency_code, ${resums('p')} from p group by p.agency_code)
        select s.*, a.name, a.level, a.parent_code, act.last_seen_at
        from s
        left join axis.agencies a on a.code = s.agency_code
        left join monitor.agency_activity act on act.agency_code = s.agency_code
        order by s.agency_code`);
      return rows.map((r) => {
        const code = String(r.agency_code);
        return {
          code,
          name: (r.name as string | null) ?? code,
          level: r.level === null || r.level === undefined ? levelOfAgencyCode(code) : Number(r.level),
          parentCode: (r.parent_code as string | null) ?? null,
          counters: counters(r),
          lastSeenAt: date(r.last_seen_at),
        };
      });
    },

    async latency(scope, metric: LatencyMetric) {
      const parts: SQL[] = [
        sql`l.metric = ${metric}`,
        sql`l.month between date_trunc('month', ${scope.period.from}::date)::date and ${scope.period.to}::date`,
      ];
      if (scope.agency) parts.push(sql`l.agency_code = ${scope.agency}`);
      if (scope.level !== undefined) {
        parts.push(inLevel(sql.raw('l.agency_code'), scope.level));
      }
      const rows = await q<{ bucket: number; n: string }>(
        sql`select l.bucket, sum(l.count)::int8 as n from monitor.latency_buckets l where ${sql.join(parts, sql` and `)} group by l.bucket`,
      );
      const out = new Array<number>(LATENCY_BUCKETS).fill(0);
      for (const r of rows) out[Number(r.bucket)] = Number(r.n);
      return out;
    },

    async registry() {
      const rows = await q<{ level: number; total: string; connected: string }>(sql`
        select a.level, count(*)::int8 as total, count(act.agency_code)::int8 as connected
        from axis.agencies a left join monitor.agency_activity act on act.agency_code = a.code
        where a.deleted_at is null and a.status <> 'retired'
        group by a.level order by a.level`);
      const byLevel = rows.map((r) => ({
        level: Number(r.level),
        total: Number(r.total),
        connected: Number(r.connected),
      }));
      return {
        total: byLevel.reduce((a, r) => a + r.total, 0),
        connected: byLevel.reduce((a, r) => a + r.connected, 0),
        byLevel,
      };
    },

    async overdueOpen(scope, now) {
      // Open deliveries whose due day is over (Vietnam time), from the incremental open_due counts.
      const parts: SQL[] = [sql`o.due_day < ${vietnamDateOf(now)}`];
      if (scope.agency) parts.push(sql`o.agency_code = ${scope.agency}`);
      if (scope.level !== undefined) {
        parts.push(sql`o.agency_code in (select a.code from axis.agencies a where a.level = ${scope.level})`);
      }
      const [row] = await q<{ n: string }>(
        sql`select coalesce(sum(o.open), 0)::int8 as n from monitor.open_due o where ${sql.join(parts, sql` and `)}`,
      );
      return Number(row?.n ?? 0);
    },

    async documents(query) {
      const column = sql.raw(query.role === 'sent' ? 'from_code' : 'to_code');
      // `day` is the Vietnam date of `sent_at`: the same period as an instant range, so the
      // (agency, sent_at) index reads only the period's rows, newest first.
      const where = sql`d.${column} = ${query.agency} and d.day between ${query.period.from} and ${query.period.to}
        and d.sent_at >= ${startOfVietnamDay(query.period.from).toISOString()}::timestamptz
        and d.sent_at < ${startOfVietnamDay(addDays(query.period.to, 1)).toISOString()}::timestamptz`;
      // The total comes from the agency's counters (one delivery row each), never from a count scan.
      const counter = sql.raw(query.role === 'sent' ? 'sent_deliveries' : 'received');
      const [count] = await q<{ n: string }>(
        sql`select coalesce(sum(${counter}), 0)::int8 as n from monitor.agency_days
            where agency_code = ${query.agency} and day between ${query.period.from} and ${query.period.to}`,
      );
      const rows = await q(sql`
        select d.doc_id, d.from_code, d.to_code, d.sent_at, d.due_at, d.signed, d.paper, d.progress, d.acked_at, d.completed_at, d.effect
        from monitor.deliveries d where ${where}
        order by d.sent_at desc, d.doc_id limit ${query.limit} offset ${query.offset}`);
      return {
        total: Number(count?.n ?? 0),
        rows: rows.map((r): DocumentRow => ({
          docId: String(r.doc_id),
          fromCode: String(r.from_code),
          toCode: String(r.to_code),
          sentAt: date(r.sent_at)!,
          dueAt: date(r.due_at),
          signed: Boolean(r.signed),
          paper: Boolean(r.paper),
          progress: (r.progress as string | null) ?? null,
          ackedAt: date(r.acked_at),
          completedAt: date(r.completed_at),
          effect: (r.effect as string | null) ?? null,
        })),
      };
    },

    async agency(code): Promise<AgencyInfo | undefined> {
      const [row] = await q(
        sql`select code, name, level, parent_code from axis.agencies where code = ${code}`,
      );
      if (row)
        return {
          code,
          name: String(row.name),
          level: Number(row.level),
          parentCode: (row.parent_code as string | null) ?? null,
        };
      const [seen] = await q(
        sql`select agency_code from monitor.agency_activity where agency_code = ${code}`,
      );
      return seen ? { code, name: code, level: levelOfAgencyCode(code), parentCode: null } : undefined;
    },

    async checkpoint() {
      const [cp] = await q(
        sql`select seq, updated_at from monitor.checkpoints where name = ${AXIS_CHECKPOINT}`,
      );
      const [head] = await q(sql`select seq from axis.evidence_head where id = 1`);
      return {
        seq: Number(cp?.seq ?? 0),
        updatedAt: date(cp?.updated_at),
        evidenceHead: Number(head?.seq ?? 0),
      };
    },
  };
}
