/**
 * The review chain of outgoing drafts and the links between documents (replacement, update), over
 * the `office` schema. Spread into the OfficeStore so the same transaction handle serves both.
 */
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/index.ts';
import type { WorkflowStore } from '../use-cases/ports.ts';
import { documents, recipients, reviewSteps, statusEvents } from './schema.ts';

export function createWorkflowStore(db: Db): WorkflowStore {
  return {
    async addReviewSteps(agencyId, documentId, round, reviewerIds) {
      if (reviewerIds.length === 0) return [];
      const rows = await db
        .insert(reviewSteps)
        .values(
          reviewerIds.map((reviewerId, i) => ({
            agencyId,
            documentId,
            round,
            position: i + 1,
            reviewerId,
            state: i === 0 ? 'current' : 'waiting',
          })),
        )
        .returning();
      return rows;
    },
    async listReviewSteps(agencyId, documentId) {
      return await db
        .select()
        .from(reviewSteps)
        .where(and(eq(reviewSteps.agencyId, agencyId), eq(reviewSteps.documentId, documentId)))
        .orderBy(asc(reviewSteps.round), asc(reviewSteps.position));
    },
    async setReviewStep(agencyId, id, patch) {
      await db
        .update(reviewSteps)
        .set(patch)
        .where(and(eq(reviewSteps.agencyId, agencyId), eq(reviewSteps.id, id)));
    },
    async listReviewQueue(agencyId, reviewerId, unchained) {
      const current = sql`EXISTS (SELECT 1 FROM ${reviewSteps} s WHERE s.document_id = ${documents.id}
        AND s.agency_id = ${agencyId} AND s.state = 'current' AND s.reviewer_id = ${reviewerId})`;
      const noChain = sql`NOT EXISTS (SELECT 1 FROM ${reviewSteps} s WHERE s.document_id = ${documents.id}
        AND s.agency_id = ${agencyId} AND s.state = 'current')`;
      return await db
        .select()
        .from(documents)
        .where(
          and(
            eq(documents.agencyId, agencyId),
            eq(documents.direction, 'outgoing'),
            eq(documents.state, 'submitted'),
            unchained ? or(current, noChain) : current,
          ),
        )
        .orderBy(desc(documents.priority), asc(documents.id))
        .limit(200);
    },
    async listLinkedDocuments(agencyId, id) {
      return await db
        .select()
        .from(documents)
        .where(and(eq(documents.agencyId, agencyId), eq(documents.relatedDocumentId, id)))
        .orderBy(asc(documents.id));
    },
    async timelineVersion(agencyId, documentId) {
      const [events] = await db
        .select({ n: sql<number>`count(*)::int`, last: sql<number | null>`max(${statusEvents.id})::bigint` })
        .from(statusEvents)
        .where(and(eq(statusEvents.agencyId, agencyId), eq(statusEvents.documentId, documentId)));
      const [doc] = await db
        .select({ updatedAt: documents.updatedAt, state: documents.state })
        .from(documents)
        .where(and(eq(documents.agencyId, agencyId), eq(documents.id, documentId)));
      const [rec] = await db
        .select({
          last: sql<
            string | null
          >`greatest(max(${recipients.statusAt}), max(${recipients.replacementAt}))::text`,
        })
        .from(recipients)
        .where(and(eq(recipients.agencyId, agencyId), eq(recipients.documentId, documentId)));
      return [
        events?.n ?? 0,
        events?.last ?? 0,
        doc?.state ?? '',
        doc?.updatedAt?.getTime() ?? 0,
        rec?.last ?? '',
      ].join('.');
    },
  };
}
