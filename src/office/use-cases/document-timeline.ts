/**
 * The per-recipient status timeline of a document, for the page to poll cheaply: a version string
 * (count and last id of status events, the document's state and update time, the last recipient
 * status time) lets the HTTP layer answer 304 while nothing changed.
 */
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';

export async function documentTimeline(deps: Pick<OfficeDeps, 'store'>, actor: Actor, id: number) {
  const doc = await loadDocument(deps.store, actor, id);
  const [version, recipients, events] = await Promise.all([
    deps.store.timelineVersion(actor.agencyId, id),
    deps.store.listRecipients(actor.agencyId, id),
    deps.store.listStatusEvents(actor.agencyId, id),
  ]);
  return {
    version,
    document: {
      id: doc.id,
      state: doc.state,
      pendingRequest: doc.pendingRequest,
      axisDocId: doc.axisDocId,
      updatedAt: doc.updatedAt,
    },
    recipients,
    events,
  };
}
