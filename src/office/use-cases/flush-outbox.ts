/**
 * Sends an agency's queued packages to the axis in order: outgoing documents and status packages.
 * A document's later packages wait while an earlier one of the same document has not gone out, so
 * the sender always sees 01 before 03 before 04… (the axis refuses them out of order).
 */
import type { OfficeDeps } from './deps.ts';
import type { AgencyRecord } from './ports.ts';
import { buildStatusPackage } from './status-packages.ts';

export async function flushOutbox(
  deps: OfficeDeps,
  agency: AgencyRecord,
  limit = 100,
): Promise<{ sent: number; failed: number }> {
  const pending = await deps.store.pendingOutbox(agency.id, limit);
  if (pending.length === 0) return { sent: 0, failed: 0 };
  const gateway = deps.axis(agency);
  const blocked = new Set<number>();
  let sent = 0;
  let failed = 0;
  for (const entry of pending) {
    if (blocked.has(entry.documentId)) continue;
    try {
      const doc = await deps.store.getDocument(agency.id, entry.documentId);
      if (!doc) {
        await deps.store.markOutboxFailed(entry.id, 'document not found');
        continue;
      }
      const payload = entry.payload;
      if (payload.kind === 'edoc') {
        const bytes = await deps.blobs.readAll(payload.packageSha256);
        const result = await gateway.send(bytes, {
          to: payload.to,
          idempotencyKey: `office-${agency.code}-edoc-${entry.id}`,
        });
        await deps.store.transaction(async (store) => {
          if (payload.purpose !== 'update') {
            await store.updateDocument(agency.id, doc.id, { axisDocId: result.docId });
          }
          await store.markOutboxSent(entry.id, deps.clock.now());
          await store.audit({
            agencyId: agency.id,
            userId: null,
            action: 'axis.sent',
            objectType: 'document',
            objectId: doc.id,
            details: { docId: result.docId, ...(payload.purpose ? { purpose: payload.purpose } : {}) },
          });
        });
      } else {
        const bytes = await buildStatusPackage(agency, doc, payload);
        await gateway.send(bytes, {
          to: payload.to,
          idempotencyKey: `office-${agency.code}-status-${entry.id}`,
        });
        await deps.store.markOutboxSent(entry.id, deps.clock.now());
      }
      sent++;
    } catch (err) {
      failed++;
      blocked.add(entry.documentId);
      deps.logger?.warn(
        { err, agency: agency.code, outboxId: entry.id },
        'office: could not send to the axis',
      );
      await deps.store.markOutboxFailed(
        entry.id,
        err instanceof Error ? `${(err as { code?: string }).code ?? ''} ${err.message}` : String(err),
      );
    }
  }
  return { sent, failed };
}
