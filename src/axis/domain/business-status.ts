import { canTransition, statusCodeEntry, type StatusState } from '../../standards/index.ts';

/**
 * Per-recipient business status of a document (standards-vn §1.5, §2.4; Decree 30/2020 Art. 18).
 * Pure rules: given the current state of one (document, recipient) pair and an incoming status or
 * request, say what the new state is or why the change makes no sense.
 */

/** Status codes in use: 01–06 by the receiver, 13 by the sender, 15/16 by the receiver (§1.5). */
export const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export function isStatusCode(value: string | undefined): value is StatusCode {
  return value !== undefined && (STATUS_CODES as readonly string[]).includes(value);
}

/** Who may send a code: the original sender (13) or a recipient (all others) — the standards catalogue says. */
export function statusSenderRole(code: StatusCode): 'sender' | 'receiver' {
  return statusCodeEntry(code)?.sentBy ?? (code === '13' ? 'sender' : 'receiver');
}

export type PendingRequest = 'revoke' | 'update' | 'replace';
export type RequestEffect = 'revoked' | 'updated' | 'replaced';

export interface RecipientState {
  /** Last code of the 01–06 progression (null before any). */
  readonly progressCode: string | null;
  readonly pendingRequest: PendingRequest | null;
  readonly effect: RequestEffect | null;
}

export interface StatusChange {
  /** Latest code received (any of STATUS_CODES). */
  readonly statusCode: StatusCode;
  readonly progressCode: string | null;
  readonly pendingRequest: PendingRequest | null;
  readonly effect: RequestEffect | null;
}

export type TransitionResult = { ok: true; next: StatusChange } | { ok: false; reason: string };

const refuse = (reason: string): TransitionResult => ({ ok: false, reason });

/**
 * Applies a status package sent by `role` to the state of one recipient.
 * - 01 (đã đến), 02 (từ chối) and 03 (đã tiếp nhận) only before acceptance/rejection;
 * - 04, 05, 06 only after 03 (a document is handled only once it has been registered);
 * - nothing after 06 (completed) or 02 (rejected) except answers to a pending request;
 * - 13 (lấy lại) only by the sender, and not on a document already revoked;
 * - 15/16 only while a revoke/update/replace request (13 or BussinessDocType 1–3) is pending.
 */
export function applyStatus(
  current: RecipientState,
  code: StatusCode,
  role: 'sender' | 'receiver',
): TransitionResult {
  const expected = statusSenderRole(code);
  if (role !== expected) {
    return refuse(
      expected === 'sender'
        ? `status ${code} is sent by the original sender, not by a recipient`
        : `status ${code} is sent by a recipient, not by the original sender`,
    );
  }
  const keep = {
    pendingRequest: current.pendingRequest,
    effect: current.effect,
    progressCode: code as string,
  };
  const progressCode = current.progressCode;
  if (code === '13') {
    if (current.effect === 'revoked') return refuse('the document is already revoked for this recipient');
    if (current.pendingRequest === 'revoke')
      return refuse('a revoke request is already pending for this recipient');
    return {
      ok: true,
      next: { statusCode: code, progressCode, pendingRequest: 'revoke', effect: current.effect },
    };
  }
  if (code === '15' || code === '16') {
    if (!current.pendingRequest)
      return refuse(`status ${code} answers a revoke/update/replace request, and none is pending`);
    const effect: RequestEffect | null =
      code === '16'
        ? current.effect
        : current.pendingRequest === 'revoke'
          ? 'revoked'
          : current.pendingRequest === 'update'
            ? 'updated'
            : 'replaced';
    return { ok: true, next: { statusCode: code, progressCode, pendingRequest: null, effect } };
  }
  if (current.effect === 'revoked') return refuse('the document has been revoked for this recipient');
  const last = progressCode;
  // The 01–06 progression is the standards catalogue's transition table (src/standards
  // STATUS_TRANSITIONS, one place for the rule). Two axis additions: a repeated 01 (arrival notified
  // again — the SDK itself ships two 01 samples) is accepted, and 13/15/16 are judged above against
  // the per-recipient request state only the axis keeps.
  if (last === '01' && code === '01') return { ok: true, next: { statusCode: code, ...keep } };
  if (!canTransition((last ?? 'none') as StatusState, code)) {
    return refuse(
      last === '06' || last === '02'
        ? `status ${code} cannot follow ${last}: the document was already ${describe(last)}`
        : code === '04' || code === '05' || code === '06'
          ? `status ${code} requires 03 (accepted and registered) first`
          : `status ${code} cannot follow ${last}: the document was already ${describe(last ?? '')}`,
    );
  }
  return { ok: true, next: { statusCode: code, ...keep } };
}

/** Applies a revoke/update/replace package (BussinessDocType 1–3) to one recipient's state. */
export function applyRequest(
  current: RecipientState,
  _request: PendingRequest,
): { ok: true } | { ok: false; reason: string } {
  if (current.effect === 'revoked')
    return { ok: false, reason: 'the document is already revoked for this recipient' };
  if (current.effect === 'replaced')
    return { ok: false, reason: 'the document was already replaced for this recipient' };
  return { ok: true };
}

function describe(code: string): string {
  switch (code) {
    case '02':
      return 'rejected (02)';
    case '03':
      return 'accepted (03)';
    case '06':
      return 'completed (06)';
    default:
      return `at ${code}`;
  }
}

export const BUSSINESS_DOC_TYPES = { '0': 'new', '1': 'revoke', '2': 'update', '3': 'replace' } as const;

export function requestOfBussinessDocType(value: string | undefined): PendingRequest | null {
  switch (value?.trim()) {
    case '1':
      return 'revoke';
    case '2':
      return 'update';
    case '3':
      return 'replace';
    case undefined:
    default:
      return null;
  }
}
