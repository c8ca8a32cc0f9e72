/**
 * Update (cập nhật, BussinessDocType 2) and replacement (thay thế, BussinessDocType 3) of a document
 * already sent (QCVN 102 amendment; standards-vn §1.3; Decree 30/2020 Art. 18(4)). The axis gives
 * each recipient a pending request, answered by status 15 (agree) or 16 (refuse) — those come back on
 * the original document's recipient timeline.
 *
 * - Update: the clerk corrects the document's information (subject, summary, signer, priority); the
 *   package keeps the original's DocumentId and number and goes to the same recipients at once.
 * - Replacement: a new draft linked to the original (`relation = replaces`) goes through the normal
 *   chain (review, approval and signature, number at issue); at issue its package carries
 *   ReplacementInfo for the original's recipients, each of which is asked; the original is replaced
 *   for a recipient when it agrees (replacement-answers.ts).
 */
import type { Bussiness } from '../../standards/index.ts';
import { checkReason, expectState } from '../domain/document-states.ts';
import { officeErrors } from '../domain/errors.ts';
import { requirePermission } from '../domain/roles.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { buildOutgoingPackage } from './handle-outgoing.ts';
import { loadAgency, loadDocument } from './load-document.ts';
import type { DocumentRecord } from './ports.ts';
import { requireNoPendingReplacement } from './replacement-answers.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock' | 'blobs'>;

export interface UpdateSentInput {
  readonly reason: string;
  readonly subject?: string | undefined;
  readonly summary?: string | undefined;
  readonly signerName?: string | undefined;
  readonly signerPosition?: string | undefined;
  readonly priority?: number | undefined;
}

function requireSent(doc: DocumentRecord): void {
  expectState(doc.state, ['issued'], 'amend');
  if (!doc.edxmlDocumentId || !doc.codeNumber || !doc.codeNotation) {
    throw officeErrors.error('office.not_sent', { documentId: doc.id });
  }
}

/** The clerk sends corrected information of an issued document to its recipients (BussinessDocType 2). */
export async function updateSentDocument(
  deps: Deps,
  actor: Actor,
  id: number,
  input: UpdateSentInput,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.issue');
  const reason = checkReason(input.reason);
  const patch: {
    subject?: string;
    summary?: string | null;
    signerName?: string | null;
    signerPosition?: string | null;
    priority?: number;
  } = {};
  if (input.subject !== undefined) {
    const subject = input.subject.normalize('NFC').trim();
    if (!subject) throw officeErrors.error('office.invalid_input', { field: 'subject' });
    patch.subject = subject;
  }
  if (input.summary !== undefined) patch.summary = input.summary.normalize('NFC');
  if (input.signerName !== undefined) patch.signerName = input.signerName.normalize('NFC').trim() || null;
  if (input.signerPosition !== undefined)
    patch.signerPosition = input.signerPosition.normalize('NFC').trim() || null;
  if (input.priority !== undefined) patch.priority = input.priority;
  if (Object.keys(patch).length === 0) throw officeErrors.error('office.invalid_input', { field: 'changes' });
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    requireSent(doc);
    const agency = await loadAgency(store, actor.agencyId);
    const recipients = await store.listRecipients(actor.agencyId, id);
    requireNoPendingReplacement(doc, recipients, 'update');
    const now = deps.clock.now();
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, doc[k as keyof DocumentRecord]]));
    const updated = await store.updateDocument(actor.agencyId, id, patch);
    const bussiness: Bussiness = {
      documentId: doc.edxmlDocumentId!,
      bussinessDocType: '2',
      bussinessDocReason: reason,
      bussinessDocumentInfo: { documentInfo: '1', documentReceiver: '0' },
    };
    const bytes = await buildOutgoingPackage(deps, store, agency, updated, recipients, {
      edxmlDocumentId: doc.edxmlDocumentId!,
      codeNumber: doc.codeNumber!,
      codeNotation: doc.codeNotation!,
      date: now,
      ...(doc.promulgationDate ? { promulgationDate: doc.promulgationDate.replace(/-/g, '/') } : {}),
      bussiness,
    });
    const stored = await deps.blobs.put(bytes);
    await store.enqueue(actor.agencyId, id, {
      kind: 'edoc',
      packageSha256: stored.sha256,
      to: recipients.map((r) => r.code),
      purpose: 'update',
    });
    for (const r of recipients) {
      await store.addStatusEvent({
        agencyId: actor.agencyId,
        documentId: id,
        direction: 'sent',
        partyCode: r.code,
        statusCode: 'update',
        description: reason,
        statusDocId: null,
        at: now,
      });
    }
    await store.refreshSearchText(actor.agencyId, id);
    await auditDocument(store, actor, 'outgoing.updated', updated, { reason, before, after: patch });
    return updated;
  });
}

/**
 * Starts the replacement of an issued document: a new draft linked to it, with the same recipients
 * and type, that goes through review, approval, signature and numbering like any document.
 */
export async function createReplacementDraft(
  deps: Pick<OfficeDeps, 'store' | 'clock'>,
  actor: Actor,
  id: number,
  input: { reason: string; subject?: string | undefined; summary?: string | undefined },
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.issue');
  const reason = checkReason(input.reason);
  return deps.store.transaction(async (store) => {
    const old = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    requireSent(old);
    const existing = (await store.listLinkedDocuments(actor.agencyId, id)).find(
      (d) => d.relation === 'replaces' && d.state !== 'revoked',
    );
    if (existing)
      throw officeErrors.error('office.invalid_state', {
        state: old.state,
        action: 'replace',
        replacement: existing.id,
      });
    const recipients = await store.listRecipients(actor.agencyId, id);
    const subject = input.subject?.normalize('NFC').trim() || old.subject;
    const draft = await store.insertDocument({
      agencyId: actor.agencyId,
      direction: 'outgoing',
      state: 'draft',
      subject,
      summary: input.summary?.normalize('NFC') ?? old.summary,
      typeName: old.typeName,
      typeAbbreviation: old.typeAbbreviation,
      priority: old.priority,
      signerName: old.signerName,
      signerPosition: old.signerPosition,
      recipientsText: old.recipientsText,
      signatureStatus: 'unsigned',
      relatedDocumentId: old.id,
      relation: 'replaces',
      pendingRequest: 'replace',
      pendingReason: reason,
      createdBy: actor.userId,
    });
    await store.addRecipients(
      actor.agencyId,
      draft.id,
      recipients.map((r) => ({ code: r.code, name: r.name })),
    );
    await store.refreshSearchText(actor.agencyId, draft.id);
    await auditDocument(store, actor, 'outgoing.replacement_drafted', draft, { replaces: old.id, reason });
    return draft;
  });
}
