/**
 * Group commit for sends. Every accepted send appends to the evidence chain, whose single head row is
 * locked until commit, so one transaction per send serialises the axis on one WAL flush per package
 * (~100–300 sends/s here). This wrapper queues concurrent `record` calls and writes each batch in ONE
 * transaction — one statement for the packages and their deliveries (rows passed as one JSON
 * parameter), one evidence append, one commit — so a flush and the statement overhead are paid per
 * batch. Durability is unchanged: every caller is answered only after the batch has committed.
 *
 * Idempotency costs no read: a package that hits a unique index (the same bytes from the same
 * system, a DocumentId already sent to the same recipients) is skipped by `on conflict do nothing`
 * and answered, after the commit, with the docId of the package holding the index entry.
 * If the batch fails for any other reason (a business-state compare-and-set that lost a race, an
 * Idempotency-Key reused for other bytes, anything else) it is rolled back and every send of the
 * batch is recorded again on its own through the inner store, which gives each caller its exact
 * outcome (`recorded`, `duplicate`, `state_conflict` or its error).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { PackageStore, RecordOutcome, SendRecord } from '../use-cases/ports.ts';
import { appendEvidence, rowsOf, type Executor } from './evidence-writer.ts';
import { applyStateChanges } from './package-store.ts';
import { deliveries, idempotencyKeys, packages } from './schema.ts';

export interface GroupCommitOptions {
  /** Most sends written by one transaction. */
  readonly maxBatch?: number;
  /** Batches written at once (pipelined; default 3). */
  readonly maxInFlight?: number;
}

interface Pending {
  readonly send: SendRecord;
  readonly resolve: (outcome: RecordOutcome) => void;
  readonly reject: (err: unknown) => void;
}

class BatchConflict extends Error {}

/** Package rows as one JSON parameter (snake_case keys = column names of `jsonb_to_recordset`). */
function packageRows(sends: readonly SendRecord[]): string {
  return JSON.stringify(
    sends.map(({ package: p }) => ({
      doc_id: p.docId,
      sender_system: p.senderSystem,
      from_organ_id: p.fromOrganId,
      kind: p.kind,
      sha256: p.sha256,
      size: p.size,
      document_id: p.documentId,
      bussiness_doc_type: p.bussinessDocType,
      response_for_document_id: p.responseForDocumentId,
      ref_doc_id: p.refDocId,
      status_code: p.statusCode,
      subject: p.subject,
      notation: p.notation,
      recipients_key: p.recipientsKey,
      trace_insert_offset: p.traceInsertOffset,
      trace_xml: p.traceXml,
      signed: p.signed ?? null,
      signature_status: p.signatureStatus ?? null,
      signature_chain_checked: p.signatureChainChecked ?? null,
      signer_subject: p.signerSubject ?? null,
      signature_algorithm: p.signatureAlgorithm ?? null,
      signature_weak: p.signatureWeak ?? null,
      findings: p.findings ?? [],
      created_at: p.createdAt,
    })),
  );
}

function deliveryRows(sends: readonly SendRecord[]): string {
  return JSON.stringify(
    sends.flatMap(({ package: p, deliveries: list }) =>
      list.map((d) => ({
        id: d.id,
        doc_id: p.docId,
        kind: p.kind,
        recipient_code: d.recipientCode,
        addressed_code: d.addressedCode,
        from_organ_id: p.fromOrganId,
        created_at: p.createdAt,
      })),
    ),
  );
}

/**
 * Inserts the packages and their deliveries in one statement. A package that hits a unique index
 * (the same bytes from the same system, or a DocumentId already sent to the same recipients) is
 * skipped with its deliveries, not an error: the caller answers it as a duplicate.
 * Returns the docIds actually inserted.
 */
async function insertPackages(tx: Executor, sends: readonly SendRecord[]): Promise<Set<string>> {
  const rows = rowsOf<{ doc_id: string }>(
    await tx.execute(sql`
      with p as (
        insert into ${packages} (doc_id, sender_system, from_organ_id, kind, sha256, size, document_id,
          bussiness_doc_type, response_for_document_id, ref_doc_id, status_code, subject, notation,
          recipients_key, trace_insert_offset, trace_xml, signed, signature_status,
          signature_chain_checked, signer_subject, signature_algorithm, signature_weak, findings,
          created_at)
        select * from jsonb_to_recordset(${packageRows(sends)}::jsonb) as x(doc_id text,
          sender_system text, from_organ_id text, kind text, sha256 text, size bigint,
          document_id text, bussiness_doc_type smallint, response_for_document_id text,
          ref_doc_id text, status_code text, subject text, notation text, recipients_key text,
          trace_insert_offset bigint, trace_xml text, signed boolean, signature_status text,
          signature_chain_checked boolean, signer_subject text, signature_algorithm text,
          signature_weak boolean, findings jsonb, created_at timestamptz)
        on conflict do nothing
        returning doc_id
      ), d as (
        insert into ${deliveries} (id, doc_id, kind, recipient_code, addressed_code, from_organ_id,
          created_at, updated_at)
        select x.id, x.doc_id, x.kind, x.recipient_code, x.addressed_code, x.from_organ_id,
          x.created_at, x.created_at
        from jsonb_to_recordset(${deliveryRows(sends)}::jsonb) as x(id text, doc_id text, kind text,
          recipient_code text, addressed_code text, from_organ_id text, created_at timestamptz)
        join p on p.doc_id = x.doc_id
      )
      select doc_id from p`),
  );
  return new Set(rows.map((r) => r.doc_id));
}

export function withGroupCommit(
  inner: PackageStore,
  database: Database,
  options: GroupCommitOptions = {},
): PackageStore {
  const maxBatch = options.maxBatch ?? 200;
  const maxInFlight = options.maxInFlight ?? 3;
  const queue: Pending[] = [];

  /** Writes the batch in one transaction; returns the sends skipped as duplicates. */
  async function writeBatch(batch: readonly Pending[]): Promise<Pending[]> {
    return database.db.transaction(async (tx) => {
      const inserted = await insertPackages(
        tx,
        batch.map((p) => p.send),
      );
      const fresh = batch.filter((p) => inserted.has(p.send.package.docId));
      await Promise.all(fresh.map((p) => p.send.commitBlob?.() ?? Promise.resolve()));
      for (const { send } of fresh) {
        if (send.stateChanges.length > 0 && !(await applyStateChanges(tx, send))) throw new BatchConflict();
      }
      const keyed = fresh.filter((p) => p.send.idempotencyKey);
      if (keyed.length > 0) {
        const stored = await tx
          .insert(idempotencyKeys)
          .values(
            keyed.map(({ send }) => ({
              systemId: send.package.senderSystem,
              key: send.idempotencyKey!,
              docId: send.package.docId,
              createdAt: send.package.createdAt,
            })),
          )
          .onConflictDoNothing()
          .returning({ docId: idempotencyKeys.docId });
        // A key already used for other bytes: the per-send path answers that send with its error.
        if (stored.length !== keyed.length) throw new BatchConflict();
      }
      // Last statement: the evidence head stays locked only until this commit.
      await appendEvidence(
        tx,
        fresh.flatMap((p) => p.send.events),
      );
      return batch.filter((p) => !inserted.has(p.send.package.docId));
    });
  }

  /** A send skipped by a unique index: answer with the package that holds the index entry. */
  async function answerSkipped(p: Pending): Promise<void> {
    const s = p.send.package;
    const existing =
      (await inner.findBySenderSha(s.senderSystem, s.sha256)) ??
      (s.documentId && s.kind === 'edoc' && s.bussinessDocType === 0
        ? await inner.findNewDocument(s.fromOrganId, s.documentId, s.recipientsKey)
        : undefined);
    if (existing) p.resolve({ kind: 'duplicate', docId: existing.docId });
    else await inner.record(p.send).then(p.resolve, p.reject);
  }

  /** Writes one batch and answers each of its sends. */
  async function runBatch(batch: Pending[]): Promise<void> {
    let skipped: Pending[];
    try {
      skipped = await writeBatch(batch);
    } catch {
      // One send spoiled the batch: give each its own transaction and its own answer.
      await Promise.all(batch.map((p) => inner.record(p.send).then(p.resolve, p.reject)));
      return;
    }
    for (const p of batch) if (!skipped.includes(p)) p.resolve({ kind: 'recorded' });
    await Promise.all(skipped.map((p) => answerSkipped(p).catch(p.reject)));
  }

  // Batches are pipelined: while one waits for its commit (WAL flush), the next already inserts its
  // rows and makes its blobs durable; the evidence head lock, taken last, keeps appends in order.
  let inFlight = 0;
  function pump(): void {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.splice(0, maxBatch);
      inFlight += 1;
      void runBatch(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return {
    ...inner,
    record(send) {
      return new Promise<RecordOutcome>((resolve, reject) => {
        queue.push({ send, resolve, reject });
        pump();
      });
    },
  };
}
