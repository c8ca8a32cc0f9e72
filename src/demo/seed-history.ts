/**
 * `lienthong demo seed --documents <n>`: months of axis history in seconds. Bulk rows straight into the
 * axis tables (packages, deliveries) and the evidence log — COPY on PostgreSQL, unnest arrays on
 * PGlite (src/demo/bulk-writer.ts) — in chunks of one transaction each. The evidence chain stays
 * valid: each chunk locks the chain head, writes its events chained with the axis's hash (the
 * canonical JSON of src/axis/domain/evidence-chain.ts, one SHA-256 per entry) and moves the head.
 *
 * Pipelined: Node builds a chunk's rows, chains its events after the previous chunk's and projects
 * them ahead, while PostgreSQL writes earlier chunks — several transactions at once on a pool, each
 * COPYing its packages and deliveries as soon as it starts, then waiting for the chunk before it to
 * commit before taking the head lock. When the head is not where the chunk expected it (another
 * writer appended evidence meanwhile), the chunk is chained again under the lock. On PGlite (one
 * connection) the chunks are written one after another.
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
import { hash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../platform/index.ts';
import { isWorkingDay, vietnamDateOf } from '../standards/calendar/index.ts';
import {
  prepareProjection,
  projectAppendedEvidence,
  projectNextBatch,
  toMonitorEvent,
  type MonitorEvent,
} from '../monitor/index.ts';
import {
  bulkConcurrency,
  bulkTransaction,
  copyValue,
  CopyText,
  fromCopyValue,
  type BulkColumn,
} from './bulk-writer.ts';
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

const JSON_STRINGS = new Map<string, string>();
/** JSON.stringify of a string from a small set (agency codes, system ids, due dates), cached. */
function jsonString(v: string): string {
  let out = JSON_STRINGS.get(v);
  if (out === undefined) JSON_STRINGS.set(v, (out = JSON.stringify(v)));
  return out;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** COPY text of an evidence row, without its first three columns (seq, prev_hash, hash). */
const evidenceTail = (
  type: EventType,
  docId: string,
  sha: string | null,
  actor: string | null,
  atIso: string,
  detailsJson: string,
) =>
  `${type}\t${copyValue(docId)}\t${sha ?? '\\N'}\t${actor === null ? '\\N' : copyValue(actor)}\t${atIso}\t${copyValue(detailsJson)}`;

/**
 * The canonical JSON of an evidence entry (src/axis/domain/evidence-chain.ts: keys sorted; docIds
 * and hashes need no escaping).
 */
const evidenceBody = (
  seq: number,
  type: string,
  docId: string,
  sha: string | null,
  actorJson: string,
  atIso: string,
  detailsJson: string,
) =>
  `{"actor":${actorJson},"at":"${atIso}","details":${detailsJson},"docId":"${docId}",` +
  `"eventType":"${type}","packageSha256":${sha === null ? 'null' : `"${sha}"`},"seq":${seq}}`;

/**
 * A chunk's evidence, chained as its events are made — after the head the chunk expects (the
 * previous chunk's last entry) — with the axis's hash: SHA-256 of the previous hash followed by the
 * entry's canonical JSON. Keeps only the COPY text of the rows and their monitor events (mapped by
 * the monitor's own toMonitorEvent).
 *
 * `details` objects are built with their keys in sorted order and hold only strings, numbers,
 * booleans, null and arrays of strings; their canonical JSON is written out next to them (what
 * JSON.stringify gives, a few times faster; checked by seed-history.db.test.ts with the axis's own
 * verifier).
 */
class ChainedEvidence {
  readonly from: Head;
  readonly text = new CopyText();
  readonly monitorEvents: MonitorEvent[] = [];
  private seq: number;
  private hash: string;
  constructor(from: Head) {
    this.from = from;
    this.seq = from.seq;
    this.hash = from.hash;
  }
  get head(): Head {
    return { seq: this.seq, hash: this.hash };
  }
  get length(): number {
    return this.seq - this.from.seq;
  }
  append(
    type: EventType,
    docId: string,
    sha: string | null,
    actor: string | null,
    at: number,
    atIso: string,
    details: Record<string, unknown>,
    detailsJson: string,
    signatureFlags: Record<string, unknown> | null = null,
  ): void {
    const seq = (this.seq += 1);
    const prev = this.hash;
    const body = evidenceBody(
      seq,
      type,
      docId,
      sha,
      actor === null ? 'null' : jsonString(actor),
      atIso,
      detailsJson,
    );
    this.hash = hash('sha256', prev + body);
    this.text.line(
      `${seq}\t${prev}\t${this.hash}\t${evidenceTail(type, docId, sha, actor, atIso, detailsJson)}`,
    );
    const m = toMonitorEvent({ seq, eventType: type, docId, at: new Date(at), details, signatureFlags });
    if (m) this.monitorEvents.push(m);
  }
}

/**
 * The same evidence rows chained after another head (another writer appended evidence after the
 * chunk was chained): the entries are read back from their COPY text.
 */
function rechain(text: CopyText, head: Head): { text: CopyText; head: Head } {
  let { seq, hash: prev } = head;
  const out = new CopyText();
  for (const buffer of text.finish()) {
    for (const line of buffer.toString().split('\n')) {
      if (line === '') continue;
      const [, , , type, docIdText, shaText, actorText, atIso, detailsText] = line.split('\t');
      const docId = fromCopyValue(docIdText!)!;
      const sha = fromCopyValue(shaText!);
      const actor = fromCopyValue(actorText!);
      const details = fromCopyValue(detailsText!)!;
      seq += 1;
      const body = evidenceBody(
        seq,
        type!,
        docId,
        sha,
        actor === null ? 'null' : jsonString(actor),
        atIso!,
        details,
      );
      const next = hash('sha256', prev + body);
      out.line(
        `${seq}\t${prev}\t${next}\t${evidenceTail(type as EventType, docId, sha, actor, atIso!, details)}`,
      );
      prev = next;
    }
  }
  return { text: out, head: { seq, hash: prev } };
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
const SUBJECT = copyValue('Văn bản lịch sử (demo)');

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

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();
/** `new Date(t).toISOString()` (years 1970-9999), without the Date: the day's prefix is cached. */
function isoString(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) dayPrefixes.set(day, (prefix = new Date(day * DAY).toISOString().slice(0, 11)));
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${prefix}${TWO[h]!}:${TWO[m]!}:${TWO[sec]!}.${THREE[rest - sec * 1000]!}Z`;
}

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
  const iso = isoString;
  // Agency codes and system ids as COPY text values (they come from the registry).
  const copyCode = new Map<string, string>();
  const copyOf = (v: string) => {
    let out = copyCode.get(v);
    if (out === undefined) copyCode.set(v, (out = copyValue(v)));
    return out;
  };

  /** The rows of the next `n` documents, built in slices so the previous chunks' writes proceed meanwhile. */
  const build = async (n: number) => {
    const packages = new CopyText();
    const dl = new CopyText();
    const evidence = new ChainedEvidence(expected);
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
      const fromCode = copyOf(from.code);
      packages.line(
        `${docId}\t${copyOf(system)}\t${fromCode}\tedoc\t${sha}\t4096\t` +
          `${copyValue(`${from.code},${vietnamDateOf(new Date(at)).replaceAll('-', '/')},${docId}`)}\t0\t` +
          `${copyValue([...to].sort().join(','))}\t0\t\t${JSON.stringify(flags)}\t${SUBJECT}\t${atIso}`,
      );
      evidence.append(
        'accepted',
        docId,
        sha,
        system,
        at,
        atIso,
        {
          bussinessDocType: 0,
          documentId: null,
          dueDate,
          from: from.code,
          kind: 'edoc',
          paper,
          recipients: to,
        },
        `{"bussinessDocType":0,"documentId":null,"dueDate":${dueDate === null ? 'null' : jsonString(dueDate)},` +
          `"from":${jsonString(from.code)},"kind":"edoc","paper":${paper},"recipients":[${to.map(jsonString).join(',')}]}`,
        flags,
      );
      for (const code of to) {
        const deliveryId = docIdAt(at);
        const recipient = jsonString(code);
        evidence.append(
          'queued',
          docId,
          sha,
          system,
          at,
          atIso,
          { deliveryId, recipient: code },
          `{"deliveryId":"${deliveryId}","recipient":${recipient}}`,
        );
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
          evidence.append(
            'acknowledged',
            docId,
            null,
            system,
            fetchedAt,
            iso(fetchedAt),
            { deliveryId, recipient: code, retryCount: 0, state: 'done' },
            `{"deliveryId":"${deliveryId}","recipient":${recipient},"retryCount":0,"state":"done"}`,
          );
        }
        // The evidence keeps the acknowledgement (01/03) and the furthest step reached by now; the
        // steps in between (04 when 05 or 06 followed…) change no figure and would add a quarter to
        // the log's size.
        const reached = steps.filter(([, t]) => t < nowMs);
        const recorded = reached.length <= 2 ? reached : [reached[0]!, reached[reached.length - 1]!];
        for (const [codeStep, t] of recorded) {
          evidence.append(
            'status_received',
            docIdAt(t),
            null,
            systemOf.get(code) ?? null,
            t,
            iso(t),
            { from: code, recipient: code, refDocId: docId, statusCode: codeStep },
            `{"from":${recipient},"recipient":${recipient},"refDocId":"${docId}","statusCode":"${codeStep}"}`,
          );
          last = [codeStep, t];
        }
        const acked = iso(Math.min(fetchedAt, nowMs));
        dl.line(
          `${deliveryId}\t${docId}\tedoc\t${copyOf(code)}\t${fromCode}\tdone\t${atIso}\t${acked}\t${acked}\t${acked}\t` +
            (last ? `${last[0]}\t${last[0]}\t${iso(last[1])}` : '\\N\t\\N\t\\N'),
        );
      }
    }
    // Chained and projected ahead, after the chunk before it: the transaction only has to check that
    // the chain head is still where this chunk expects it.
    expected = evidence.head;
    const { monitorEvents } = evidence;
    return { n, packages, dl, evidence, projection: prepareProjection(monitorEvents) ?? monitorEvents };
  };
  type Chunk = Awaited<ReturnType<typeof build>>;

  /**
   * Writes a chunk in one transaction. Its packages and deliveries go in as soon as it starts; its
   * evidence waits for `previous` (the chunk before it committed), so that on PostgreSQL the next
   * chunks' COPYs run on other connections while this one chains, writes its evidence and projects
   * it. The head lock (`for update`) orders the chain against any other writer; the monitor
   * checkpoint lock orders the projection. Resolves once committed and, when this chunk could not be
   * projected in place, once the projector has caught up.
   */
  const write = async (chunk: Chunk, previous: Promise<unknown>): Promise<void> => {
    const projected = await bulkTransaction(database, async (tx) => {
      // A chunk lost in a crash is rolled back whole; its commit need not wait for the disk.
      await tx.db.execute(sql`set local synchronous_commit = off`);
      await tx.copy('axis.packages', PACKAGE_COLUMNS, chunk.packages);
      await tx.copy('axis.deliveries', DELIVERY_COLUMNS, chunk.dl);
      await previous;
      const headRows = await tx.db.execute(
        sql`select seq, hash from axis.evidence_head where id = 1 for update`,
      );
      const head = (headRows as { rows: { seq: string | number; hash: string }[] }).rows[0]!;
      const fromSeq = Number(head.seq);
      let chained = { text: chunk.evidence.text, head: chunk.evidence.head };
      let { projection } = chunk;
      const from = chunk.evidence.from;
      if (fromSeq !== from.seq || head.hash !== from.hash) {
        // Another writer appended evidence since this chunk was chained: chain it after theirs. (A
        // prepared projection does not depend on the sequence numbers.)
        chained = rechain(chunk.evidence.text, { seq: fromSeq, hash: head.hash });
        if (Array.isArray(projection))
          projection = projection.map((e) => ({ ...e, seq: e.seq - from.seq + fromSeq }));
      }
      await tx.copy('axis.evidence', EVIDENCE_COLUMNS, chained.text);
      await tx.db.execute(
        sql`update axis.evidence_head set seq = ${chained.head.seq}, hash = ${chained.head.hash} where id = 1`,
      );
      return projectAppendedEvidence(tx.db, { fromSeq, toSeq: chained.head.seq }, projection, (t, c, d) =>
        tx.insert(t, c, d),
      );
    });
    // The projection was behind (another writer appended evidence in between): the projector reads
    // this chunk back before the next one is projected.
    if (!projected) await catchUpProjection(database);
  };

  // Pipeline: chunks are built (Node works) while earlier ones are written (the database works), up
  // to `concurrency` transactions at a time on PostgreSQL, one at a time on PGlite.
  const concurrency = bulkConcurrency(database, 3);
  // Catch the projection up first (cheap when it is), so the chunks can be projected in their transactions.
  await catchUpProjection(database);
  let previous: Promise<unknown> = Promise.resolve();
  const headRows = await database.db.execute(sql`select seq, hash from axis.evidence_head where id = 1`);
  const head = (headRows as { rows: { seq: string | number; hash: string }[] }).rows[0]!;
  let expected: Head = { seq: Number(head.seq), hash: head.hash };
  const writing: Promise<Chunk>[] = [];
  let planned = Math.min(chunkSize, options.documents);
  let pending = planned > 0 ? build(planned) : null;
  const settle = async (done: Promise<Chunk>) => {
    const chunk = await done;
    written += chunk.n;
    deliveriesWritten += chunk.dl.rows;
    eventsWritten += chunk.evidence.length;
    options.onProgress?.(written);
  };
  try {
    while (pending) {
      const chunk = await pending;
      const done = write(chunk, previous).then(() => chunk);
      // Awaited below (in order); the next chunk also awaits it before its evidence.
      done.catch(() => {});
      previous = done;
      writing.push(done);
      const n = Math.min(chunkSize, options.documents - planned);
      pending = n > 0 ? build(n) : null;
      planned += n;
      while (writing.length >= concurrency || (!pending && writing.length > 0))
        await settle(writing.shift()!);
    }
  } finally {
    // On an error, let the transactions in flight roll back before returning.
    await Promise.allSettled(writing);
  }
  return { documents: written, deliveries: deliveriesWritten, events: eventsWritten };
}
