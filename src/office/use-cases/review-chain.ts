/**
 * Review and approval chain of outgoing drafts (Decree 30/2020 Art. 10–13): the drafter submits to an
 * ordered list of reviewers (e.g. the head of the unit, then the leader). Only the current reviewer
 * acts: approve (the next one becomes current) or send back with a comment (the round ends, the draft
 * returns to its drafter). The last reviewer is a leader, whose approval is the approval and
 * signature of the competent person (handle-outgoing.ts approveAndSign). Every step is audited.
 */
import { officeErrors } from '../domain/errors.ts';
import { checkReason, expectState, MAX_REVIEWERS } from '../domain/document-states.ts';
import { can, requirePermission } from '../domain/roles.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';
import type { DocumentRecord, OfficeStore, ReviewStepRecord } from './ports.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock'>;

export interface ChainState {
  /** Steps of the latest round (empty: never submitted with a chain). */
  readonly round: number;
  readonly steps: readonly ReviewStepRecord[];
  /** The step waiting for its reviewer now, if the round is open. */
  readonly current: ReviewStepRecord | undefined;
  readonly isFinal: boolean;
}

export async function chainState(
  store: OfficeStore,
  agencyId: number,
  documentId: number,
): Promise<ChainState> {
  const all = await store.listReviewSteps(agencyId, documentId);
  const round = all.reduce((max, s) => Math.max(max, s.round), 0);
  const steps = all.filter((s) => s.round === round);
  const current = steps.find((s) => s.state === 'current');
  return {
    round,
    steps,
    current,
    isFinal: current !== undefined && current.position === Math.max(...steps.map((s) => s.position)),
  };
}

/** Checks a chain: distinct active users of the agency, not the drafter, none an admin; the last one a leader. */
export async function validateChain(
  store: OfficeStore,
  actor: Actor,
  reviewerIds: readonly number[],
): Promise<number[]> {
  const ids = [...reviewerIds];
  if (ids.length === 0 || ids.length > MAX_REVIEWERS || new Set(ids).size !== ids.length) {
    throw officeErrors.error('office.invalid_review_chain', { reviewers: ids });
  }
  for (const [i, id] of ids.entries()) {
    const user = await store.getUser(actor.agencyId, id);
    const last = i === ids.length - 1;
    if (
      !user ||
      !user.active ||
      user.id === actor.userId ||
      user.role === 'admin' ||
      (last && !can(user.role, 'outgoing.approve'))
    ) {
      throw officeErrors.error('office.invalid_review_chain', { reviewer: id, position: i + 1 });
    }
  }
  return ids;
}

/**
 * Opens a review round when the draft is submitted: with the given reviewers, or the previous
 * round's when resubmitted without a list; none at all keeps the plain flow (any leader approves).
 */
export async function openReviewRound(
  store: OfficeStore,
  actor: Actor,
  doc: DocumentRecord,
  reviewerIds: readonly number[] | undefined,
): Promise<ReviewStepRecord[]> {
  const previous = await chainState(store, actor.agencyId, doc.id);
  const ids =
    reviewerIds !== undefined
      ? await validateChain(store, actor, reviewerIds)
      : previous.steps.map((s) => s.reviewerId);
  if (ids.length === 0) return [];
  return store.addReviewSteps(actor.agencyId, doc.id, previous.round + 1, ids);
}

/**
 * The final approval of a chain, recorded by approveAndSign in its transaction: the actor must be
 * the current reviewer of the last step. Without an open chain any leader may approve (plain flow).
 */
export async function completeFinalStep(store: OfficeStore, actor: Actor, doc: DocumentRecord, at: Date) {
  const chain = await chainState(store, actor.agencyId, doc.id);
  if (!chain.current) return;
  if (chain.current.reviewerId !== actor.userId || !chain.isFinal) {
    throw officeErrors.error('office.not_current_reviewer', {
      documentId: doc.id,
      position: chain.current.position,
    });
  }
  await store.setReviewStep(actor.agencyId, chain.current.id, { state: 'approved', actedAt: at });
}

/** Sends the draft back (any current reviewer, or a leader in the plain flow): the round ends. */
export async function returnInChain(
  store: OfficeStore,
  actor: Actor,
  doc: DocumentRecord,
  comment: string,
  at: Date,
): Promise<DocumentRecord> {
  const chain = await chainState(store, actor.agencyId, doc.id);
  if (chain.current) {
    if (chain.current.reviewerId !== actor.userId)
      throw officeErrors.error('office.not_current_reviewer', { documentId: doc.id });
    await store.setReviewStep(actor.agencyId, chain.current.id, { state: 'returned', comment, actedAt: at });
    for (const s of chain.steps.filter((x) => x.state === 'waiting')) {
      await store.setReviewStep(actor.agencyId, s.id, { state: 'skipped' });
    }
  } else {
    requirePermission(actor.role, 'outgoing.approve');
  }
  const updated = await store.updateDocument(actor.agencyId, doc.id, {
    state: 'draft',
    returnReason: comment,
  });
  await auditDocument(
    store,
    actor,
    chain.current ? 'outgoing.review_returned' : 'outgoing.rejected',
    updated,
    {
      reason: comment,
      ...(chain.current ? { round: chain.round, position: chain.current.position } : {}),
    },
  );
  return updated;
}

/**
 * A reviewer who is not the last one gives their opinion: approve (forward to the next reviewer) or
 * return (back to the drafter with a comment). The last reviewer approves through approveAndSign.
 */
export async function reviewDraft(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'return'; comment?: string | undefined },
): Promise<DocumentRecord> {
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    expectState(doc.state, ['submitted'], 'review');
    const now = deps.clock.now();
    if (input.decision === 'return') return returnInChain(store, actor, doc, checkReason(input.comment), now);
    const chain = await chainState(store, actor.agencyId, id);
    if (!chain.current || chain.current.reviewerId !== actor.userId) {
      throw officeErrors.error('office.not_current_reviewer', { documentId: id });
    }
    if (chain.isFinal) {
      // The last step is the competent person's approval and signature: /approve does it.
      throw officeErrors.error('office.invalid_state', {
        state: doc.state,
        action: 'review',
        use: 'approve',
      });
    }
    const comment = input.comment?.normalize('NFC').trim().slice(0, 1000) || null;
    await store.setReviewStep(actor.agencyId, chain.current.id, { state: 'approved', comment, actedAt: now });
    const next = chain.steps.find((s) => s.position === chain.current!.position + 1)!;
    await store.setReviewStep(actor.agencyId, next.id, { state: 'current' });
    const updated = await store.updateDocument(actor.agencyId, id, {});
    await auditDocument(store, actor, 'outgoing.review_approved', updated, {
      round: chain.round,
      position: chain.current.position,
      next: next.reviewerId,
      ...(comment ? { comment } : {}),
    });
    return updated;
  });
}

/**
 * A reviewer deactivated before acting would hold the draft forever: the drafter or an agency admin
 * gives the current step to another eligible reviewer (an active user of the agency, not the
 * drafter, not an admin, not already in this round; for the last step a leader). Only a step whose
 * reviewer is no longer active is reassigned, so nobody bypasses a reviewer who can still act.
 * Audited with the previous and the new reviewer and the reason.
 */
export async function reassignReviewStep(
  deps: Deps,
  actor: Actor,
  id: number,
  input: { reviewerId: number; reason: string },
): Promise<DocumentRecord> {
  const reason = checkReason(input.reason);
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'outgoing' });
    if (doc.createdBy !== actor.userId && !can(actor.role, 'agency.admin'))
      throw officeErrors.error('office.forbidden', { action: 'reassign_review' });
    expectState(doc.state, ['submitted'], 'reassign_review');
    const chain = await chainState(store, actor.agencyId, id);
    const current = chain.current;
    if (!current)
      throw officeErrors.error('office.invalid_state', { state: doc.state, action: 'reassign_review' });
    const holder = await store.getUser(actor.agencyId, current.reviewerId);
    if (holder?.active)
      throw officeErrors.error('office.invalid_state', {
        state: doc.state,
        action: 'reassign_review',
        reason: 'reviewer_active',
      });
    const next = await store.getUser(actor.agencyId, input.reviewerId);
    const inRound = chain.steps.some((s) => s.id !== current.id && s.reviewerId === input.reviewerId);
    if (
      !next ||
      !next.active ||
      next.id === doc.createdBy ||
      next.role === 'admin' ||
      inRound ||
      (chain.isFinal && !can(next.role, 'outgoing.approve'))
    ) {
      throw officeErrors.error('office.invalid_review_chain', {
        reviewer: input.reviewerId,
        position: current.position,
      });
    }
    await store.setReviewStep(actor.agencyId, current.id, { state: 'current', reviewerId: next.id });
    const updated = await store.updateDocument(actor.agencyId, id, {});
    await auditDocument(store, actor, 'outgoing.review_reassigned', updated, {
      round: chain.round,
      position: current.position,
      from: current.reviewerId,
      to: next.id,
      reason,
    });
    return updated;
  });
}

/** The drafts waiting for the signed-in user's opinion (and, for a leader, those submitted without a chain). */
export async function reviewQueue(deps: Deps, actor: Actor): Promise<DocumentRecord[]> {
  return deps.store.listReviewQueue(actor.agencyId, actor.userId, can(actor.role, 'outgoing.approve'));
}

/** The chain of a document, every round, with the reviewers' names (for the document page). */
export async function describeChain(store: OfficeStore, actor: Actor, id: number) {
  const [all, users] = await Promise.all([
    store.listReviewSteps(actor.agencyId, id),
    store.listUsers(actor.agencyId),
  ]);
  return all.map((s) => {
    const u = users.find((x) => x.id === s.reviewerId);
    return {
      ...s,
      reviewerName: u?.fullName ?? null,
      reviewerPosition: u?.position ?? null,
      reviewerRole: u?.role ?? null,
    };
  });
}
