import { and, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { PackageRecord, PackageStore, RecordOutcome, SendRecord } from '../use-cases/ports.ts';
import { appendEvidence, type Executor } from './evidence-writer.ts';
import { deliveries, idempotencyKeys, packages, statusEvents } from './schema.ts';

type Row = typeof packages.$inferSelect;

export function toPackage(row: Row): PackageRecord {
  const { signatureFlags: _flags, ...rest } = row;
  return rest;
}

const isNotDistinctFrom = (column: AnyColumn, value: string | null): SQL =>
  value === null ? sql`${column} is null` : sql`${column} = ${value}`;

class StateConflict extends Error {}

/**
 * Applies a send's per-recipient state changes inside the caller's transaction, each as a
 * compare-and-set against the state the plan was made from, and records the status events.
 * Returns false when another transaction changed a delivery first (the caller rolls back).
 */
export async function applyStateChanges(tx: Executor, send: SendRecord): Promise<boolean> {
  const p = send.package;
  for (const change of send.stateChanges) {
    const updated = await tx
      .update(deliveries)
      .set({
        ...change.next,
        statusAt: change.statusEvent ? p.createdAt : sql`${deliveries.statusAt}`,
      })
      .where(
        and(
          eq(deliveries.id, change.deliveryId),
          isNotDistinctFrom(deliveries.statusCode, change.expected.statusCode),
          isNotDistinctFrom(deliveries.progressCode, change.expected.progressCode),
          isNotDistinctFrom(deliveries.pendingRequest, change.expected.pendingRequest),
          isNotDistinctFrom(deliveries.effect, change.expected.effect),
        ),
      )
      .returning({ id: deliveries.id, docId: deliveries.docId, recipientCode: deliveries.recipientCode });
    const row = updated[0];
    if (!row) return false;
    if (change.statusEvent) {
      await tx.insert(statusEvents).values({
        deliveryId: row.id,
        docId: row.docId,
        recipientCode: row.recipientCode,
        statusCode: change.statusEvent.statusCode,
        description: change.statusEvent.description,
        fromOrganId: change.statusEvent.fromOrganId,
        statusDocId: p.docId,
        statedAt: change.statusEvent.statedAt,
        receivedAt: p.createdAt,
      });
    }
  }
  return true;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export function createPackageStore(database: Database): PackageStore {
  const { db } = database;
  return {
    async get(docId) {
      const [row] = await db.select().from(packages).where(eq(packages.docId, docId)).limit(1);
      return row ? toPackage(row) : undefined;
    },
    async findBySenderSha(senderSystem, sha256) {
      const [row] = await db
        .select()
        .from(packages)
        .where(and(eq(packages.senderSystem, senderSystem), eq(packages.sha256, sha256)))
        .limit(1);
      return row ? toPackage(row) : undefined;
    },
    async findNewDocument(fromOrganId, documentId, recipientsKey) {
      const [row] = await db
        .select()
        .from(packages)
        .where(
          and(
            eq(packages.fromOrganId, fromOrganId),
            eq(packages.documentId, documentId),
            eq(packages.recipientsKey, recipientsKey),
            eq(packages.kind, 'edoc'),
            eq(packages.bussinessDocType, 0),
          ),
        )
        .limit(1);
      return row ? toPackage(row) : undefined;
    },
    async findByIdempotencyKey(systemId, key) {
      const [row] = await db
        .select({ p: packages })
        .from(idempotencyKeys)
        .innerJoin(packages, eq(packages.docId, idempotencyKeys.docId))
        .where(and(eq(idempotencyKeys.systemId, systemId), eq(idempotencyKeys.key, key)))
        .limit(1);
      return row ? toPackage(row.p) : undefined;
    },
    async findByDocumentId(documentId, fromOrganId) {
      const rows = await db
        .select()
        .from(packages)
        .where(
          and(
            eq(packages.documentId, documentId),
            eq(packages.kind, 'edoc'),
            fromOrganId === undefined ? undefined : eq(packages.fromOrganId, fromOrganId),
          ),
        )
        .orderBy(desc(packages.createdAt));
      return rows.map(toPackage);
    },
    async record(send): Promise<RecordOutcome> {
      try {
        await db.transaction(async (tx) => {
          const p = send.package;
          await tx.insert(packages).values({ ...p });
          if (send.deliveries.length > 0) {
            await tx.insert(deliveries).values(
              send.deliveries.map((d) => ({
                id: d.id,
                docId: p.docId,
                kind: p.kind,
                recipientCode: d.recipientCode,
                addressedCode: d.addressedCode,
                fromOrganId: p.fromOrganId,
                createdAt: p.createdAt,
                updatedAt: p.createdAt,
              })),
            );
          }
          await send.commitBlob?.();
          // Compare-and-set: the plan was made from a read outside this transaction.
          if (!(await applyStateChanges(tx, send))) throw new StateConflict();
          if (send.idempotencyKey) {
            await tx.insert(idempotencyKeys).values({
              systemId: p.senderSystem,
              key: send.idempotencyKey,
              docId: p.docId,
              createdAt: p.createdAt,
            });
          }
          await appendEvidence(tx, send.events);
        });
        return { kind: 'recorded' };
      } catch (err) {
        if (err instanceof StateConflict) return { kind: 'state_conflict' };
        if (isUniqueViolation(err)) {
          const p = send.package;
          const existing =
            (await this.findBySenderSha(p.senderSystem, p.sha256)) ??
            (send.idempotencyKey
              ? await this.findByIdempotencyKey(p.senderSystem, send.idempotencyKey)
              : undefined) ??
            (p.documentId && p.kind === 'edoc' && p.bussinessDocType === 0
              ? await this.findNewDocument(p.fromOrganId, p.documentId, p.recipientsKey)
              : undefined);
          if (existing) return { kind: 'duplicate', docId: existing.docId };
        }
        throw err;
      }
    },
  };
}
