/**
 * Business status codes of edXML status packages (standards-vn.md §1.5) and the ONE place that
 * says which status may follow which. The axis uses this for transition checks.
 *
 * Who sends: 01–06, 15, 16 are sent by a receiver of the document; 13 by its original sender
 * (sample status_cancellation_13: From = G22, the sender) [verified: SDK samples].
 */
import type { EvidenceSource } from '../evidence-source.ts';

export type StatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
export type StatusSender = 'receiver' | 'sender';

export interface StatusCodeEntry {
  code: StatusCode;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  sentBy: StatusSender;
  source: EvidenceSource;
}

export const STATUS_CODES: readonly StatusCodeEntry[] = Object.freeze([
  {
    code: '01',
    nameVi: 'Đã đến',
    nameEn: 'Arrived',
    descriptionVi: 'Phần mềm QLVB đã nhận nhưng văn thư chưa xử lý',
    descriptionEn: 'Received by the document system, not yet handled by the clerk',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '02',
    nameVi: 'Từ chối tiếp nhận',
    nameEn: 'Rejected',
    descriptionVi: 'Văn thư từ chối tiếp nhận văn bản điện tử (kèm lý do)',
    descriptionEn: 'The clerk refused to accept the electronic document (with a reason)',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '03',
    nameVi: 'Đã tiếp nhận',
    nameEn: 'Accepted',
    descriptionVi: 'Văn thư tiếp nhận văn bản điện tử, vào sổ văn bản đến',
    descriptionEn: 'Accepted and registered in the incoming register',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '04',
    nameVi: 'Phân công',
    nameEn: 'Assigned',
    descriptionVi: 'Lãnh đạo phân công xử lý',
    descriptionEn: 'A leader assigned the handling',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '05',
    nameVi: 'Đang xử lý',
    nameEn: 'In progress',
    descriptionVi: 'Đang xử lý văn bản đến',
    descriptionEn: 'The incoming document is being handled',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '06',
    nameVi: 'Hoàn thành',
    nameEn: 'Completed',
    descriptionVi: 'Hoàn thành xử lý văn bản đến',
    descriptionEn: 'Handling completed',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '13',
    nameVi: 'Lấy lại',
    nameEn: 'Take-back requested',
    descriptionVi: 'Văn thư bên gửi yêu cầu lấy lại văn bản điện tử kèm lý do',
    descriptionEn: 'The sender’s clerk asks to take the electronic document back, with a reason',
    sentBy: 'sender',
    source: 'verified',
  },
  {
    code: '15',
    nameVi: 'Đồng ý cập nhật/lấy lại',
    nameEn: 'Change accepted',
    descriptionVi: 'Văn thư bên nhận đồng ý yêu cầu cập nhật, lấy lại',
    descriptionEn: 'The receiver agrees to the update / take-back request',
    sentBy: 'receiver',
    source: 'verified',
  },
  {
    code: '16',
    nameVi: 'Từ chối cập nhật/lấy lại',
    nameEn: 'Change refused',
    descriptionVi: 'Văn thư bên nhận từ chối yêu cầu cập nhật, lấy lại',
    descriptionEn: 'The receiver refuses the update / take-back request',
    sentBy: 'receiver',
    source: 'verified',
  },
]);

export function statusCodeEntry(code: string | undefined): StatusCodeEntry | undefined {
  return STATUS_CODES.find((e) => e.code === code);
}

/**
 * State of one (document, receiver) pair seen by the exchange: 'none' before any status;
 * a status code; 'change_requested' after an update/replace/revoke package (BussinessDocType 1–3)
 * reached the receiver (the package is itself the request, answered by 15/16).
 */
export type StatusState = 'none' | StatusCode | 'change_requested';

/**
 * Allowed previous states of each status (the transition table).
 * - 01 arrives first (standards-vn §2.4 step 7; Decree 30 Art. 21.2: notify the sender on receipt).
 * - 02 reject and 03 accept follow arrival, or come first when 01 was skipped (Art. 21.2: check,
 *   then accept or return on the System; practice sends 03 without 01).
 * - 04 assignment follows acceptance (Art. 22 register → Art. 23 present and assign).
 * - 05 in progress follows 03 (Viettel writes 03 then 05 at once, standards-vn §1.5), 04, or 05.
 * - 06 completed follows 03/04/05 (Art. 24).
 * - 13 take-back by the sender (Art. 18.4.b) while the receiver holds the document and the
 *   request is not already pending: after none/01/03/04/05/06, not after 02 (nothing to take
 *   back) nor 13 (already pending) [inferred].
 * - 15/16 answer a 13 or an update/replace/revoke package (standards-vn §2.4) and nothing else.
 * After 16 (refusal) the document goes on where it was: see `effectiveStatusState`.
 */
export const STATUS_TRANSITIONS: Readonly<Record<StatusCode, readonly StatusState[]>> = Object.freeze({
  '01': ['none'],
  '02': ['none', '01'],
  '03': ['none', '01'],
  '04': ['03'],
  '05': ['03', '04', '05'],
  '06': ['03', '04', '05'],
  '13': ['none', '01', '03', '04', '05', '06'],
  '15': ['13', 'change_requested'],
  '16': ['13', 'change_requested'],
});

/** Whether `next` may follow state `previous` (see STATUS_TRANSITIONS). */
export function canTransition(previous: StatusState, next: StatusCode): boolean {
  return STATUS_TRANSITIONS[next].includes(previous);
}

/**
 * The state that the next status is checked against, given the history of one (document, receiver)
 * pair in order. A 16 (refusal) closes the request and restores the state before it; a 15 after a
 * take-back ends the exchange ('15' admits nothing further).
 */
export function effectiveStatusState(history: readonly StatusState[]): StatusState {
  const stack: StatusState[] = ['none'];
  for (const s of history) {
    if (s === '16') {
      // pop back to the state before the request (13 or change_requested)
      while (stack.length > 1) {
        const top = stack.pop();
        if (top === '13' || top === 'change_requested') break;
      }
    } else {
      stack.push(s);
    }
  }
  return stack[stack.length - 1] ?? 'none';
}
