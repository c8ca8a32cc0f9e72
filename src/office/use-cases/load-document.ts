/** Loads a document of the actor's own agency; any other agency's id answers "not found" (never 403). */
import { officeErrors } from '../domain/errors.ts';
import type { Actor } from './deps.ts';
import type { DocumentRecord, OfficeStore } from './ports.ts';

export async function loadDocument(
  store: OfficeStore,
  actor: Actor,
  id: number,
  options: { lock?: boolean; direction?: 'incoming' | 'outgoing' } = {},
): Promise<DocumentRecord> {
  const doc = options.lock
    ? await store.lockDocument(actor.agencyId, id)
    : await store.getDocument(actor.agencyId, id);
  if (!doc || (options.direction && doc.direction !== options.direction)) {
    throw officeErrors.error('office.not_found', { documentId: id });
  }
  return doc;
}

export async function loadAgency(store: OfficeStore, agencyId: number) {
  const agency = await store.getAgency(agencyId);
  if (!agency) throw officeErrors.error('office.not_found', { agencyId });
  return agency;
}
