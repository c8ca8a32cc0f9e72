/**
 * The receiving clerk answers an update or a replacement of a received document (BussinessDocType
 * 2/3): agree (15) — an update's corrected information and new attachments are applied, a replaced
 * document is closed as `replaced` — or refuse with a reason (16). The answer goes to the sender
 * through the axis about the original document, in the same transaction (outbox).
 */
import { parsePackage } from '../../standards/index.ts';
import { checkReason } from '../domain/document-states.ts';
import { officeErrors } from '../domain/errors.ts';
import { requirePermission } from '../domain/roles.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';
import type { DocumentRecord } from './ports.ts';
import { queueReceiverStatus } from './status-packages.ts';

export async function answerDocumentRequest(
  deps: Pick<OfficeDeps, 'store' | 'clock' | 'blobs'>,
  actor: Actor,
  id: number,
  agree: boolean,
  reason?: string,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.receive');
  const refusal = agree ? undefined : checkReason(reason);
  // Parse the update outside the transaction (attachments go to the blob store, content-addressed).
  const pending = await loadDocument(deps.store, actor, id, { direction: 'incoming' });
  const update =
    agree && pending.pendingRequest === 'update' && pending.pendingPackageSha256
      ? (await parsePackage(await deps.blobs.readAll(pending.pendingPackageSha256), { blobs: deps.blobs }))
          .package
      : undefined;
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    const request = doc.pendingRequest;
    if (request !== 'update' && request !== 'replace')
      throw officeErrors.error('office.invalid_state', { state: doc.state, action: 'answer_request' });
    if (request === 'update' && agree && doc.pendingPackageSha256 !== pending.pendingPackageSha256)
      throw officeErrors.error('office.invalid_state', { state: doc.state, action: 'answer_request' });
    const now = deps.clock.now();
    const patch: Record<string, unknown> = {
      pendingRequest: null,
      pendingReason: null,
      pendingPackageSha256: null,
    };
    const changes: Record<string, unknown> = {};
    if (agree && request === 'update' && update?.kind === 'edoc') {
      const h = update.header;
      const subject = h.subject?.normalize('NFC').trim();
      if (subject && subject !== doc.subject) changes.subject = subject;
      const summary = h.content?.normalize('NFC') ?? null;
      if (summary !== doc.summary) changes.summary = summary;
      if ((h.signerInfo?.fullName ?? null) !== doc.signerName)
        changes.signerName = h.signerInfo?.fullName ?? null;
      if ((h.signerInfo?.position ?? null) !== doc.signerPosition)
        changes.signerPosition = h.signerInfo?.position ?? null;
      const priority = Number(h.otherInfo?.priority?.trim());
      if (Number.isInteger(priority) && priority >= 0 && priority <= 4 && priority !== doc.priority)
        changes.priority = priority;
      const known = new Set((await store.listAttachments(actor.agencyId, id)).map((a) => a.sha256));
      for (const a of update.attachments) {
        if (known.has(a.sha256)) continue;
        await store.addAttachment({
          agencyId: actor.agencyId,
          documentId: id,
          name: (a.name ?? a.description ?? 'tep-dinh-kem').normalize('NFC'),
          contentType: a.contentType ?? 'application/octet-stream',
          size: a.size,
          sha256: a.sha256,
          origin: 'edxml',
        });
        changes.attachments = [...((changes.attachments as string[] | undefined) ?? []), a.name ?? a.sha256];
      }
    }
    if (agree && request === 'replace') patch.state = 'replaced';
    const before = Object.fromEntries(
      Object.keys(changes)
        .filter((k) => k !== 'attachments')
        .map((k) => [k, doc[k as keyof DocumentRecord]]),
    );
    const { attachments: _added, ...fields } = changes;
    const updated = await store.updateDocument(actor.agencyId, id, { ...patch, ...fields });
    if (Object.keys(fields).length > 0) await store.refreshSearchText(actor.agencyId, id);
    const text = agree
      ? request === 'update'
        ? 'Đồng ý cập nhật văn bản'
        : 'Đồng ý thay thế văn bản'
      : refusal!;
    await queueReceiverStatus(store, updated, agree ? '15' : '16', text, actor, now);
    await auditDocument(
      store,
      actor,
      `incoming.${request}_${agree ? 'agreed' : 'refused'}`,
      updated,
      agree ? { before, after: changes } : { reason: refusal },
    );
    return updated;
  });
}
