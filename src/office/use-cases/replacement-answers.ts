/**
 * Per-recipient answers to the replacement of a sent document (BussinessDocType 3; Decree 30/2020
 * Art. 18(4); standards-vn §2.4: receivers answer 15 agree / 16 refuse). Issuing a replacement asks
 * each recipient it names; the original stays in force for a recipient until that recipient agrees
 * (15), and stays in force for good for one that refuses (16, with its reason, shown to the sender).
 * The original is `replaced` as a whole only once every one of its recipients has agreed.
 *
 * A 15/16 package names a document, not the request it answers: the answer is taken for the
 * replacement while one is pending for that recipient, so no other request (update, revoke) about
 * the original is sent meanwhile (`requireNoPendingReplacement`).
 */
import type { Bussiness } from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor } from './deps.ts';
import type {
  AgencyRecord,
  DocumentRecord,
  OfficeStore,
  RecipientRecord,
  ReplacementAnswerState,
  StatusEventRecord,
} from './ports.ts';

/** One recipient's answer, as the document page shows it. */
export interface ReplacementAnswer {
  readonly code: string;
  readonly name: string | null;
  readonly state: ReplacementAnswerState;
  /** The recipient's description with its answer (a refusal's reason). */
  readonly note: string | null;
  readonly at: Date | null;
}

/** At issue of a replacement: the recipients it names are asked; nothing is replaced yet. */
export async function askReplacement(
  store: OfficeStore,
  actor: Actor,
  original: DocumentRecord,
  replacement: DocumentRecord,
  bussiness: Bussiness,
  at: Date,
): Promise<void> {
  const codes = bussiness.replacementInfoList?.[0]?.organIdList ?? [];
  await store.askReplacement(actor.agencyId, original.id, codes, replacement.id, at);
  for (const code of codes) {
    await store.addStatusEvent({
      agencyId: actor.agencyId,
      documentId: original.id,
      direction: 'sent',
      partyCode: code,
      statusCode: 'replace',
      description: `${bussiness.bussinessDocReason ?? ''} → ${replacement.codeNumber}/${replacement.codeNotation}`,
      statusDocId: null,
      at,
    });
  }
  await auditDocument(store, actor, 'outgoing.replacement_sent', original, {
    replacement: replacement.id,
    number: `${replacement.codeNumber}/${replacement.codeNotation}`,
    recipients: codes,
  });
}

/** Refuses another request about the original while a recipient has not answered its replacement. */
export function requireNoPendingReplacement(
  doc: DocumentRecord,
  recipients: readonly RecipientRecord[],
  action: string,
): void {
  const waiting = recipients.filter((r) => r.replacement === 'pending').map((r) => r.code);
  if (waiting.length > 0) {
    throw officeErrors.error('office.invalid_state', {
      state: doc.state,
      action,
      reason: 'replacement_pending',
      recipients: waiting,
    });
  }
}

/**
 * A recipient's 15/16 about a document we sent: when it answers a pending replacement (reported on
 * the original, or on the replacement itself), records it; when every recipient of the original has
 * agreed, the original becomes `replaced`. Runs in the transaction that records the status.
 */
export async function recordReplacementAnswer(
  store: OfficeStore,
  agency: AgencyRecord,
  about: DocumentRecord,
  from: string,
  statusCode: string,
  description: string | null,
  at: Date,
): Promise<void> {
  if (statusCode !== '15' && statusCode !== '16') return;
  const originalId =
    about.relation === 'replaces' && about.relatedDocumentId != null ? about.relatedDocumentId : about.id;
  const original = await store.lockDocument(agency.id, originalId);
  if (!original || original.direction !== 'outgoing') return;
  const asked = (await store.listRecipients(agency.id, original.id)).find((r) => r.code === from);
  if (asked?.replacement !== 'pending') return;
  // An answer reported on a replacement counts only for the replacement that asked.
  if (about.id !== original.id && asked.replacementDocumentId !== about.id) return;
  const state = statusCode === '15' ? 'agreed' : 'refused';
  if (!(await store.answerReplacement(agency.id, original.id, from, { state, note: description, at })))
    return;
  await store.audit({
    agencyId: agency.id,
    userId: null,
    action: `outgoing.replacement_${state}`,
    objectType: 'document',
    objectId: original.id,
    details: { recipient: from, replacement: asked.replacementDocumentId, note: description },
  });
  if (state !== 'agreed' || original.state !== 'issued') return;
  const recipients = await store.listRecipients(agency.id, original.id);
  if (recipients.length > 0 && recipients.every((r) => r.replacement === 'agreed')) {
    await store.updateDocument(agency.id, original.id, { state: 'replaced' });
    await store.audit({
      agencyId: agency.id,
      userId: null,
      action: 'outgoing.replaced',
      objectType: 'document',
      objectId: original.id,
      details: { replacement: asked.replacementDocumentId, recipients: recipients.map((r) => r.code) },
    });
  }
}

/** Revoking a replacement withdraws what it still asks (recipients that answered keep their answer). */
export async function withdrawReplacement(
  store: OfficeStore,
  actor: Actor,
  replacement: DocumentRecord,
  reason: string,
  at: Date,
): Promise<void> {
  if (replacement.relation !== 'replaces' || replacement.relatedDocumentId == null) return;
  const original = await store.lockDocument(actor.agencyId, replacement.relatedDocumentId);
  if (!original) return;
  const withdrawn: string[] = [];
  for (const r of await store.listRecipients(actor.agencyId, original.id)) {
    if (r.replacement !== 'pending' || r.replacementDocumentId !== replacement.id) continue;
    if (
      await store.answerReplacement(actor.agencyId, original.id, r.code, {
        state: 'withdrawn',
        note: reason,
        at,
      })
    )
      withdrawn.push(r.code);
  }
  if (withdrawn.length > 0)
    await auditDocument(store, actor, 'outgoing.replacement_withdrawn', original, {
      replacement: replacement.id,
      recipients: withdrawn,
    });
}

/** Outgoing original: each asked recipient's answer to `replacementId`, from its recipient row. */
export function sentReplacementAnswers(
  recipients: readonly RecipientRecord[],
  replacementId: number,
): ReplacementAnswer[] {
  return recipients
    .filter((r) => r.replacement !== null && r.replacementDocumentId === replacementId)
    .map((r) => ({
      code: r.code,
      name: r.name,
      state: r.replacement!,
      note: r.replacementNote,
      at: r.replacementAt,
    }));
}

/**
 * Incoming original: our own answer to the sender's replacement, from the original's state and
 * timeline (the last replace request received, then the first 15/16 we sent after it).
 */
export function receivedReplacementAnswer(
  agency: Pick<AgencyRecord, 'code' | 'name'>,
  original: DocumentRecord,
  events: readonly StatusEventRecord[],
): ReplacementAnswer | undefined {
  const ordered = [...events].sort((a, b) => a.id - b.id);
  const askedAt = ordered.findLastIndex((e) => e.direction === 'received' && e.statusCode === 'replace');
  if (askedAt < 0) return undefined;
  const answer = ordered
    .slice(askedAt + 1)
    .find((e) => e.direction === 'sent' && (e.statusCode === '15' || e.statusCode === '16'));
  const base = { code: agency.code, name: agency.name };
  if (answer)
    return {
      ...base,
      state: answer.statusCode === '15' ? 'agreed' : 'refused',
      note: answer.description,
      at: answer.at,
    };
  if (original.pendingRequest === 'replace')
    return { ...base, state: 'pending', note: null, at: ordered[askedAt]?.at ?? null };
  return undefined;
}
