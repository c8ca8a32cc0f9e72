/** SQL behind getStatistics: one statement, range-bounded on the creation-time indexes (migrations/axis-api). */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { StatisticsRow, StatisticsStore } from '../use-cases/get-statistics.ts';

const VN_DAY = (column: SQL) => sql`((${column} at time zone 'UTC') + interval '7 hours')::date`;

export function createStatisticsStore(database: Database): StatisticsStore {
  return {
    async compute(query) {
      const from = new Date(Date.parse(`${query.fromDay}T00:00:00Z`) - 7 * 3_600_000);
      const to = new Date(Date.parse(`${query.toDay}T00:00:00Z`) + 17 * 3_600_000);
      const unit = query.period === 'month' ? sql.raw(`'month'`) : sql.raw(`'day'`);
      const days = [...query.dueDays.keys()];
      const dues = [...query.dueDays.values()];
      // The grouping key is chosen from a fixed set (never from input text).
      const keyOf = (code: SQL): SQL =>
        query.groupBy === 'agency'
          ? sql`${code}`
          : query.groupBy === 'level'
            ? sql`coalesce((select a.level::text from axis.agencies a where a.code = ${code}), '?')`
            : sql`'*'`;
      const sentAgency = query.agency ? sql`and p.from_organ_id = ${query.agency}` : sql``;
      const recvAgency = query.agency ? sql`and d.recipient_code = ${query.agency}` : sql``;
      // The verdict is in the signature columns (verified on ingest, migration 0002); rows written in bulk
      // without it (src/demo history) carry it in signature_flags {signed, valid}.
      const rows = await database.query<{
        period: string | Date;
        key: string;
        sent: string | number | null;
        signed: string | number | null;
        signed_valid: string | number | null;
        sig_known: string | number | null;
        received: string | number | null;
        ack_same_day: string | number | null;
        med_ack: string | number | null;
        med_done: string | number | null;
      }>(sql`
        with cal(day, due) as (
          select * from unnest(${`{${days.join(',')}}`}::date[], ${`{${dues.join(',')}}`}::date[])
        ),
        sent as (
          select date_trunc(${unit}, ${VN_DAY(sql`p.created_at`)})::date as period, ${keyOf(sql`p.from_organ_id`)} as key,
                 count(*) as sent,
                 count(*) filter (where p.signature_status is not null or p.signature_flags ? 'signed') as sig_known,
                 count(*) filter (where coalesce(p.signed, p.signature_flags->>'signed' = 'true')) as signed,
                 count(*) filter (where coalesce(p.signature_status = 'valid', p.signature_flags->>'valid' = 'true')) as signed_valid
          from axis.packages p
          where p.kind = 'edoc' and p.created_at >= ${from} and p.created_at < ${to} ${sentAgency}
          group by 1, 2
        ),
        recv as (
          select date_trunc(${unit}, ${VN_DAY(sql`d.created_at`)})::date as period, ${keyOf(sql`d.recipient_code`)} as key,
                 count(*) as received,
                 count(*) filter (where s.first_ack is not null and ${VN_DAY(sql`s.first_ack`)} <= cal.due) as ack_same_day,
                 percentile_cont(0.5) within group (order by extract(epoch from s.first_ack - d.created_at)) as med_ack,
                 percentile_cont(0.5) within group (order by extract(epoch from s.first_done - d.created_at)) as med_done
          from axis.deliveries d
          left join lateral (
            select min(e.received_at) filter (where e.status_code in ('01', '03')) as first_ack,
                   min(e.received_at) filter (where e.status_code = '06') as first_done
            from axis.status_events e
            where e.doc_id = d.doc_id and e.recipient_code = d.recipient_code
          ) s on true
          left join cal on cal.day = ${VN_DAY(sql`d.created_at`)}
          where d.kind = 'edoc' and d.created_at >= ${from} and d.created_at < ${to} ${recvAgency}
          group by 1, 2
        )
        select to_char(coalesce(sent.period, recv.period), 'YYYY-MM-DD') as period,
               coalesce(sent.key, recv.key) as key,
               sent.sent, sent.signed, sent.signed_valid, sent.sig_known, recv.received, recv.ack_same_day, recv.med_ack, recv.med_done
        from sent full join recv on sent.period = recv.period and sent.key = recv.key
        order by 1, 2`);
      let signatureKnown = false;
      const levels = new Map<string, number>();
      if (query.groupBy === 'agency' && rows.length > 0) {
        const codes = [...new Set(rows.map((r) => r.key))];
        const found = await database.query<{ code: string; level: number }>(
          sql`select code, level from axis.agencies where code = any(${`{${codes.map((c) => `"${c.replaceAll('"', '')}"`).join(',')}}`}::text[])`,
        );
        for (const f of found) levels.set(f.code, Number(f.level));
      }
      const result = rows.map((row): StatisticsRow => {
        const sent = Number(row.sent ?? 0);
        const received = Number(row.received ?? 0);
        const sigKnown = Number(row.sig_known ?? 0);
        if (sigKnown > 0) signatureKnown = true;
        const period = String(row.period).slice(0, query.period === 'month' ? 7 : 10);
        return {
          period,
          agencyCode: query.groupBy === 'agency' ? row.key : null,
          level:
            query.groupBy === 'level'
              ? row.key === '?'
                ? null
                : Number(row.key)
              : query.groupBy === 'agency'
                ? (levels.get(row.key) ?? null)
                : null,
          sent,
          received,
          signedShare: sigKnown > 0 ? Number(row.signed ?? 0) / sigKnown : null,
          signedValidShare: sigKnown > 0 ? Number(row.signed_valid ?? 0) / sigKnown : null,
          acknowledgedSameWorkingDayShare: received > 0 ? Number(row.ack_same_day ?? 0) / received : null,
          medianSecondsToAcknowledge: row.med_ack === null ? null : Number(row.med_ack),
          medianSecondsToComplete: row.med_done === null ? null : Number(row.med_done),
        };
      });
      return { rows: result, signatureKnown };
    },
  };
}
