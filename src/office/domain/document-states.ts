/**
 * States of incoming and outgoing documents and the edXML status code each incoming step reports to
 * the sender (standards-vn.md §1.5; Decree 30/2020 Art. 21–24).
 */
import type { StatusCode } from '../../standards/index.ts';
import { officeErrors } from './errors.ts';

export type IncomingState =
  | 'pending'
  | 'returned'
  | 'registered'
  | 'assigned'
  | 'processing'
  | 'done'
  | 'cancelled'
  /** Replaced by a later document of the sender (BussinessDocType 3, answered 15). */
  | 'replaced';
export type OutgoingState =
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'issued'
  | 'revoked'
  /** Every recipient agreed (15) to its replacement; until then it stays `issued` (replacement-answers.ts). */
  | 'replaced';
export type DocumentState = IncomingState | OutgoingState;

/** Status code sent to the sender when an incoming document enters a state. */
export const INCOMING_STATUS: Partial<Record<IncomingState, StatusCode>> = {
  pending: '01',
  returned: '02',
  registered: '03',
  assigned: '04',
  processing: '05',
  done: '06',
};

/** Priorities at or above this are urgent (Khẩn, Thượng khẩn, Hỏa tốc): handled immediately (Art. 4.2.c). */
export const URGENT_PRIORITY = 1;

export function expectState(actual: string, allowed: readonly string[], action: string): void {
  if (!allowed.includes(actual)) throw officeErrors.error('office.invalid_state', { state: actual, action });
}

/** Reasons (return, revoke) are mandatory and at most 1000 characters (Viettel voffice practice, §1.5). */
export function checkReason(reason: string | undefined): string {
  const text = (reason ?? '').normalize('NFC').trim();
  if (text.length === 0 || text.length > 1000) throw officeErrors.error('office.reason_required');
  return text;
}

/** A step of the review chain (storage column `review_steps.state`). */
export type ReviewStepState = 'waiting' | 'current' | 'approved' | 'returned' | 'skipped';

/** At most this many reviewers in one chain (head of unit, deputy, leader…). */
export const MAX_REVIEWERS = 10;
