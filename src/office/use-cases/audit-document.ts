import type { Actor } from './deps.ts';
import type { DocumentRecord, OfficeStore } from './ports.ts';

/** Records one action of a user on a document in the agency's audit trail. */
export async function auditDocument(
  store: OfficeStore,
  actor: Actor,
  action: string,
  doc: DocumentRecord,
  details?: Record<string, unknown>,
): Promise<void> {
  await store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action,
    objectType: 'document',
    objectId: doc.id,
    ...(details ? { details } : {}),
  });
}
