/**
 * `lienthong demo seed --documents <n>`: months of axis history in seconds. Bulk rows straight into the
 * axis tables (packages, deliveries) and the evidence log — COPY on PostgreSQL, unnest arrays on
 * PGlite (src/demo/bulk-writer.ts) — in chunks of one transaction each. The evidence chain stays
 * valid: each chunk locks the chain head, chains its events with the axis's hash (the canonical JSON
 * of src/axis/domain/evidence-chain.ts, one SHA-256 per entry) and moves the head.
 *
 * The monitor's read models are kept current in the same transaction: the chunk's evidence rows are
 * mapped by the monitor's own mapping (toMonitorEvent) and applied with its own projection
 * (projectAppendedEvidence), exactly what the projector would do reading them back — minus reading
 * them back. When the projection is behind (another writer appended evidence in between), the chunk
 * is left to the projector, which catches up before the next chunk. seed-history.db.test.ts checks
 * the result equals a full recomputation from the evidence log.
 *
 * What it does not write: package bytes (the blobs), status packages and status_events rows — history
 * documents are archived (every delivery acknowledged), they are never fetched again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../platform/index.ts';
import { isWorkingDay, vietnamDateOf } from '../standards/calendar/index.ts';
import {
  projectAppendedEvidence,
  projectNextBatch,
  toMonitorEvent,
  type MonitorEvent,
} from '../monitor/index.ts';
import { bulkTransaction, type BulkColumn, type Cell } from './bulk-writer.ts';
import type { DemoAgency, DemoSystem } from './demo-nation.ts';

export interface HistoryOptions {
  readonly documents: number;
  /** How far back the history starts (days before `now`). */
  readonly days: number;
  readonly now: Date;
  readonly agencies: readonly DemoAgency[];
  readonly systems: readonly DemoSystem[];
  readonly chunkSize?: number;
  readonly random?: () => number;
  readonly onProgress?: (done: number) => void;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type EventType = 'accepted' | 'queued' | 'acknowledged' | 'status_received';

/**
 * An evidence entry. `details` objects are built with their keys in sorted order and hold only
 * strings, numbers, booleans, null and arrays of strings, so JSON.stringify gives the canonical JSON
 * the axis hashes (checked by seed-history.db.test.ts with the axis's own verifier).
 */
interface HistoryEvent {
  readonly eventType: EventType;
  readonly docId: string;
  readonly packageSha256: string | null;
  readonly actor: string | null;
  readonly at: number;
  readonly details: Record<string, unknown>;
  readonly signatureFlags?: Record<string, unknown>;
}

const q = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

function chain(
  head: { seq: number; hash: string },
  events: readonly HistoryEvent[],
  details: string[],
  ats: string[],
) {
  let { seq, hash } = head;
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    seq += 1;
    const body =
      `{"actor":${q(e.actor)},"at":"${ats[i]!}","details":${details[i]!},"docId":${q(e.docId)},` +
      `"eventType":"${e.eventType}","packageSha256":${q(e.packageSha256)},"seq":${seq}}`;
    const next = createHash('sha256').update(hash).update(body).digest('hex');
    seqs.push(seq);
    prevs.push(hash);
    hashes.push(next);
    hash = next;
  }
  return { seqs, prevs, hashes, head: { seq, hash } };
}

const col = (name: string, type = 'text'): BulkColumn => ({ name, type });
const PACKAGE_COLUMNS = [
  col('doc_id'),
  col('sender_system'),
  col('from_organ_id'),
  col('kind'),
  col('sha256'),
  col('size', 'int8'),
  col('document_id'),
  col('bussiness_doc_type', 'int4'),
  col('recipients_key'),
  col('trace_insert_offset', 'int4'),
  col('trace_xml'),
  col('signature_flags', 'jsonb'),
  col('subject'),
  col('created_at', 'timestamptz'),
];
const DELIVERY_COLUMNS = [
  col('id'),
  col('doc_id'),
  col('kind'),
  col('recipient_code'),
  col('from_organ_id'),
  col('state'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
  col('fetched_at', 'timestamptz'),
  col('acked_at', 'timestamptz'),
  col('status_code'),
  col('progress_code'),
  col('status_at', 'timestamptz'),
];
const EVIDENCE_COLUMNS = [
  col('seq', 'int8'),
  col('prev_hash'),
  col('hash'),
  col('event_type'),
  col('doc_id'),
  col('package_sha256'),
  col('actor'),
  col('at', 'timestamptz'),
  col('details', 'jsonb'),
];

/** Column-wise rows of one table. */
class Columns {
  readonly data: Cell[][];
  constructor(n: number) {
    this.data = Array.from({ length: n }, () => []);
  }
  push(...row: Cell[]): void {
    for (let i = 0; i < row.length; i += 1) this.data[i]!.push(row[i]!);
  }
  get length(): number {
    return this.data[0]!.length;
  }
}

/** Random bytes drawn 64 KB at a time (one system call per ~1,000 documents, not several per document). */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomSlice(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(65_536);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}
const randomHex = (n: number): string => randomSlice(n).toString('hex');

/** A docId as the axis makes them (src/axis/domain/doc-id.ts: UUID version 7 of the instant). */
function docIdAt(ms: number): string {
  const bytes = Buffer.from(randomSlice(16));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Runs the monitor's projector until it has read all the evidence. */
async function catchUpProjection(database: Database): Promise<void> {
  while ((await projectNextBatch(database, 5000)).rows > 0);
}

/** Returns the number of documents written. */
export async function seedHistory(
  database: Database,
  options: HistoryOptions,
): Promise<{ documents: number; deliveries: number; events: number }> {
  const random = options.random ?? Math.random;
  const pick = (n: number) => Math.floor(random() * n);
  const systemOf = new Map<string, string>();
  for (const s of options.systems) for (const code of s.agencies) systemOf.set(code, s.systemId);
  const agencies = options.agencies.filter((a) => systemOf.has(a.code));
  const provinces = agencies.filter((a) => a.kind === 'province');
  const ministries = agencies.filter((a) => a.kind === 'ministry' || a.kind === 'office');
  const lower = agencies.filter((a) => a.kind === 'department' || a.kind === 'commune');
  // Each agency signs a steady share of its documents (the seeds: Bắc Giang 100 %, Vĩnh Phúc 18 %).
  const signRate = new Map(agencies.map((a) => [a.code, 0.15 + random() * 0.85]));
  const diligence = new Map(agencies.map((a) => [a.code, 0.5 + random() * 0.5]));
  const chooseFrom = () => {
    const r = random();
    const pool = r < 0.4 ? ministries : r < 0.85 ? provinces : lower;
    return pool[pick(pool.length)]!;
  };
  const chooseTo = (from: DemoAgency) => {
    const n = random() < 0.6 ? 1 : 2 + pick(3);
    const out = new Set<string>();
    for (let i = 0; i < n * 3 && out.size < n; i += 1) {
      const r = random();
      const pool = r < 0.5 ? provinces : r < 0.75 ? ministries : lower;
      const a = pool[pick(pool.length)]!;
      if (a.code !== from.code) out.add(a.code);
    }
    return [...out];
  };
  /** A sending time inside office hours of a working day (Vietnam), `lo`…`hi - 1` days before `now`. */
  const sendTime = (lo: number, hi: number): number => {
    for (;;) {
      const dayStart = options.now.getTime() - (1 + lo + pick(hi - lo)) * DAY;
      const day = vietnamDateOf(new Date(dayStart));
      if (!isWorkingDay(day) && random() < 0.95) continue;
      const t = Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + (7.5 + random() * 9.5) * HOUR;
      if (t < options.now.getTime()) return t;
    }
  };
  // Documents go out in time order (the evidence log is chronological, and each chunk touches a few
  // days of counters): the period is cut into eras of at most a million documents, oldest first,
  // each era's sending times drawn uniformly inside it and sorted.
  const eras = Math.max(1, Math.min(options.days, Math.ceil(options.documents / 1_000_000)));
  let era = 0;
  let times = new Float64Array(0);
  let next = 0;
  const nextSendTime = (): number => {
    if (next >= times.length) {
      const count =
        Math.floor(((era + 1) * options.documents) / eras) - Math.floor((era * options.documents) / eras);
      const lo = Math.floor(options.days - ((era + 1) * options.days) / eras);
      const hi = Math.max(lo + 1, Math.floor(options.days - (era * options.days) / eras));
      times = new Float64Array(count);
      for (let i = 0; i < count; i += 1) times[i] = sendTime(lo, hi);
      times.sort();
      next = 0;
      era += 1;
    }
    return times[next++]!;
  };

  const chunkSize = options.chunkSize ?? 5000;
  let written = 0;
  let deliveriesWritten = 0;
  let eventsWritten = 0;
  const nowMs = options.now.getTime();
  const iso = (t: number) => new Date(t).toISOString();

  /** The rows of the next `n` documents, built in slices so the previous chunk's writes proceed meanwhile. */
  const build = async (n: number) => {
    const packages = new Columns(PACKAGE_COLUMNS.length);
    const dl = new Columns(DELIVERY_COLUMNS.length);
    const events: HistoryEvent[] = [];
    const docs: { at: number; from: DemoAgency; to: string[] }[] = [];
    for (let i = 0; i < n; i += 1) {
      const from = chooseFrom();
      docs.push({ at: nextSendTime(), from, to: chooseTo(from) });
    }
    for (let k = 0; k < docs.length; k += 1) {
      const { at, from, to } = docs[k]!;
      if (k % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
      const docId = docIdAt(at);
      const sha = randomHex(32);
      const signed = random() < signRate.get(from.code)!;
      const paper = random() < 0.2;
      const due = random() < 0.4 ? at + (3 + pick(12)) * DAY : null;
      const dueDate = due ? vietnamDateOf(new Date(due)).replaceAll('-', '/') : null;
      const system = systemOf.get(from.code)!;
      const atIso = iso(at);
      const flags = { signed, valid: signed && random() < 0.97 };
      packages.push(
        docId,
        system,
        from.code,
        'edoc',
        sha,
        4096,
        `${from.code},${vietnamDateOf(new Date(at)).replaceAll('-', '/')},${docId}`,
        0,
        [...to].sort().join(','),
        0,
        '',
        JSON.stringify(flags),
        'Văn bản lịch sử (demo)',
        atIso,
      );
      const base = { docId, packageSha256: sha, actor: system };
      events.push({
        ...base,
        eventType: 'accepted',
        at,
        details: {
          bussinessDocType: 0,
          documentId: null,
          dueDate,
          from: from.code,
          kind: 'edoc',
          paper,
          recipients: to,
        },
        signatureFlags: flags,
      });
      for (const code of to) {
        const deliveryId = docIdAt(at);
        events.push({
          ...base,
          eventType: 'queued',
          at,
          details: { deliveryId, recipient: code },
        });
        // The recipient's behaviour: how fast it acknowledges and how far it takes the document.
        const care = diligence.get(code) ?? 0.7;
        const fetchedAt = at + random() * (random() < care ? 2 * HOUR : 3 * DAY);
        const ackAt = fetchedAt + random() * (random() < care ? 3 * HOUR : 4 * DAY);
        const steps: [string, number][] = [];
        const r = random();
        if (r < 0.06) steps.push(['01', ackAt], ['02', ackAt + HOUR]);
        else {
          steps.push(['03', ackAt]);
          if (r < 0.92) steps.push(['04', ackAt + random() * DAY]);
          if (r < 0.85) steps.push(['05', ackAt + (1 + random() * 2) * DAY]);
          if (r < 0.8) steps.push(['06', ackAt + (2 + random() * (care > 0.75 ? 6 : 18)) * DAY]);
        }
        let last: [string, number] | null = null;
        if (fetchedAt < nowMs) {
          events.push({
            ...base,
            packageSha256: null,
            eventType: 'acknowledged',
            at: fetchedAt,
            details: { deliveryId, recipient: code, retryCount: 0, state: 'done' },
          });
        }
        // The evidence keeps the acknowledgement (01/03) and the furthest step reached by now; the
        // steps in between (04 when 05 or 06 followed…) change no figure and would add a quarter to
        // the log's size.
        const reached = steps.filter(([, t]) => t < nowMs);
        const recorded = reached.length <= 2 ? reached : [reached[0]!, reached[reached.length - 1]!];
        for (const [codeStep, t] of recorded) {
          events.push({
            docId: docIdAt(t),
            packageSha256: null,
            actor: systemOf.get(code) ?? null,
            eventType: 'status_received',
            at: t,
            details: { from: code, recipient: code, refDocId: docId, statusCode: codeStep },
          });
          last = [codeStep, t];
        }
        const acked = iso(Math.min(fetchedAt, nowMs));
        dl.push(
          deliveryId,
          docId,
          'edoc',
          code,
          from.code,
          'done',
          atIso,
          acked,
          acked,
          acked,
          last?.[0] ?? null,
          last?.[0] ?? null,
          last ? iso(last[1]) : null,
        );
      }
    }
    const details = events.map((e) => JSON.stringify(e.details));
    const ats = events.map((e) => iso(e.at));

    return { n, packages, dl, events, details, ats };
  };

  const write = async ({ packages, dl, events, details, ats }: Awaited<ReturnType<typeof build>>) => {
    // Catch the projection up first (cheap when it is), so this chunk can be projected in its transaction.
    await catchUpProjection(database);
    await bulkTransaction(database, async (tx) => {
      // A chunk lost in a crash is rolled back whole; its commit need not wait for the disk.
      await tx.db.execute(sql`set local synchronous_commit = off`);
      await tx.insert('axis.packages', PACKAGE_COLUMNS, packages.data);
      await tx.insert('axis.deliveries', DELIVERY_COLUMNS, dl.data);
      const headRows = await tx.db.execute(
        sql`select seq, hash from axis.evidence_head where id = 1 for update`,
      );
      const head = (headRows as { rows: { seq: string | number; hash: string }[] }).rows[0]!;
      const fromSeq = Number(head.seq);
      const chained = chain({ seq: fromSeq, hash: head.hash }, events, details, ats);
      await tx.insert('axis.evidence', EVIDENCE_COLUMNS, [
        chained.seqs,
        chained.prevs,
        chained.hashes,
        events.map((e) => e.eventType),
        events.map((e) => e.docId),
        events.map((e) => e.packageSha256),
        events.map((e) => e.actor),
        ats,
        details,
      ]);
      await tx.db.execute(
        sql`update axis.evidence_head set seq = ${chained.head.seq}, hash = ${chained.head.hash} where id = 1`,
      );
      const monitorEvents: MonitorEvent[] = [];
      for (let i = 0; i < events.length; i += 1) {
        const e = events[i]!;
        const m = toMonitorEvent({
          seq: chained.seqs[i]!,
          eventType: e.eventType,
          docId: e.docId,
          at: new Date(e.at),
          details: e.details,
          signatureFlags: e.signatureFlags ?? null,
        });
        if (m) monitorEvents.push(m);
      }
      await projectAppendedEvidence(tx.db, { fromSeq, toSeq: chained.head.seq }, monitorEvents, (t, c, d) =>
        tx.insert(t, c, d),
      );
    });
  };

  // Pipeline: while one chunk is written (the database works), the next is built (Node works).
  let pending = options.documents > 0 ? build(Math.min(chunkSize, options.documents)) : null;
  let planned = Math.min(chunkSize, options.documents);
  while (pending) {
    const chunk = await pending;
    const writing = write(chunk);
    const n = Math.min(chunkSize, options.documents - planned);
    pending = n > 0 ? build(n) : null;
    planned += n;
    await writing;
    written += chunk.n;
    deliveriesWritten += chunk.dl.length;
    eventsWritten += chunk.events.length;
    options.onProgress?.(written);
  }
  return { documents: written, deliveries: deliveriesWritten, events: eventsWritten };
}
