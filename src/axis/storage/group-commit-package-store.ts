/**
 * Group commit for sends. Every accepted send appends to the evidence chain, whose single head row is
 * locked until commit, so one transaction per send serialises the axis on one WAL flush per package
 * (~100–300 sends/s here). This wrapper queues concurrent `record` calls and writes each batch in ONE
 * transaction — multi-row inserts, one evidence append, one commit — so a flush is paid per batch.
 * Durability is unchanged: every caller is answered only after the batch has committed.
 *
 * If the batch fails for any reason (a concurrent duplicate hitting a unique index, a business-state
 * compare-and-set that lost a race, anything else) it is rolled back and every send of the batch is
 * recorded again on its own through the inner store, which gives each caller its exact outcome
 * (`recorded`, `duplicate`, `state_conflict` or its error).
 */
import type { Database } from '../../platform/index.ts';
import type { PackageStore, RecordOutcome, SendRecord } from '../use-cases/ports.ts';
import { appendEvidence } from './evidence-writer.ts';
import { applyStateChanges } from './package-store.ts';
import { deliveries, idempotencyKeys, packages } from './schema.ts';

export interface GroupCommitOptions {
  /** Most sends written by one transaction. */
  readonly maxBatch?: number;
}

interface Pending {
  readonly send: SendRecord;
  readonly resolve: (outcome: RecordOutcome) => void;
  readonly reject: (err: unknown) => void;
}

class BatchConflict extends Error {}

export function withGroupCommit(
  inner: PackageStore,
  database: Database,
  options: GroupCommitOptions = {},
): PackageStore {
  const maxBatch = options.maxBatch ?? 200;
  const queue: Pending[] = [];
  let flushing = false;

  async function writeBatch(batch: readonly Pending[]): Promise<void> {
    await database.db.transaction(async (tx) => {
      const sends = batch.map((p) => p.send);
      await tx.insert(packages).values(sends.map((s) => ({ ...s.package })));
      const rows = sends.flatMap((s) =>
        s.deliveries.map((d) => ({
          id: d.id,
          docId: s.package.docId,
          kind: s.package.kind,
          recipientCode: d.recipientCode,
          addressedCode: d.addressedCode,
          fromOrganId: s.package.fromOrganId,
          createdAt: s.package.createdAt,
          updatedAt: s.package.createdAt,
        })),
      );
      if (rows.length > 0) await tx.insert(deliveries).values(rows);
      for (const s of sends) {
        if (!(await applyStateChanges(tx, s))) throw new BatchConflict();
      }
      const keys = sends.filter((s) => s.idempotencyKey);
      if (keys.length > 0) {
        await tx.insert(idempotencyKeys).values(
          keys.map((s) => ({
            systemId: s.package.senderSystem,
            key: s.idempotencyKey!,
            docId: s.package.docId,
            createdAt: s.package.createdAt,
          })),
        );
      }
      // Last statement: the evidence head stays locked only until this commit.
      await appendEvidence(
        tx,
        sends.flatMap((s) => s.events),
      );
    });
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        if (batch.length === 1) {
          // Nothing to group: the inner store's own transaction (and its exact outcome handling).
          const [only] = batch as [Pending];
          await inner.record(only.send).then(only.resolve, only.reject);
          continue;
        }
        try {
          await writeBatch(batch);
          for (const p of batch) p.resolve({ kind: 'recorded' });
        } catch {
          // One send spoiled the batch: give each its own transaction and its own answer.
          await Promise.all(batch.map((p) => inner.record(p.send).then(p.resolve, p.reject)));
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    ...inner,
    record(send) {
      return new Promise<RecordOutcome>((resolve, reject) => {
        queue.push({ send, resolve, reject });
        void flush();
      });
    },
  };
}
