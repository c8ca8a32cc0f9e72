/**
 * Applies the next batch of axis evidence to the monitor's read models, in ONE transaction with the
 * checkpoint: a crash before commit loses the whole batch and the next run starts again from the
 * same checkpoint, so the projection is idempotent and restart-safe. The checkpoint row is locked
 * first, so two server processes never apply the same batch twice.
 */
import { eq, inArray, param, sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import {
  DAY_COUNTERS,
  deliveryKey,
  emptyCounters,
  monthOf,
  projectEvents,
  type DayCounters,
  type DeliveryFact,
  type DocumentFact,
  type ProjectionDelta,
} from '../domain/project-events.ts';
import type { MonitorEvent, ProgressCode, Effect } from '../domain/monitor-event.ts';
import { readEvidenceAfter, toMonitorEvent } from './axis-evidence-source.ts';
import type { Executor } from './executor.ts';
import { agencyDays, checkpoints, documents } from './schema.ts';
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

/** The documents and deliveries a batch's events touch that may already be in the read models. */
function factsToLoad(events: readonly MonitorEvent[]) {
  // A document accepted in this batch is new: the axis accepts a docId once (axis.packages key), so
  // neither it nor its deliveries can be in the read models yet, and nothing about it is looked up.
  const sentHere = new Set<string>();
  for (const e of events) if (e.type === 'document_sent') sentHere.add(e.docId);
  const docIds = new Set<string>();
  const pairs = new Map<string, { docId: string; to: string }>();
  for (const e of events) {
    if (e.type === 'document_sent' || e.type === 'agency_seen' || sentHere.has(e.docId)) continue;
    if (e.type === 'delivery_queued') {
      docIds.add(e.docId);
      pairs.set(deliveryKey(e.docId, e.to), e);
    } else if (e.type === 'status' || e.type === 'effect') pairs.set(deliveryKey(e.docId, e.to), e);
  }
  return { docIds, pairs };
}

async function loadFacts(tx: Executor, events: readonly MonitorEvent[]) {
  const { docIds, pairs } = factsToLoad(events);
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

/**
 * Adds counter rows to agency_days, agency_months or level_days (`x = x + excluded.x`), one
 * statement per 5,000 rows; `day` is the table's date column (the first day of the month for agency_months).
 */
async function addCounters(
  tx: Executor,
  table: 'agency_days' | 'agency_months' | 'level_days',
  keyColumn: string,
  keyType: string,
  rows: readonly { key: string | number; day: string; counters: DayCounters }[],
): Promise<void> {
  const dateColumn = table === 'agency_months' ? 'month' : 'day';
  const names = DAY_COUNTERS.map((k) => COLUMN_OF[k].name);
  for (const part of chunks(rows, 5000)) {
    const arrays = DAY_COUNTERS.map((k) => sql`${param(part.map((r) => r.counters[k]))}::int4[]`);
    await tx.execute(sql`
      insert into ${sql.raw(`monitor.${table}`)} (${sql.raw(keyColumn)}, ${sql.raw(dateColumn)}, ${sql.raw(names.map((n) => `"${n}"`).join(', '))})
      select * from unnest(${param(part.map((r) => r.key))}::${sql.raw(keyType)}[], ${param(part.map((r) => r.day))}::date[],
        ${sql.join(arrays, sql`, `)})
      on conflict (${sql.raw(keyColumn)}, ${sql.raw(dateColumn)}) do update set ${sql.raw(
        names.map((n) => `"${n}" = ${table}."${n}" + excluded."${n}"`).join(', '),
      )}`);
  }
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** New documents, many per statement (one array parameter per column). */
async function writeDocuments(tx: Executor, rows: readonly DocumentFact[]): Promise<void> {
  for (const part of chunks(rows, 20_000)) {
    await tx.execute(sql`
      insert into monitor.documents (doc_id, from_code, sent_at, signed, signature_valid, paper, due_at)
      select * from unnest(${param(part.map((d) => d.docId))}::text[], ${param(part.map((d) => d.from))}::text[],
        ${param(part.map((d) => d.sentAt.toISOString()))}::timestamptz[], ${param(part.map((d) => d.signed))}::bool[],
        ${param(part.map((d) => d.signatureValid))}::bool[], ${param(part.map((d) => d.paper))}::bool[],
        ${param(part.map((d) => iso(d.dueAt)))}::timestamptz[])
      on conflict (doc_id) do nothing`);
  }
}

/** New or changed deliveries: inserted, or their state columns replaced. */
async function writeDeliveries(tx: Executor, rows: readonly DeliveryFact[]): Promise<void> {
  for (const part of chunks(rows, 20_000)) {
    await tx.execute(sql`
      insert into monitor.deliveries (doc_id, to_code, from_code, sent_at, day, due_at, signed, paper, progress, acked_at, completed_at, effect)
      select * from unnest(${param(part.map((d) => d.docId))}::text[], ${param(part.map((d) => d.to))}::text[],
        ${param(part.map((d) => d.from))}::text[], ${param(part.map((d) => d.sentAt.toISOString()))}::timestamptz[],
        ${param(part.map((d) => d.day))}::date[], ${param(part.map((d) => iso(d.dueAt)))}::timestamptz[],
        ${param(part.map((d) => d.signed))}::bool[], ${param(part.map((d) => d.paper))}::bool[],
        ${param(part.map((d) => d.progress))}::text[], ${param(part.map((d) => iso(d.ackedAt)))}::timestamptz[],
        ${param(part.map((d) => iso(d.completedAt)))}::timestamptz[], ${param(part.map((d) => d.effect))}::text[])
      on conflict (doc_id, to_code) do update set progress = excluded.progress, acked_at = excluded.acked_at,
        completed_at = excluded.completed_at, effect = excluded.effect`);
  }
}

/**
 * Appends rows to a table, given column by column (a bulk writer's COPY). Used for the rows a batch
 * creates — documents first sent in it and their deliveries — which cannot exist yet.
 */
export type AppendRows = (
  table: string,
  columns: readonly { name: string; type: string }[],
  data: readonly (readonly (string | number | boolean | null)[])[],
) => Promise<void>;

const DOCUMENT_COLUMNS = [
  { name: 'doc_id', type: 'text' },
  { name: 'from_code', type: 'text' },
  { name: 'sent_at', type: 'timestamptz' },
  { name: 'signed', type: 'bool' },
  { name: 'signature_valid', type: 'bool' },
  { name: 'paper', type: 'bool' },
  { name: 'due_at', type: 'timestamptz' },
];
const DELIVERY_COLUMNS = [
  { name: 'doc_id', type: 'text' },
  { name: 'to_code', type: 'text' },
  { name: 'from_code', type: 'text' },
  { name: 'sent_at', type: 'timestamptz' },
  { name: 'day', type: 'date' },
  { name: 'due_at', type: 'timestamptz' },
  { name: 'signed', type: 'bool' },
  { name: 'paper', type: 'bool' },
  { name: 'progress', type: 'text' },
  { name: 'acked_at', type: 'timestamptz' },
  { name: 'completed_at', type: 'timestamptz' },
  { name: 'effect', type: 'text' },
];

/**
 * A batch projected ahead of its transaction: possible when its events need no facts from the read
 * models (every document they touch is accepted in the batch), so the delta depends on the events
 * alone. See projectAppendedEvidence.
 */
export interface PreparedProjection {
  readonly events: readonly MonitorEvent[];
  readonly delta: ProjectionDelta;
}

/** Projects a self-contained batch outside any transaction; null when it needs read-model facts. */
export function prepareProjection(events: readonly MonitorEvent[]): PreparedProjection | null {
  const { docIds, pairs } = factsToLoad(events);
  if (docIds.size > 0 || pairs.size > 0) return null;
  return { events, delta: projectEvents({ document: () => undefined, delivery: () => undefined }, events) };
}

export async function applyEvents(
  tx: Executor,
  events: readonly MonitorEvent[] | PreparedProjection,
  append?: AppendRows,
): Promise<void> {
  let delta: ProjectionDelta;
  if ('delta' in events) {
    if (events.events.length === 0) return;
    delta = events.delta;
  } else {
    if (events.length === 0) return;
    const { docs, facts } = await loadFacts(tx, events);
    delta = projectEvents(
      { document: (id) => docs.get(id), delivery: (docId, to) => facts.get(deliveryKey(docId, to)) },
      events,
    );
  }
  if (append) {
    // Every document of delta.documents is new (see loadFacts), and so are its deliveries.
    const docs = [...delta.documents.values()];
    await append('monitor.documents', DOCUMENT_COLUMNS, [
      docs.map((d) => d.docId),
      docs.map((d) => d.from),
      docs.map((d) => d.sentAt.toISOString()),
      docs.map((d) => d.signed),
      docs.map((d) => d.signatureValid),
      docs.map((d) => d.paper),
      docs.map((d) => iso(d.dueAt)),
    ]);
    const fresh: DeliveryFact[] = [];
    const changed: DeliveryFact[] = [];
    for (const d of delta.deliveries.values()) (delta.documents.has(d.docId) ? fresh : changed).push(d);
    await append('monitor.deliveries', DELIVERY_COLUMNS, [
      fresh.map((d) => d.docId),
      fresh.map((d) => d.to),
      fresh.map((d) => d.from),
      fresh.map((d) => d.sentAt.toISOString()),
      fresh.map((d) => d.day),
      fresh.map((d) => iso(d.dueAt)),
      fresh.map((d) => d.signed),
      fresh.map((d) => d.paper),
      fresh.map((d) => d.progress),
      fresh.map((d) => iso(d.ackedAt)),
      fresh.map((d) => iso(d.completedAt)),
      fresh.map((d) => d.effect),
    ]);
    await writeDeliveries(tx, changed);
  } else {
    await writeDocuments(tx, [...delta.documents.values()]);
    await writeDeliveries(tx, [...delta.deliveries.values()]);
  }
  const dayRows = [...delta.days].map(([key, counters]) => {
    const [agencyCode, day] = key.split('|') as [string, string];
    return { agencyCode, day, counters };
  });
  await addCounters(
    tx,
    'agency_days',
    'agency_code',
    'text',
    dayRows.map((r) => ({ key: r.agencyCode, day: r.day, counters: r.counters })),
  );
  const byMonth = new Map<string, { key: string; day: string; counters: DayCounters }>();
  for (const row of dayRows) {
    const month = monthOf(row.day);
    const key = `${row.agencyCode}|${month}`;
    let target = byMonth.get(key);
    if (!target) byMonth.set(key, (target = { key: row.agencyCode, day: month, counters: emptyCounters() }));
    for (const k of DAY_COUNTERS) target.counters[k] += row.counters[k];
  }
  await addCounters(tx, 'agency_months', 'agency_code', 'text', [...byMonth.values()]);
  const levels = await levelsOf(
    tx,
    dayRows.map((r) => r.agencyCode),
  );
  const byLevel = new Map<string, { key: number; day: string; counters: DayCounters }>();
  for (const row of dayRows) {
    const level = levels.get(row.agencyCode) ?? 0;
    const key = `${level}|${row.day}`;
    let target = byLevel.get(key);
    if (!target) byLevel.set(key, (target = { key: level, day: row.day, counters: emptyCounters() }));
    for (const k of DAY_COUNTERS) target.counters[k] += row.counters[k];
  }
  await addCounters(tx, 'level_days', 'level', 'int2', [...byLevel.values()]);
  if (delta.latency.size > 0) {
    const keys = [...delta.latency.keys()].map((k) => k.split('|'));
    await tx.execute(sql`
      insert into monitor.latency_buckets (agency_code, month, metric, bucket, count)
      select * from unnest(${param(keys.map((k) => k[0]!))}::text[], ${param(keys.map((k) => k[1]!))}::date[],
        ${param(keys.map((k) => k[2]!))}::text[], ${param(keys.map((k) => Number(k[3])))}::int2[],
        ${param([...delta.latency.values()])}::int4[])
      on conflict (agency_code, month, metric, bucket) do update set count = latency_buckets.count + excluded.count`);
  }
  if (delta.openDue.size > 0) {
    const keys = [...delta.openDue.keys()].map((k) => k.split('|'));
    await tx.execute(sql`
      insert into monitor.open_due (agency_code, due_day, open)
      select * from unnest(${param(keys.map((k) => k[0]!))}::text[], ${param(keys.map((k) => k[1]!))}::date[],
        ${param([...delta.openDue.values()])}::int4[])
      on conflict (agency_code, due_day) do update set open = open_due.open + excluded.open`);
  }
  if (delta.activity.size > 0) {
    const rows = [...delta.activity];
    await tx.execute(sql`
      insert into monitor.agency_activity (agency_code, first_seen_at, last_seen_at)
      select * from unnest(${param(rows.map(([code]) => code))}::text[],
        ${param(rows.map(([, a]) => a.first.toISOString()))}::timestamptz[],
        ${param(rows.map(([, a]) => a.last.toISOString()))}::timestamptz[])
      on conflict (agency_code) do update set
        first_seen_at = least(agency_activity.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(agency_activity.last_seen_at, excluded.last_seen_at)`);
  }
}

/**
 * For a bulk writer of axis evidence (the demo history seeder), inside the transaction that appended
 * evidence rows (fromSeq, toSeq]: when the projection had reached exactly fromSeq, applies `events` —
 * the monitor events of those rows, in order, as toMonitorEvent maps them — and moves the checkpoint
 * to toSeq, so the read models are current when the transaction commits. Otherwise (the projection
 * lags or is ahead) it does nothing and the projector reads those rows later like any others.
 * `events` may come projected ahead (prepareProjection), so the writer's transaction only writes.
 * Returns whether it projected.
 */
export async function projectAppendedEvidence(
  tx: Executor,
  range: { readonly fromSeq: number; readonly toSeq: number },
  events: readonly MonitorEvent[] | PreparedProjection,
  append?: AppendRows,
): Promise<boolean> {
  await tx.insert(checkpoints).values({ name: AXIS_CHECKPOINT, seq: 0 }).onConflictDoNothing();
  const locked = await tx.execute(
    sql`select seq from monitor.checkpoints where name = ${AXIS_CHECKPOINT} for update`,
  );
  const [cp] = (locked as { rows: { seq: string | number }[] }).rows;
  if (Number(cp?.seq ?? 0) !== range.fromSeq) return false;
  await applyEvents(tx, events, append);
  await tx
    .update(checkpoints)
    .set({ seq: range.toSeq, updatedAt: new Date() })
    .where(eq(checkpoints.name, AXIS_CHECKPOINT));
  return true;
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
      sql`truncate monitor.documents, monitor.deliveries, monitor.agency_days, monitor.agency_months, monitor.level_days, monitor.latency_buckets, monitor.open_due, monitor.agency_activity`,
    );
    await tx.delete(checkpoints).where(eq(checkpoints.name, AXIS_CHECKPOINT));
  });
}
