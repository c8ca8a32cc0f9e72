/**
 * `lienthong demo seed --documents <n>`: months of axis history in seconds. Bulk SQL straight into the
 * axis tables (packages, deliveries) and the evidence log, in chunks of one transaction each. The
 * evidence chain stays valid: each chunk locks the chain head, chains its events with the axis's own
 * hash function (src/axis/domain/evidence-chain.ts) and moves the head. The monitor's projector then
 * reads that evidence like any other, so the read models come from the same path as live traffic.
 *
 * What it does not write: package bytes (the blobs), status packages and status_events rows — history
 * documents are archived (every delivery acknowledged), they are never fetched again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { param, sql } from 'drizzle-orm';
import type { Database } from '../platform/index.ts';
import { newDocId } from '../axis/domain/doc-id.ts';
import { isWorkingDay, vietnamDateOf } from '../standards/calendar/index.ts';
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

interface Rows {
  pk: {
    docId: string[];
    system: string[];
    from: string[];
    sha: string[];
    documentId: string[];
    key: string[];
    flags: string[];
    subject: string[];
    created: string[];
  };
  dl: {
    id: string[];
    docId: string[];
    to: string[];
    from: string[];
    created: string[];
    acked: string[];
    status: (string | null)[];
    progress: (string | null)[];
    statusAt: (string | null)[];
  };
  events: HistoryEvent[];
}

/**
 * An evidence entry with its `details` already in canonical JSON (keys sorted, no whitespace), so
 * chaining is one template and one SHA-256 per entry instead of a generic canonicalisation: the same
 * bytes `evidenceHash` (src/axis/domain/evidence-chain.ts) hashes, checked by seed-history.db.test.ts
 * with the axis's own verifier.
 */
interface HistoryEvent {
  readonly eventType: 'accepted' | 'queued' | 'acknowledged' | 'status_received';
  readonly docId: string;
  readonly packageSha256: string | null;
  readonly actor: string | null;
  readonly at: string;
  readonly details: string;
}

const q = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

function chain(head: { seq: number; hash: string }, events: readonly HistoryEvent[]) {
  let { seq, hash } = head;
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const e of events) {
    seq += 1;
    const body =
      `{"actor":${q(e.actor)},"at":"${e.at}","details":${e.details},"docId":${q(e.docId)},` +
      `"eventType":"${e.eventType}","packageSha256":${q(e.packageSha256)},"seq":${seq}}`;
    const next = createHash('sha256').update(hash).update(body).digest('hex');
    seqs.push(seq);
    prevs.push(hash);
    hashes.push(next);
    hash = next;
  }
  return { seqs, prevs, hashes, head: { seq, hash } };
}

function emptyRows(): Rows {
  return {
    pk: {
      docId: [],
      system: [],
      from: [],
      sha: [],
      documentId: [],
      key: [],
      flags: [],
      subject: [],
      created: [],
    },
    dl: {
      id: [],
      docId: [],
      to: [],
      from: [],
      created: [],
      acked: [],
      status: [],
      progress: [],
      statusAt: [],
    },
    events: [],
  };
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
  /** A sending time inside office hours of a working day (Vietnam), uniformly over the period. */
  const sendTime = (): Date => {
    for (;;) {
      const dayStart = options.now.getTime() - (1 + pick(options.days)) * DAY;
      const day = vietnamDateOf(new Date(dayStart));
      if (!isWorkingDay(day) && random() < 0.95) continue;
      const t = Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + (7.5 + random() * 9.5) * HOUR;
      if (t < options.now.getTime()) return new Date(t);
    }
  };

  const chunkSize = options.chunkSize ?? 2000;
  let written = 0;
  let deliveriesWritten = 0;
  let eventsWritten = 0;
  const nowMs = options.now.getTime();
  const iso = (t: number) => new Date(t).toISOString();

  while (written < options.documents) {
    const n = Math.min(chunkSize, options.documents - written);
    const rows = emptyRows();
    const docs: { at: number; build: () => void }[] = [];
    for (let i = 0; i < n; i += 1) {
      const from = chooseFrom();
      const to = chooseTo(from);
      const at = sendTime().getTime();
      docs.push({
        at,
        build: () => {
          const docId = newDocId(new Date(at));
          const sha = randomBytes(32).toString('hex');
          const signed = random() < signRate.get(from.code)!;
          const paper = random() < 0.2;
          const due = random() < 0.4 ? at + (3 + pick(12)) * DAY : null;
          const dueDate = due ? vietnamDateOf(new Date(due)).replaceAll('-', '/') : null;
          const system = systemOf.get(from.code)!;
          rows.pk.docId.push(docId);
          rows.pk.system.push(system);
          rows.pk.from.push(from.code);
          rows.pk.sha.push(sha);
          rows.pk.documentId.push(
            `${from.code},${vietnamDateOf(new Date(at)).replaceAll('-', '/')},${docId}`,
          );
          rows.pk.key.push([...to].sort().join(','));
          rows.pk.flags.push(JSON.stringify({ signed, valid: signed && random() < 0.97 }));
          rows.pk.subject.push('Văn bản lịch sử (demo)');
          rows.pk.created.push(iso(at));
          const base = { docId, packageSha256: sha, actor: system };
          const atIso = iso(at);
          rows.events.push({
            ...base,
            eventType: 'accepted',
            at: atIso,
            details: `{"bussinessDocType":0,"documentId":null,"dueDate":${q(dueDate)},"from":${q(from.code)},"kind":"edoc","paper":${paper},"recipients":[${to.map(q).join(',')}]}`,
          });
          for (const code of to) {
            const deliveryId = newDocId(new Date(at));
            rows.events.push({
              ...base,
              eventType: 'queued',
              at: atIso,
              details: `{"deliveryId":${q(deliveryId)},"recipient":${q(code)}}`,
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
              rows.events.push({
                ...base,
                packageSha256: null,
                eventType: 'acknowledged',
                at: iso(fetchedAt),
                details: `{"deliveryId":${q(deliveryId)},"recipient":${q(code)},"retryCount":0,"state":"done"}`,
              });
            }
            for (const [codeStep, t] of steps) {
              if (t >= nowMs) break;
              rows.events.push({
                docId: newDocId(new Date(t)),
                packageSha256: null,
                actor: systemOf.get(code) ?? null,
                eventType: 'status_received',
                at: iso(t),
                details: `{"from":${q(code)},"recipient":${q(code)},"refDocId":${q(docId)},"statusCode":${q(codeStep)}}`,
              });
              last = [codeStep, t];
            }
            rows.dl.id.push(deliveryId);
            rows.dl.docId.push(docId);
            rows.dl.to.push(code);
            rows.dl.from.push(from.code);
            rows.dl.created.push(iso(at));
            rows.dl.acked.push(iso(Math.min(fetchedAt, nowMs)));
            rows.dl.status.push(last?.[0] ?? null);
            rows.dl.progress.push(last?.[0] ?? null);
            rows.dl.statusAt.push(last ? iso(last[1]) : null);
          }
        },
      });
    }
    docs.sort((a, b) => a.at - b.at);
    for (const d of docs) d.build();

    await database.db.transaction(async (tx) => {
      const p = rows.pk;
      await tx.execute(sql`
        insert into axis.packages (doc_id, sender_system, from_organ_id, kind, sha256, size, document_id, bussiness_doc_type,
          recipients_key, trace_insert_offset, trace_xml, signature_flags, subject, created_at)
        select u.doc_id, u.sys, u.from_code, 'edoc', u.sha, 4096, u.document_id, 0, u.rkey, 0, '', u.flags::jsonb, u.subject, u.created::timestamptz
        from unnest(${param(p.docId)}::text[], ${param(p.system)}::text[], ${param(p.from)}::text[], ${param(p.sha)}::text[], ${param(p.documentId)}::text[],
                    ${param(p.key)}::text[], ${param(p.flags)}::text[], ${param(p.subject)}::text[], ${param(p.created)}::text[])
          as u(doc_id, sys, from_code, sha, document_id, rkey, flags, subject, created)`);
      const d = rows.dl;
      await tx.execute(sql`
        insert into axis.deliveries (id, doc_id, kind, recipient_code, from_organ_id, state, created_at, updated_at, fetched_at, acked_at,
          status_code, progress_code, status_at)
        select u.id, u.doc_id, 'edoc', u.to_code, u.from_code, 'done', u.created::timestamptz, u.acked::timestamptz, u.acked::timestamptz,
          u.acked::timestamptz, u.status, u.progress, u.status_at::timestamptz
        from unnest(${param(d.id)}::text[], ${param(d.docId)}::text[], ${param(d.to)}::text[], ${param(d.from)}::text[], ${param(d.created)}::text[], ${param(d.acked)}::text[],
                    ${param(d.status)}::text[], ${param(d.progress)}::text[], ${param(d.statusAt)}::text[])
          as u(id, doc_id, to_code, from_code, created, acked, status, progress, status_at)`);
      const headRows = await tx.execute(
        sql`select seq, hash from axis.evidence_head where id = 1 for update`,
      );
      const head = (headRows as { rows: { seq: string | number; hash: string }[] }).rows[0]!;
      const chained = chain({ seq: Number(head.seq), hash: head.hash }, rows.events);
      const ev = rows.events;
      for (let i = 0; i < ev.length; i += 20_000) {
        const j = Math.min(ev.length, i + 20_000);
        const col = <T>(f: (e: HistoryEvent) => T) => ev.slice(i, j).map(f);
        await tx.execute(sql`
          insert into axis.evidence (seq, prev_hash, hash, event_type, doc_id, package_sha256, actor, at, details)
          select u.seq, u.prev, u.hash, u.type, u.doc_id, u.sha, u.actor, u.at::timestamptz, u.details::jsonb
          from unnest(${param(chained.seqs.slice(i, j))}::int8[], ${param(chained.prevs.slice(i, j))}::text[], ${param(chained.hashes.slice(i, j))}::text[],
                      ${param(col((e) => e.eventType))}::text[], ${param(col((e) => e.docId))}::text[], ${param(col((e) => e.packageSha256))}::text[],
                      ${param(col((e) => e.actor))}::text[], ${param(col((e) => e.at))}::text[], ${param(col((e) => e.details))}::text[])
            as u(seq, prev, hash, type, doc_id, sha, actor, at, details)`);
      }
      await tx.execute(
        sql`update axis.evidence_head set seq = ${chained.head.seq}, hash = ${chained.head.hash} where id = 1`,
      );
    });
    written += n;
    deliveriesWritten += rows.dl.id.length;
    eventsWritten += rows.events.length;
    options.onProgress?.(written);
  }
  return { documents: written, deliveries: deliveriesWritten, events: eventsWritten };
}
