/**
 * The outgoing flow of Decree 30/2020 Art. 14–19: draft → submit → approve (and the competent
 * person's signature) → number, register, agency signature and issue → track each recipient's
 * status; revoke (13) afterwards.
 */
import {
  buildDocumentId,
  buildNotation,
  buildPackageBuffer,
  edxmlDocumentTypesByName,
  formatEdxmlDate,
  vietnamDateOf,
  type AttachmentContent,
  type Bussiness,
} from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { checkReason, expectState } from '../domain/document-states.ts';
import { requirePermission } from '../domain/roles.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadAgency, loadDocument } from './load-document.ts';
import type { DocumentRecord, OfficeStore } from './ports.ts';
import { queueSenderStatus } from './status-packages.ts';
import { completeFinalStep, openReviewRound, returnInChain } from './review-chain.ts';
import { askReplacement, requireNoPendingReplacement, withdrawReplacement } from './replacement-answers.ts';
import { signPdf, type Signer } from '../../trust/index.ts';
import type { AgencyRecord } from './ports.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock'>;

/** What we say while PDF signing (PAdES, src/trust) is not offered: the step is recorded, the signature pending. */
export const LEADER_SIGNED = 'Đã ký số PAdES: người có thẩm quyền / PAdES-signed by the competent person';
export const FULLY_SIGNED =
  'Đã ký số PAdES: người có thẩm quyền và cơ quan (Điều 5.1 NĐ 30/2020) / PAdES-signed by the competent person and the agency';
export const PDF_SIGNING_PENDING =
  'Ký số PDF chưa khả dụng (src/trust chưa cung cấp ký PDF): đã ghi nhận, chữ ký số đang chờ / PDF signing not available yet: recorded, signature pending';

/**
 * Signs the main PDF (the first PDF attachment) as a new incremental revision (PAdES, src/trust):
 * the leader's signature first, then the agency's over it; earlier signatures stay valid.
 */
async function signMainPdf(
  deps: Pick<OfficeDeps, 'blobs'>,
  store: OfficeStore,
  agency: AgencyRecord,
  documentId: number,
  signer: Signer,
  role: 'leader' | 'agency',
  documentNumber?: string,
): Promise<boolean> {
  const main = (await store.listAttachments(agency.id, documentId)).find(
    (a) => a.contentType === 'application/pdf',
  );
  if (!main) return false;
  const signed = await signPdf(await deps.blobs.readAll(main.sha256), {
    signer,
    role,
    agencyName: agency.name,
    location: agency.name,
    reason: role === 'leader' ? 'Ký ban hành' : 'Ký số của cơ quan, tổ chức',
    ...(documentNumber ? { documentNumber } : {}),
  });
  const ref = await deps.blobs.put(signed.pdf);
  await store.replaceAttachmentContent(agency.id, main.id, {
    sha256: ref.sha256,
    size: ref.size,
    origin: 'signed',
  });
  return true;
}

export interface DraftInput {
  readonly subject: string;
  readonly summary?: string | undefined;
  readonly typeName?: string | undefined;
  /** Type abbreviation (Appendix III); none for a công văn. */
  readonly typeAbbreviation?: string | undefined;
  readonly priority?: number | undefined;
  readonly recipients: readonly { code: string; name?: string | undefined }[];
  readonly responseForId?: number | undefined;
  readonly signerName?: string | undefined;
  readonly signerPosition?: string | undefined;
}

function normaliseRecipients(list: DraftInput['recipients']) {
  const seen = new Map<string, string | null>();
  for (const r of list) {
    const code = r.code.trim();
    if (!/^[0-9A-Za-z.]{3,40}$/.test(code))
      throw officeErrors.error('office.invalid_input', { field: 'recipients', code });
    seen.set(code, r.name?.normalize('NFC').trim() || null);
  }
  return [...seen].map(([code, name]) => ({ code, name }));
}

export async function createDraft(deps: Deps, actor: Actor, input: DraftInput): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.draft');
  const subject = input.subject.normalize('NFC').trim();
  if (!subject || subject.length > 2000)
    throw officeErrors.error('office.invalid_input', { field: 'subject' });
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > 4)
    throw officeErrors.error('office.invalid_input', { field: 'priority' });
  const recipients = normaliseRecipients(input.recipients);
  return deps.store.transaction(async (store) => {
    if (input.responseForId !== undefined) {
      // A reply is linked (ResponseFor) to an incoming document of the same agency only.
      await loadDocument(store, actor, input.responseForId, { direction: 'incoming' });
    }
    const doc = await store.insertDocument({
      agencyId: actor.agencyId,
      direction: 'outgoing',
      state: 'draft',
      subject,
      summary: input.summary?.normalize('NFC') ?? null,
      typeName: input.typeName?.normalize('NFC') ?? 'Công văn',
      typeAbbreviation: input.typeAbbreviation?.normalize('NFC').trim() || null,
      priority,
      responseForId: input.responseForId ?? null,
      signerName: input.signerName ?? null,
      signerPosition: input.signerPosition ?? null,
      recipientsText: recipients.map((r) => r.name ?? r.code).join('; '),
      signatureStatus: 'unsigned',
      createdBy: actor.userId,
    });
    await store.addRecipients(actor.agencyId, doc.id, recipients);
    await store.refreshSearchText(actor.agencyId, doc.id);
    await auditDocument(store, actor, 'outgoing.drafted', doc);
    return doc;
  });
}

export async function updateRecipients(
  deps: Deps,
  actor: Actor,
  id: number,
  list: DraftInput['recipients'],
): Promise<void> {
  requirePermission(actor.role, 'outgoing.draft');
  const recipients = normaliseRecipients(list);
  await deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['draft', 'submitted', 'approved'], 'recipients');
    await store.addRecipients(actor.agencyId, id, recipients);
    const all = await store.listRecipients(actor.agencyId, id);
    await store.updateDocument(actor.agencyId, id, {
      recipientsText: all.map((r) => r.name ?? r.code).join('; '),
    });
    await store.refreshSearchText(actor.agencyId, id);
    await auditDocument(store, actor, 'outgoing.recipients_changed', doc, {
      added: recipients.map((r) => r.code),
    });
  });
}

/**
 * The drafter sends the draft for review and approval: to an ordered chain of reviewers (the last a
 * leader), to the previous round's chain when resubmitted without one, or to any leader when none.
 */
export async function submitDraft(
  deps: Deps,
  actor: Actor,
  id: number,
  reviewerIds?: readonly number[],
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.draft');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['draft'], 'submit');
    if ((await store.listAttachments(actor.agencyId, id)).length === 0)
      throw officeErrors.error('office.attachment_required');
    const steps = await openReviewRound(store, actor, doc, reviewerIds);
    const updated = await store.updateDocument(actor.agencyId, id, {
      state: 'submitted',
      returnReason: null,
    });
    await auditDocument(store, actor, 'outgoing.submitted', updated, {
      reviewers: steps.map((s) => s.reviewerId),
      ...(steps[0] ? { round: steps[0].round } : {}),
    });
    return updated;
  });
}

/**
 * The leader approves and signs as the competent person (Art. 13). Only a leader may: an officer
 * or a clerk gets office.forbidden. The PDF signature itself is pending until src/trust offers it.
 */
export async function approveAndSign(
  deps: Deps & Pick<OfficeDeps, 'blobs' | 'signers'>,
  actor: Actor,
  id: number,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.approve');
  requirePermission(actor.role, 'outgoing.sign_leader');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['submitted', 'draft'], 'approve');
    if ((await store.listAttachments(actor.agencyId, id)).length === 0)
      throw officeErrors.error('office.attachment_required');
    const now = deps.clock.now();
    // With a review chain, only its last reviewer signs, and only once every earlier step approved.
    await completeFinalStep(store, actor, doc, now);
    const user = await store.getUser(actor.agencyId, actor.userId);
    const agency = await loadAgency(store, actor.agencyId);
    const signer = await deps.signers?.leader(agency, actor.userId);
    const signed = signer ? await signMainPdf(deps, store, agency, id, signer, 'leader') : false;
    const updated = await store.updateDocument(actor.agencyId, id, {
      state: 'approved',
      approvedBy: actor.userId,
      approvedAt: now,
      leaderSignedBy: actor.userId,
      leaderSignedAt: now,
      signerName: doc.signerName ?? actor.fullName,
      signerPosition: doc.signerPosition ?? user?.position ?? 'Lãnh đạo',
      signatureStatus: signed ? 'leader_signed' : 'pending',
      signatureNote: signed ? LEADER_SIGNED : PDF_SIGNING_PENDING,
    });
    await auditDocument(store, actor, 'outgoing.approved_signed', updated, {
      pdfSignature: signed ? 'leader' : 'pending',
    });
    return updated;
  });
}

/** Sends a submitted draft back to its drafter with a reason (the current reviewer, or a leader without a chain). */
export async function rejectDraft(
  deps: Deps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<DocumentRecord> {
  const text = checkReason(reason);
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['submitted'], 'reject');
    return returnInChain(store, actor, doc, text, deps.clock.now());
  });
}

/**
 * The clerk issues (Art. 15–18): the system gives the number — per series (type) and year, from 01
 * on 1 January, unique (counter row locked in this transaction + unique index) — registers it,
 * builds the edXML package and queues it for the recipients. Sending happens right after commit.
 */
export async function issueDocument(
  deps: Pick<OfficeDeps, 'store' | 'clock' | 'blobs' | 'signers'>,
  actor: Actor,
  id: number,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.issue');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['approved'], 'issue');
    const recipients = await store.listRecipients(actor.agencyId, id);
    if (recipients.length === 0) throw officeErrors.error('office.no_recipients');
    if ((await store.listAttachments(actor.agencyId, id)).length === 0) {
      throw officeErrors.error('office.attachment_required');
    }
    const agency = await loadAgency(store, actor.agencyId);
    const now = deps.clock.now();
    const today = vietnamDateOf(now);
    const year = Number(today.slice(0, 4));
    // Art. 15: a series per document type; công văn share one series.
    const series = doc.typeAbbreviation ?? 'CV';
    const issueNumber = await store.nextCounter(actor.agencyId, year, series);
    const codeNumber = String(issueNumber).padStart(2, '0');
    let unit: string | undefined;
    if (!doc.typeAbbreviation) {
      const creator = doc.createdBy === null ? undefined : await store.getUser(actor.agencyId, doc.createdBy);
      const departments = await store.listDepartments(actor.agencyId);
      unit = departments.find((d) => d.id === creator?.departmentId)?.abbreviation;
    }
    const codeNotation = buildNotation({
      ...(doc.typeAbbreviation ? { typeAbbreviation: doc.typeAbbreviation } : {}),
      agencyAbbreviation: agency.abbreviation,
      ...(unit ? { unitAbbreviation: unit } : {}),
    });
    // Art. 17.2: the clerk applies the agency's signature over the competent person's, once numbered.
    const agencySigner =
      doc.leaderSignedAt && doc.signatureStatus === 'leader_signed'
        ? await deps.signers?.agency(agency)
        : undefined;
    const agencySigned = agencySigner
      ? await signMainPdf(deps, store, agency, id, agencySigner, 'agency', `${codeNumber}/${codeNotation}`)
      : false;
    const edxmlDocumentId = buildDocumentId({
      organId: agency.code,
      date: now,
      documentNumber: `${codeNumber}/${codeNotation}`,
    });
    // A replacement (BussinessDocType 3) names the document it replaces and for whom (ReplacementInfo).
    let bussiness: Bussiness | undefined;
    let replaced: DocumentRecord | undefined;
    if (doc.relation === 'replaces' && doc.relatedDocumentId != null) {
      replaced = await store.lockDocument(actor.agencyId, doc.relatedDocumentId);
      if (!replaced || replaced.state !== 'issued' || !replaced.edxmlDocumentId) {
        throw officeErrors.error('office.invalid_state', {
          state: replaced?.state ?? 'missing',
          action: 'replace',
        });
      }
      const oldRecipients = new Set(
        (await store.listRecipients(actor.agencyId, replaced.id)).map((r) => r.code),
      );
      bussiness = {
        documentId: replaced.edxmlDocumentId,
        bussinessDocType: '3',
        bussinessDocReason: doc.pendingReason ?? 'Thay thế văn bản',
        replacementInfoList: [
          {
            documentId: replaced.edxmlDocumentId,
            organIdList: recipients.map((r) => r.code).filter((c) => oldRecipients.has(c)),
          },
        ],
      };
    }
    const packageBytes = await buildOutgoingPackage(deps, store, agency, doc, recipients, {
      edxmlDocumentId,
      codeNumber,
      codeNotation,
      date: now,
      ...(bussiness ? { bussiness } : {}),
    });
    const stored = await deps.blobs.put(packageBytes);
    let responseFor: DocumentRecord | undefined;
    if (doc.responseForId !== null) responseFor = await store.getDocument(actor.agencyId, doc.responseForId);
    const updated = await store.updateDocument(actor.agencyId, id, {
      state: 'issued',
      issueSeries: series,
      issueNumber,
      issueYear: year,
      codeNumber,
      codeNotation,
      promulgationDate: today,
      promulgationPlace: agency.name,
      edxmlDocumentId,
      packageSha256: stored.sha256,
      issuedAt: now,
      fromCode: agency.code,
      fromName: agency.name,
      // Art. 29: a reply is filed automatically in the dossier of the document it answers.
      ...(responseFor?.dossierId && !doc.dossierId ? { dossierId: responseFor.dossierId } : {}),
      agencySignedAt: agencySigned ? now : null,
      ...(agencySigned ? { signatureStatus: 'signed', signatureNote: FULLY_SIGNED } : {}),
    });
    await store.refreshSearchText(actor.agencyId, id);
    await store.enqueue(actor.agencyId, id, {
      kind: 'edoc',
      packageSha256: stored.sha256,
      to: recipients.map((r) => r.code),
    });
    await auditDocument(store, actor, 'outgoing.issued', updated, {
      number: `${codeNumber}/${codeNotation}`,
      recipients: recipients.map((r) => r.code),
      ...(responseFor ? { responseFor: responseFor.edxmlDocumentId } : {}),
      ...(replaced ? { replaces: replaced.edxmlDocumentId } : {}),
    });
    // The original stays in force until each recipient agrees (15): replacement-answers.ts.
    if (replaced && bussiness) {
      await askReplacement(store, actor, replaced, updated, bussiness, now);
    }
    return updated;
  });
}

/** What an outgoing package says beyond the document row: its identifiers and, for update/replace, Bussiness. */
export interface PackageIdentity {
  readonly edxmlDocumentId: string;
  readonly codeNumber: string;
  readonly codeNotation: string;
  readonly date: Date;
  readonly promulgationDate?: string | undefined;
  readonly bussiness?: Bussiness | undefined;
}

/** Builds the edXML package of an outgoing document with its current attachments (standards builder). */
export async function buildOutgoingPackage(
  deps: Pick<OfficeDeps, 'blobs'>,
  store: OfficeStore,
  agency: AgencyRecord,
  doc: DocumentRecord,
  recipients: readonly { code: string; name: string | null }[],
  id: PackageIdentity,
): Promise<Buffer> {
  const { edxmlDocumentId, codeNumber, codeNotation } = id;
  const now = id.date;
  const files = await store.listAttachments(agency.id, doc.id);
  // edXML DocumentType/Type + TypeDetail (list B, administrative); unknown names fall back to Công văn (B18).
  const edxmlType = edxmlDocumentTypesByName(doc.typeName ?? 'Công văn')[0] ?? { type: 2, typeDetail: 18 };
  const attachments: AttachmentContent[] = [];
  for (const f of files) {
    attachments.push({
      contentId: `att${attachments.length + 1}`,
      name: f.name,
      contentType: f.contentType,
      description: f.name,
      data: await deps.blobs.readAll(f.sha256),
    });
  }
  const packageBytes = await buildPackageBuffer(
    {
      kind: 'edoc',
      header: {
        from: { organId: agency.code, organName: agency.name },
        to: recipients.map((r) => ({ organId: r.code, ...(r.name ? { organName: r.name } : {}) })),
        documentId: edxmlDocumentId,
        code: { codeNumber, codeNotation },
        promulgationInfo: {
          place: agency.name,
          promulgationDate: id.promulgationDate ?? formatEdxmlDate(now),
        },
        documentType: {
          type: String(edxmlType.type),
          typeDetail: String(edxmlType.typeDetail),
          typeName: doc.typeName ?? 'Công văn',
        },
        subject: doc.subject,
        ...(doc.summary ? { content: doc.summary } : {}),
        signerInfo: {
          ...(doc.signerPosition ? { position: doc.signerPosition } : {}),
          ...(doc.signerName ? { fullName: doc.signerName } : {}),
        },
        otherInfo: { priority: String(doc.priority), promulgationAmount: '1', direction: 'false' },
        responseFor: [],
        steeringType: '0',
        traceHeaders: [],
        ...(id.bussiness ? { bussiness: id.bussiness } : {}),
        toPlaces: recipients.map((r) => r.name ?? r.code),
      },
    },
    attachments,
  );
  return packageBytes;
}

/** Art. 18.4: the sender takes an issued document back (13); each recipient answers 15 or 16. */
export async function revokeDocument(
  deps: Deps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'outgoing.issue');
  const text = checkReason(reason);
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['issued'], 'revoke');
    const agency = await loadAgency(store, actor.agencyId);
    const rows = await store.listRecipients(actor.agencyId, id);
    requireNoPendingReplacement(doc, rows, 'revoke');
    const recipients = rows.map((r) => r.code);
    const now = deps.clock.now();
    const updated = await store.updateDocument(actor.agencyId, id, { state: 'revoked', returnReason: text });
    await withdrawReplacement(store, actor, doc, text, now);
    await queueSenderStatus(store, agency, updated, recipients, '13', text, actor, now);
    await auditDocument(store, actor, 'outgoing.revoked', updated, { reason: text });
    return updated;
  });
}
