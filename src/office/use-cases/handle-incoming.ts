/**
 * The incoming flow of Decree 30/2020 Art. 20–24: tiếp nhận → đăng ký (số đến) → trình, chuyển giao
 * (phân công) → giải quyết. Each step is one transaction that also queues the status for the sender.
 */
import { addWorkingDays, vietnamDateOf } from '../../standards/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { checkReason, expectState } from '../domain/document-states.ts';
import { requirePermission } from '../domain/roles.ts';
import { auditDocument } from './audit-document.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';
import type { DocumentRecord, OfficeStore } from './ports.ts';
import { queueReceiverStatus } from './status-packages.ts';

type Deps = Pick<OfficeDeps, 'store' | 'clock'>;

/** Art. 22: số đến runs continuously through the year, in order of receipt, shared by paper and e-documents. */
async function assignIncomingNumber(store: OfficeStore, agencyId: number, now: Date) {
  const year = Number(vietnamDateOf(now).slice(0, 4));
  const number = await store.nextCounter(agencyId, year, 'incoming');
  return { incomingNumber: number, incomingYear: year };
}

/** The clerk accepts an electronic document: registered with its số đến, status 03 to the sender. */
export async function acceptIncoming(deps: Deps, actor: Actor, id: number): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.receive');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    expectState(doc.state, ['pending'], 'accept');
    const now = deps.clock.now();
    const updated = await store.updateDocument(actor.agencyId, id, {
      state: 'registered',
      registeredAt: now,
      ...(await assignIncomingNumber(store, actor.agencyId, now)),
    });
    await queueReceiverStatus(
      store,
      updated,
      '03',
      `Đã tiếp nhận, vào sổ đến số ${updated.incomingNumber}`,
      actor,
      now,
    );
    await auditDocument(store, actor, 'incoming.accepted', updated, {
      incomingNumber: updated.incomingNumber,
    });
    return updated;
  });
}

/** Art. 21.2: a wrong or invalid document is returned to the sender through the system (02), with a reason. */
export async function returnIncoming(
  deps: Deps,
  actor: Actor,
  id: number,
  reason: string,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.receive');
  const text = checkReason(reason);
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    expectState(doc.state, ['pending'], 'return');
    const now = deps.clock.now();
    const updated = await store.updateDocument(actor.agencyId, id, { state: 'returned', returnReason: text });
    await queueReceiverStatus(store, updated, '02', text, actor, now);
    await auditDocument(store, actor, 'incoming.returned', updated, { reason: text });
    return updated;
  });
}

/** A paper document (or one received outside the axis) registered with a scan: same số đến series. */
export async function registerPaperIncoming(
  deps: Deps,
  actor: Actor,
  input: {
    subject: string;
    summary?: string | undefined;
    fromName: string;
    fromCode?: string | undefined;
    codeNumber?: string | undefined;
    codeNotation?: string | undefined;
    promulgationDate?: string | undefined;
    typeName?: string | undefined;
    priority?: number | undefined;
  },
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.receive');
  const subject = input.subject.normalize('NFC').trim();
  if (!subject || !input.fromName.trim())
    throw officeErrors.error('office.invalid_input', { field: 'subject/fromName' });
  return deps.store.transaction(async (store) => {
    const now = deps.clock.now();
    const doc = await store.insertDocument({
      agencyId: actor.agencyId,
      direction: 'incoming',
      state: 'registered',
      subject,
      summary: input.summary?.normalize('NFC') ?? null,
      fromName: input.fromName.normalize('NFC').trim(),
      fromCode: input.fromCode ?? null,
      codeNumber: input.codeNumber ?? null,
      codeNotation: input.codeNotation?.normalize('NFC') ?? null,
      promulgationDate: input.promulgationDate ?? null,
      typeName: input.typeName ?? null,
      priority: input.priority ?? 0,
      paper: true,
      signatureStatus: 'unsigned',
      receivedAt: now,
      registeredAt: now,
      createdBy: actor.userId,
      ...(await assignIncomingNumber(store, actor.agencyId, now)),
    });
    await auditDocument(store, actor, 'incoming.paper_registered', doc, {
      incomingNumber: doc.incomingNumber,
    });
    return doc;
  });
}

export interface AssignInput {
  readonly leadUserId?: number | undefined;
  readonly leadDepartmentId?: number | undefined;
  readonly supportUserIds?: readonly number[] | undefined;
  readonly supportDepartmentIds?: readonly number[] | undefined;
  /** Deadline in working days from today (standards calendar), or an explicit date. */
  readonly deadlineWorkingDays?: number | undefined;
  readonly deadline?: string | undefined;
  readonly opinion?: string | undefined;
}

/** Art. 23: the leader names the lead (chủ trì) and supporting (phối hợp) units/people, a deadline and a directive (04). */
export async function assignIncoming(
  deps: Deps,
  actor: Actor,
  id: number,
  input: AssignInput,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.assign');
  if (input.leadUserId === undefined && input.leadDepartmentId === undefined) {
    throw officeErrors.error('office.invalid_input', { field: 'lead' });
  }
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    expectState(doc.state, ['registered', 'assigned'], 'assign');
    const now = deps.clock.now();
    const today = vietnamDateOf(now);
    let deadline: string | null = null;
    if (input.deadline) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || input.deadline < today) {
        throw officeErrors.error('office.invalid_input', { field: 'deadline' });
      }
      deadline = input.deadline;
    } else if (input.deadlineWorkingDays !== undefined) {
      if (
        !Number.isInteger(input.deadlineWorkingDays) ||
        input.deadlineWorkingDays < 1 ||
        input.deadlineWorkingDays > 365
      ) {
        throw officeErrors.error('office.invalid_input', { field: 'deadlineWorkingDays' });
      }
      deadline = addWorkingDays(today, input.deadlineWorkingDays);
    }
    const users = await store.listUsers(actor.agencyId);
    const departments = await store.listDepartments(actor.agencyId);
    const userOk = (uid: number) => users.some((u) => u.id === uid && u.active);
    const deptOk = (did: number) => departments.some((d) => d.id === did);
    const people = [input.leadUserId, ...(input.supportUserIds ?? [])].filter(
      (v): v is number => v !== undefined,
    );
    const units = [input.leadDepartmentId, ...(input.supportDepartmentIds ?? [])].filter(
      (v): v is number => v !== undefined,
    );
    // Users and departments of another agency do not exist here.
    if (!people.every(userOk) || !units.every(deptOk))
      throw officeErrors.error('office.invalid_input', { field: 'assignee' });
    const opinion = input.opinion?.normalize('NFC').trim() || null;
    const common = { agencyId: actor.agencyId, documentId: id, deadline, opinion, assignedBy: actor.userId };
    await store.addAssignment({
      ...common,
      role: 'lead',
      userId: input.leadUserId ?? null,
      departmentId: input.leadDepartmentId ?? null,
    });
    for (const uid of input.supportUserIds ?? [])
      await store.addAssignment({ ...common, role: 'support', userId: uid, departmentId: null });
    for (const did of input.supportDepartmentIds ?? [])
      await store.addAssignment({ ...common, role: 'support', userId: null, departmentId: did });
    const updated = await store.updateDocument(actor.agencyId, id, {
      state: 'assigned',
      deadline,
      directive: opinion,
    });
    const lead =
      users.find((u) => u.id === input.leadUserId)?.fullName ??
      departments.find((d) => d.id === input.leadDepartmentId)?.name;
    await queueReceiverStatus(
      store,
      updated,
      '04',
      `Lãnh đạo phân công xử lý: ${lead ?? ''}${deadline ? `, hạn ${deadline}` : ''}`,
      actor,
      now,
    );
    await auditDocument(store, actor, 'incoming.assigned', updated, { lead, deadline, opinion });
    return updated;
  });
}

async function requireAssignee(store: OfficeStore, actor: Actor, id: number): Promise<void> {
  if (actor.role === 'leader') return;
  const assignments = await store.listAssignments(actor.agencyId, id);
  const mine = assignments.some(
    (a) => a.userId === actor.userId || (a.departmentId !== null && a.departmentId === actor.departmentId),
  );
  if (!mine) throw officeErrors.error('office.forbidden', { reason: 'not assigned to this document' });
}

/** Handling starts (05). */
export async function startProcessing(deps: Deps, actor: Actor, id: number): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.handle');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    expectState(doc.state, ['assigned'], 'process');
    await requireAssignee(store, actor, id);
    const now = deps.clock.now();
    const updated = await store.updateDocument(actor.agencyId, id, { state: 'processing' });
    await store.setAssignmentsState(
      actor.agencyId,
      id,
      actor.role === 'leader' ? null : actor.userId,
      'processing',
    );
    await queueReceiverStatus(store, updated, '05', `Đang xử lý: ${actor.fullName}`, actor, now);
    await auditDocument(store, actor, 'incoming.processing', updated);
    return updated;
  });
}

/** Handling complete (06). */
export async function completeIncoming(
  deps: Deps,
  actor: Actor,
  id: number,
  result?: string,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.handle');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    expectState(doc.state, ['assigned', 'processing'], 'complete');
    await requireAssignee(store, actor, id);
    const now = deps.clock.now();
    if (doc.state === 'assigned') {
      // The sender sees the work start before it ends (05 then 06), as the axis's order requires nothing less.
      await queueReceiverStatus(store, doc, '05', `Đang xử lý: ${actor.fullName}`, actor, now);
    }
    const updated = await store.updateDocument(actor.agencyId, id, { state: 'done', completedAt: now });
    await store.setAssignmentsState(actor.agencyId, id, null, 'done');
    const text = result?.normalize('NFC').trim();
    await queueReceiverStatus(
      store,
      updated,
      '06',
      text ? `Hoàn thành xử lý: ${text}` : 'Hoàn thành xử lý',
      actor,
      now,
    );
    await auditDocument(store, actor, 'incoming.completed', updated, text ? { result: text } : undefined);
    return updated;
  });
}

/** Art. 18.4.b: the clerk agrees (15: the document is cancelled here) or refuses (16) the sender's take-back. */
export async function answerRevokeRequest(
  deps: Deps,
  actor: Actor,
  id: number,
  agree: boolean,
  reason?: string,
): Promise<DocumentRecord> {
  requirePermission(actor.role, 'incoming.receive');
  return deps.store.transaction(async (store) => {
    const doc = await loadDocument(store, actor, id, { lock: true, direction: 'incoming' });
    if (doc.pendingRequest !== 'revoke')
      throw officeErrors.error('office.invalid_state', { action: 'answer_revoke' });
    const now = deps.clock.now();
    const text = agree ? 'Đồng ý thu hồi văn bản' : checkReason(reason);
    const updated = await store.updateDocument(actor.agencyId, id, {
      pendingRequest: null,
      pendingReason: null,
      ...(agree ? { state: 'cancelled' } : {}),
    });
    await queueReceiverStatus(store, updated, agree ? '15' : '16', text, actor, now);
    await auditDocument(store, actor, agree ? 'incoming.revoke_agreed' : 'incoming.revoke_refused', updated);
    return updated;
  });
}
