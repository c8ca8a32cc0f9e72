/** Reads for the interface and the API: lists (inbox, registers, queues), a document's full page, tasks, search. */
import { addWorkingDays, vietnamDateOf } from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { can, requirePermission } from '../domain/roles.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadAgency, loadDocument } from './load-document.ts';
import type { DocumentFilter, DocumentRecord } from './ports.ts';
import {
  receivedReplacementAnswer,
  sentReplacementAnswers,
  type ReplacementAnswer,
} from './replacement-answers.ts';
import { chainState, describeChain, type ChainState } from './review-chain.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock'>;

export const LIST_VIEWS = [
  'incoming-pending',
  'incoming-register',
  'incoming-all',
  'outgoing-drafts',
  'outgoing-approval',
  'outgoing-to-issue',
  'outgoing-register',
  'outgoing-all',
  'assignment-queue',
  'overdue',
  'due-soon',
  'search',
] as const;
export type ListView = (typeof LIST_VIEWS)[number];

export async function listDocuments(
  deps: Deps,
  actor: Actor,
  view: ListView,
  options: {
    text?: string | undefined;
    year?: number | undefined;
    fromDate?: string | undefined;
    toDate?: string | undefined;
    urgentOnly?: boolean | undefined;
    direction?: 'incoming' | 'outgoing' | undefined;
    /** Search filters: document type (abbreviation or name), sender agency code, state. */
    type?: string | undefined;
    fromCode?: string | undefined;
    state?: string | undefined;
    limit: number;
    offset: number;
    cursor?: string | undefined;
  },
) {
  const today = vietnamDateOf(deps.clock.now());
  const base = {
    limit: options.limit,
    offset: options.offset,
    ...(options.cursor ? { cursor: options.cursor } : {}),
    ...(options.text ? { text: options.text } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.fromCode ? { fromCode: options.fromCode } : {}),
    ...(options.fromDate ? { fromDate: options.fromDate } : {}),
    ...(options.toDate ? { toDate: options.toDate } : {}),
    ...(options.urgentOnly ? { priorityAtLeast: 1 } : {}),
  };
  let filter: DocumentFilter;
  switch (view) {
    case 'incoming-pending':
      filter = { ...base, direction: 'incoming', states: ['pending'] };
      break;
    case 'incoming-register':
      filter = {
        ...base,
        direction: 'incoming',
        register: true,
        year: options.year ?? Number(today.slice(0, 4)),
      };
      break;
    case 'incoming-all':
      filter = { ...base, direction: 'incoming' };
      break;
    case 'outgoing-drafts':
      filter = { ...base, direction: 'outgoing', states: ['draft'] };
      break;
    case 'outgoing-approval':
      filter = { ...base, direction: 'outgoing', states: ['submitted'] };
      break;
    case 'outgoing-to-issue':
      filter = { ...base, direction: 'outgoing', states: ['approved'] };
      break;
    case 'outgoing-register':
      filter = {
        ...base,
        direction: 'outgoing',
        register: true,
        year: options.year ?? Number(today.slice(0, 4)),
      };
      break;
    case 'outgoing-all':
      filter = { ...base, direction: 'outgoing' };
      break;
    case 'assignment-queue':
      filter = { ...base, direction: 'incoming', states: ['registered'] };
      break;
    case 'overdue':
      filter = { ...base, direction: 'incoming', overdueBefore: today };
      break;
    case 'due-soon':
      // Reminder before the deadline: due within the next 2 working days.
      filter = { ...base, direction: 'incoming', overdueBefore: addWorkingDays(today, 3) };
      break;
    case 'search':
      if (!options.text || options.text.trim().length < 2) {
        throw officeErrors.error('office.invalid_input', { field: 'q', reason: 'at least 2 characters' });
      }
      filter = {
        ...base,
        ...(options.direction ? { direction: options.direction } : {}),
        ...(options.state ? { states: [options.state] } : {}),
      };
      break;
  }
  if (view.endsWith('register')) requirePermission(actor.role, 'register.read');
  return deps.store.listDocuments(actor.agencyId, filter);
}

export async function getDocumentDetail(deps: Deps, actor: Actor, id: number) {
  const doc = await loadDocument(deps.store, actor, id);
  const [attachments, assignments, recipients, events, users, departments, reviewChain, chain, linked] =
    await Promise.all([
      deps.store.listAttachments(actor.agencyId, id),
      deps.store.listAssignments(actor.agencyId, id),
      deps.store.listRecipients(actor.agencyId, id),
      deps.store.listStatusEvents(actor.agencyId, id),
      deps.store.listUsers(actor.agencyId),
      deps.store.listDepartments(actor.agencyId),
      describeChain(deps.store, actor, id),
      chainState(deps.store, actor.agencyId, id),
      deps.store.listLinkedDocuments(actor.agencyId, id),
    ]);
  const related =
    doc.relatedDocumentId != null
      ? await deps.store.getDocument(actor.agencyId, doc.relatedDocumentId)
      : undefined;
  const brief = (d: {
    id: number;
    direction: string;
    state: string;
    subject: string;
    codeNumber: string | null;
    codeNotation: string | null;
    relation?: string | null | undefined;
  }) => ({
    id: d.id,
    direction: d.direction,
    state: d.state,
    subject: d.subject,
    codeNumber: d.codeNumber,
    codeNotation: d.codeNotation,
    relation: d.relation ?? null,
  });
  // Who agreed to, refused or has not answered a replacement (replacement-answers.ts): on the
  // original's page for each replacement of it, on a replacement's page for the original.
  const answersFor = async (
    original: DocumentRecord,
    replacementId: number,
  ): Promise<ReplacementAnswer[]> => {
    if (original.direction === 'outgoing') {
      const rows =
        original.id === doc.id ? recipients : await deps.store.listRecipients(actor.agencyId, original.id);
      return sentReplacementAnswers(rows, replacementId);
    }
    const timeline =
      original.id === doc.id ? events : await deps.store.listStatusEvents(actor.agencyId, original.id);
    const answer = receivedReplacementAnswer(
      await loadAgency(deps.store, actor.agencyId),
      original,
      timeline,
    );
    return answer ? [answer] : [];
  };
  const replaces =
    related && doc.relation === 'replaces'
      ? { ...brief(related), answers: await answersFor(related, doc.id) }
      : undefined;
  const linkedBy = await Promise.all(
    linked.map(async (d) =>
      d.relation === 'replaces' ? { ...brief(d), answers: await answersFor(doc, d.id) } : brief(d),
    ),
  );
  const nameOf = (uid: number | null) => users.find((u) => u.id === uid)?.fullName ?? null;
  const unitOf = (did: number | null) => departments.find((d) => d.id === did)?.name ?? null;
  const mine = assignments.some(
    (a) => a.userId === actor.userId || (a.departmentId !== null && a.departmentId === actor.departmentId),
  );
  return {
    document: doc,
    // The extracted text is for search only; lists never carry it (anchors §4.4: payload bloat).
    attachments: attachments.map(({ extractedText: _text, ...a }) => a),
    assignments: assignments.map((a) => ({
      ...a,
      userName: nameOf(a.userId),
      departmentName: unitOf(a.departmentId),
      assignedByName: nameOf(a.assignedBy),
    })),
    recipients,
    events,
    /** Review and approval chain, every round (review-chain.ts). */
    reviewChain,
    /**
     * The document this one replaces or updates, and the documents that replace or update this one;
     * a replacement link carries each recipient's answer (`answers`: pending, agreed, refused,
     * withdrawn): the original is replaced only for those that agreed.
     */
    links: {
      ...(replaces ? { replaces } : related ? { [doc.relation ?? 'related']: brief(related) } : {}),
      linkedBy,
    },
    /** What the signed-in user may do now: the interface shows only these buttons. */
    actions: availableActions(actor, doc, mine, chain, {
      replacementPending: recipients.some((r) => r.replacement === 'pending'),
      reviewerInactive:
        chain.current !== undefined && !users.find((u) => u.id === chain.current!.reviewerId)?.active,
    }),
  };
}

function availableActions(
  actor: Actor,
  doc: {
    direction: string;
    state: string;
    pendingRequest: string | null;
    relation?: string | null;
    createdBy: number | null;
  },
  mine: boolean,
  chain: ChainState,
  state: {
    /** A recipient has not answered a replacement: no other request about the document meanwhile. */
    replacementPending: boolean;
    /** The current review step's reviewer was deactivated: the drafter or an admin reassigns it. */
    reviewerInactive: boolean;
  },
): string[] {
  const out: string[] = [];
  const r = actor.role;
  if (doc.direction === 'incoming') {
    if (doc.state === 'pending' && can(r, 'incoming.receive')) out.push('accept', 'return');
    if ((doc.state === 'registered' || doc.state === 'assigned') && can(r, 'incoming.assign'))
      out.push('assign');
    if (doc.state === 'assigned' && can(r, 'incoming.handle') && (mine || r === 'leader'))
      out.push('process');
    if (
      (doc.state === 'assigned' || doc.state === 'processing') &&
      can(r, 'incoming.handle') &&
      (mine || r === 'leader')
    )
      out.push('complete', 'reply');
    if (doc.pendingRequest === 'revoke' && can(r, 'incoming.receive')) out.push('answer-revoke');
    if ((doc.pendingRequest === 'update' || doc.pendingRequest === 'replace') && can(r, 'incoming.receive'))
      out.push('answer-request');
  } else {
    if (doc.state === 'draft' && can(r, 'outgoing.draft')) out.push('upload', 'submit');
    const current = chain.current;
    if (
      current &&
      doc.state === 'submitted' &&
      state.reviewerInactive &&
      (doc.createdBy === actor.userId || can(r, 'agency.admin'))
    )
      out.push('reassign-review');
    if (current && doc.state === 'submitted') {
      // An open chain: only its current reviewer acts; the last one approves and signs.
      if (current.reviewerId === actor.userId) {
        if (chain.isFinal && can(r, 'outgoing.approve')) out.push('approve');
        else out.push('review');
        out.push('reject');
      }
    } else {
      if ((doc.state === 'submitted' || doc.state === 'draft') && can(r, 'outgoing.approve'))
        out.push('approve');
      if (doc.state === 'submitted' && can(r, 'outgoing.approve')) out.push('reject');
    }
    if (doc.state === 'approved' && can(r, 'outgoing.issue')) out.push('issue');
    if (doc.state === 'issued' && can(r, 'outgoing.issue'))
      out.push(...(state.replacementPending ? [] : ['revoke', 'update']), 'replace');
  }
  return out;
}

export async function listMyTasks(deps: Deps, actor: Actor) {
  const today = vietnamDateOf(deps.clock.now());
  const rows = await deps.store.listTasks(actor.agencyId, actor.userId);
  return rows.map(({ assignment, document }) => ({
    assignment,
    document,
    overdue: assignment.state !== 'done' && assignment.deadline !== null && assignment.deadline < today,
  }));
}

/**
 * Deadline follow-up (Decree 30/2020 Art. 24: the head names someone to track and remind): open
 * assignments per person and unit, overdue and due within the next 2 working days.
 */
export async function deadlineSummary(deps: Deps, actor: Actor) {
  const today = vietnamDateOf(deps.clock.now());
  const soon = addWorkingDays(today, 2);
  const [rows, users, departments] = await Promise.all([
    deps.store.deadlineSummary(actor.agencyId, today, soon),
    deps.store.listUsers(actor.agencyId),
    deps.store.listDepartments(actor.agencyId),
  ]);
  return {
    today,
    dueSoonUntil: soon,
    rows: rows.map((r) => ({
      ...r,
      name:
        users.find((u) => u.id === r.userId)?.fullName ??
        departments.find((d) => d.id === r.departmentId)?.name ??
        '—',
      kind: r.userId !== null ? ('person' as const) : ('unit' as const),
    })),
  };
}
