import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { DeliveryRecord, DeliveryStore, InboxQuery } from '../use-cases/ports.ts';
import { appendEvidence } from './evidence-writer.ts';
import { toPackage } from './package-store.ts';
import { deliveries, packages, statusEvents } from './schema.ts';

type Row = typeof deliveries.$inferSelect;
const toDelivery = (row: Row): DeliveryRecord => ({ ...row });

function inboxWhere(query: Omit<InboxQuery, 'limit' | 'offset'>) {
  const states = query.states ?? ['pending', 'processing'];
  const open = states.length === 2 && states.includes('pending') && states.includes('processing');
  return and(
    query.recipientCodes.length === 1
      ? eq(deliveries.recipientCode, query.recipientCodes[0]!)
      : inArray(deliveries.recipientCode, [...query.recipientCodes]),
    eq(deliveries.kind, query.kind),
    // Literal constants (not parameters) so the planner can use the partial inbox index.
    open
      ? sql`${deliveries.state} in ('pending', 'processing')`
      : states.length === 1
        ? eq(deliveries.state, states[0]!)
        : inArray(deliveries.state, [...states]),
    query.from ? gte(deliveries.createdAt, query.from) : undefined,
    query.to ? lte(deliveries.createdAt, query.to) : undefined,
  );
}

export function createDeliveryStore(database: Database): DeliveryStore {
  const { db } = database;
  return {
    async get(id) {
      const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id)).limit(1);
      return row ? toDelivery(row) : undefined;
    },
    async listInbox(query) {
      if (query.recipientCodes.length === 0) return [];
      const rows = await db
        .select()
        .from(deliveries)
        .where(inboxWhere(query))
        .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
        .limit(query.limit)
        .offset(query.offset);
      return rows.map(toDelivery);
    },
    async countInbox(query) {
      if (query.recipientCodes.length === 0) return 0;
      const [row] = await db.select({ n: count() }).from(deliveries).where(inboxWhere(query));
      return Number(row?.n ?? 0);
    },
    async findForRecipients(idOrDocId, recipientCodes) {
      if (recipientCodes.length === 0) return [];
      const rows = await db
        .select()
        .from(deliveries)
        .where(
          and(
            or(eq(deliveries.id, idOrDocId), eq(deliveries.docId, idOrDocId)),
            inArray(deliveries.recipientCode, [...recipientCodes]),
          ),
        )
        .limit(50);
      return rows.map(toDelivery);
    },
    async forPackage(docId) {
      const rows = await db
        .select()
        .from(deliveries)
        .where(eq(deliveries.docId, docId))
        .orderBy(asc(deliveries.recipientCode));
      return rows.map(toDelivery);
    },
    async findByDocumentAndRecipient(documentId, recipientCode) {
      const rows = await db
        .select({ d: deliveries })
        .from(deliveries)
        .innerJoin(packages, eq(packages.docId, deliveries.docId))
        .where(
          and(
            eq(packages.documentId, documentId),
            eq(packages.kind, 'edoc'),
            eq(deliveries.recipientCode, recipientCode),
          ),
        )
        .orderBy(desc(deliveries.createdAt));
      return rows.map((r) => toDelivery(r.d));
    },
    async markFetched(id, at, events) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(deliveries)
          .set({ fetchedAt: at, updatedAt: at })
          .where(and(eq(deliveries.id, id), isNull(deliveries.fetchedAt)))
          .returning({ id: deliveries.id });
        if (rows.length === 0) return false;
        await appendEvidence(tx, events);
        return true;
      });
    },
    async acknowledge(id, outcome, at, maxRetries, events) {
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(deliveries).where(eq(deliveries.id, id)).for('update');
        if (!current || current.state === 'done' || current.state === 'failed') return undefined;
        let set: Partial<Row>;
        if (outcome === 'done') set = { state: 'done', ackedAt: at, updatedAt: at };
        else if (outcome === 'processing') set = { state: 'processing', updatedAt: at };
        else {
          // `fail` puts the delivery back in the inbox until the retry bound, then it is final.
          const retryCount = current.retryCount + 1;
          set = { state: retryCount >= maxRetries ? 'failed' : 'pending', retryCount, updatedAt: at };
        }
        const [next] = await tx.update(deliveries).set(set).where(eq(deliveries.id, id)).returning();
        const updated = toDelivery(next!);
        await appendEvidence(tx, events(updated));
        return updated;
      });
    },
    async listSent(query) {
      const rows = await db
        .select({ p: packages, d: deliveries })
        .from(packages)
        .innerJoin(deliveries, eq(deliveries.docId, packages.docId))
        .where(
          and(
            eq(packages.senderSystem, query.senderSystem),
            query.docId ? eq(packages.docId, query.docId) : undefined,
            query.kind ? eq(packages.kind, query.kind) : undefined,
          ),
        )
        .orderBy(desc(packages.createdAt), asc(deliveries.recipientCode))
        .limit(query.limit)
        .offset(query.offset);
      return rows.map((r) => ({ package: toPackage(r.p), delivery: toDelivery(r.d) }));
    },
    async statusHistory(docId) {
      const rows = await db
        .select()
        .from(statusEvents)
        .where(eq(statusEvents.docId, docId))
        .orderBy(asc(statusEvents.id));
      return rows.map((r) => ({
        deliveryId: r.deliveryId,
        recipientCode: r.recipientCode,
        statusCode: r.statusCode,
        description: r.description,
        fromOrganId: r.fromOrganId,
        statusDocId: r.statusDocId,
        statedAt: r.statedAt,
        receivedAt: r.receivedAt,
      }));
    },
  };
}
