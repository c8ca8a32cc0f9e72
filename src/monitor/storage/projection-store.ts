/**
 * Applies the next batch of axis evidence to the monitor's read models, in ONE transaction with the
 * checkpoint: a crash before commit loses the whole batch and the next run starts again from the
 * same checkpoint, so the projection is idempotent and restart-safe. The checkpoint row is locked
 * first, so two server processes never apply the same batch twice.
 */
import { eq, inArray, param, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import {
  DAY_COUNTERS,
  deliveryKey,
  projectEvents,
  type DayCounters,
  type DeliveryFact,
  type DocumentFact,
} from '../domain/project-events.ts';
import type { MonitorEvent, ProgressCode, Effect } from '../domain/monitor-event.ts';
import { readEvidenceAfter, toMonitorEvent } from './axis-evidence-source.ts';
import type { Executor } from './executor.ts';
import {
  agencyActivity,
  agencyDays,
  checkpoints,
  deliveries,
  documents,
  latencyBuckets,
  levelDays,
  openDue,
} from './schema.ts';
import { levelOfAgencyCode } from '../domain/agency-level.ts';

export const AXIS_CHECKPOINT = 'axis-evidence';

export interface BatchResult {
  /** Evidence rows read (0 when the projection is up to date). */
  readonly rows: number;
  readonly events: number;
  readonly lastSeq: number;
}

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function loadFacts(tx: Executor, events: readonly MonitorEvent[]) {
  const docIds = new Set<string>();
  const pairs = new Map<string, { docId: string; to: string }>();
  for (const e of events) {
    if (e.type === 'delivery_queued') {
      docIds.add(e.docId);
      pairs.set(deliveryKey(e.docId, e.to), e);
    } else if (e.type === 'document_sent') docIds.add(e.docId);
    else if (e.type === 'status' || e.type === 'effect') pairs.set(deliveryKey(e.docId, e.to), e);
  }
  const docs = new Map<string, DocumentFact>();
  for (const ids of chunks([...docIds])) {
    const rows = await tx.select().from(documents).where(inArray(documents.docId, ids));
    for (const r of rows) {
      docs.set(r.docId, {
        docId: r.docId,
        from: r.fromCode,
        sentAt: r.sentAt,
        signed: r.signed,
        signatureValid: r.signatureValid,
        paper: r.paper,
        dueAt: r.dueAt,
      });
    }
  }
  const facts = new Map<string, DeliveryFact>();
  const date = (v: unknown): Date | null =>
    v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string);
  for (const part of chunks([...pairs.values()], 5000)) {
    // One indexed lookup per (document, recipient) pair: a join on the unnested key arrays.
    const result = await tx.execute(sql`
      select d.doc_id, d.to_code, d.from_code, d.sent_at, to_char(d.day, 'YYYY-MM-DD') as day, d.due_at, d.signed, d.paper,
             d.progress, d.acked_at, d.completed_at, d.effect
      from unnest(${param(part.map((p) => p.docId))}::text[], ${param(part.map((p) => p.to))}::text[]) as k(doc_id, to_code)
      join monitor.deliveries d on d.doc_id = k.doc_id and d.to_code = k.to_code`);
    for (const r of (result as { rows: Record<string, unknown>[] }).rows) {
      const docId = String(r.doc_id);
      const to = String(r.to_code);
      facts.set(deliveryKey(docId, to), {
        docId,
        to,
        from: String(r.from_code),
        sentAt: date(r.sent_at)!,
        day: String(r.day),
        dueAt: date(r.due_at),
        signed: Boolean(r.signed),
        paper: Boolean(r.paper),
        progress: (r.progress as ProgressCode | null) ?? null,
        ackedAt: date(r.acked_at),
        completedAt: date(r.completed_at),
        effect: (r.effect as Effect | null) ?? null,
      });
    }
  }
  return { docs, facts };
}

const COLUMN_OF = Object.fromEntries(DAY_COUNTERS.map((k) => [k, agencyDays[k]])) as Record<
  keyof DayCounters,
  (typeof agencyDays)[keyof DayCounters]
>;

/** Adds `counters` to the existing row (`x = x + excluded.x`). */
function addSet(table: 'agency_days' | 'level_days'): Record<string, SQL> {
  return Object.fromEntries(
    DAY_COUNTERS.map((k) => [
      k,
      sql.raw(`${table}."${COLUMN_OF[k].name}" + excluded."${COLUMN_OF[k].name}"`),
    ]),
  );
}

/** Registry levels (axis.agencies) of the codes, the QCVN 102 code's own level otherwise. */
async function levelsOf(tx: Executor, codes: readonly string[]): Promise<Map<string, number>> {
  const levels = new Map<string, number>();
  for (const part of chunks([...new Set(codes)])) {
    const result = await tx.execute(
      sql`select code, level from axis.agencies where code in (${sql.join(
        part.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
    for (const r of (result as { rows: { code: string; level: number }[] }).rows) {
      levels.set(r.code, Number(r.level));
    }
  }
  for (const code of codes) if (!levels.has(code)) levels.set(code, levelOfAgencyCode(code));
  return levels;
}

export async function applyEvents(tx: Executor, events: readonly MonitorEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { docs, facts } = await loadFacts(tx, events);
  const delta = projectEvents(
    { document: (id) => docs.get(id), delivery: (docId, to) => facts.get(deliveryKey(docId, to)) },
    events,
  );
  for (const part of chunks([...delta.documents.values()])) {
    await tx
      .insert(documents)
      .values(part.map((d) => ({ ...d, fromCode: d.from })))
      .onConflictDoNothing();
  }
  for (const part of chunks([...delta.deliveries.values()])) {
    await tx
      .insert(deliveries)
      .values(part.map((d) => ({ ...d, toCode: d.to, fromCode: d.from })))
      .onConflictDoUpdate({
        target: [deliveries.docId, deliveries.toCode],
        set: {
          progress: sql.raw('excluded.progress'),
          ackedAt: sql.raw('excluded.acked_at'),
          completedAt: sql.raw('excluded.completed_at'),
          effect: sql.raw('excluded.effect'),
        },
      });
  }
  const dayRows = [...delta.days].map(([key, counters]) => {
    const [agencyCode, day] = key.split('|') as [string, string];
    return { agencyCode, day, ...counters };
  });
  for (const part of chunks(dayRows, 500)) {
    await tx
      .insert(agencyDays)
      .values(part)
      .onConflictDoUpdate({ target: [agencyDays.agencyCode, agencyDays.day], set: addSet('agency_days') });
  }
  const levels = await levelsOf(
    tx,
    dayRows.map((r) => r.agencyCode),
  );
  const byLevel = new Map<string, DayCounters & { level: number; day: string }>();
  for (const row of dayRows) {
    const level = levels.get(row.agencyCode) ?? 0;
    const key = `${level}|${row.day}`;
    let target = byLevel.get(key);
    if (!target)
      byLevel.set(
        key,
        (target = {
          level,
          day: row.day,
          ...Object.fromEntries(DAY_COUNTERS.map((k) => [k, 0])),
        } as DayCounters & { level: number; day: string }),
      );
    for (const k of DAY_COUNTERS) target[k] += row[k];
  }
  for (const part of chunks([...byLevel.values()], 500)) {
    await tx
      .insert(levelDays)
      .values(part)
      .onConflictDoUpdate({ target: [levelDays.level, levelDays.day], set: addSet('level_days') });
  }
  const latencyRows = [...delta.latency].map(([key, count]) => {
    const [agencyCode, month, metric, bucket] = key.split('|') as [
      string,
      string,
      'ack' | 'complete',
      string,
    ];
    return { agencyCode, month, metric, bucket: Number(bucket), count };
  });
  for (const part of chunks(latencyRows)) {
    await tx
      .insert(latencyBuckets)
      .values(part)
      .onConflictDoUpdate({
        target: [
          latencyBuckets.agencyCode,
          latencyBuckets.month,
          latencyBuckets.metric,
          latencyBuckets.bucket,
        ],
        set: { count: sql.raw('latency_buckets."count" + excluded."count"') },
      });
  }
  const dueRows = [...delta.openDue].map(([key, open]) => {
    const [agencyCode, dueDay] = key.split('|') as [string, string];
    return { agencyCode, dueDay, open };
  });
  for (const part of chunks(dueRows)) {
    await tx
      .insert(openDue)
      .values(part)
      .onConflictDoUpdate({
        target: [openDue.agencyCode, openDue.dueDay],
        set: { open: sql.raw('open_due.open + excluded.open') },
      });
  }
  const activityRows = [...delta.activity].map(([agencyCode, a]) => ({
    agencyCode,
    firstSeenAt: a.first,
    lastSeenAt: a.last,
  }));
  for (const part of chunks(activityRows)) {
    await tx
      .insert(agencyActivity)
      .values(part)
      .onConflictDoUpdate({
        target: agencyActivity.agencyCode,
        set: {
          firstSeenAt: sql.raw('least(agency_activity.first_seen_at, excluded.first_seen_at)'),
          lastSeenAt: sql.raw('greatest(agency_activity.last_seen_at, excluded.last_seen_at)'),
        },
      });
  }
}

/** Projects the next batch of at most `batchSize` evidence rows; returns what it did. */
export async function projectNextBatch(database: Database, batchSize = 2000): Promise<BatchResult> {
  return database.db.transaction(async (tx) => {
    await tx.insert(checkpoints).values({ name: AXIS_CHECKPOINT, seq: 0 }).onConflictDoNothing();
    const locked = await tx.execute(
      sql`select seq from monitor.checkpoints where name = ${AXIS_CHECKPOINT} for update`,
    );
    const [cp] = (locked as { rows: { seq: string | number }[] }).rows;
    const after = Number(cp?.seq ?? 0);
    const rows = await readEvidenceAfter(tx, after, batchSize);
    if (rows.length === 0) return { rows: 0, events: 0, lastSeq: after };
    const events = rows.map(toMonitorEvent).filter((e): e is MonitorEvent => e !== null);
    await applyEvents(tx, events);
    const lastSeq = rows[rows.length - 1]!.seq;
    await tx
      .update(checkpoints)
      .set({ seq: lastSeq, updatedAt: new Date() })
      .where(eq(checkpoints.name, AXIS_CHECKPOINT));
    return { rows: rows.length, events: events.length, lastSeq };
  });
}

/** Drops every read model and the checkpoint: the next batches replay the evidence from the start. */
export async function resetProjection(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(
      sql`truncate monitor.documents, monitor.deliveries, monitor.agency_days, monitor.level_days, monitor.latency_buckets, monitor.open_due, monitor.agency_activity`,
    );
    await tx.delete(checkpoints).where(eq(checkpoints.name, AXIS_CHECKPOINT));
  });
}
