/**
 * What the monitor learns from the axis, reduced to the facts the dashboards count. The axis's
 * evidence log is the source (storage/axis-evidence-source.ts maps its rows to these events); the
 * projection is a pure function of this sequence, so replaying it from scratch gives the same read
 * models as applying it batch by batch.
 */
export type Effect = 'revoked' | 'updated' | 'replaced';

export type MonitorEvent =
  /** An edoc package accepted by the axis (one document sent by `from`). */
  | {
      readonly type: 'document_sent';
      readonly seq: number;
      readonly at: Date;
      readonly docId: string;
      readonly from: string;
      readonly signed: boolean;
      readonly signatureValid: boolean;
      /** Bussiness/Paper = 1: a paper copy follows (the electronic copy is not the only one). */
      readonly paper: boolean;
      /** DueDate of the document (hạn xử lý), end of that day in Vietnam. */
      readonly dueAt: Date | null;
    }
  /** One delivery of a document queued for a final recipient. */
  | {
      readonly type: 'delivery_queued';
      readonly seq: number;
      readonly at: Date;
      readonly docId: string;
      readonly to: string;
    }
  /** A recipient's system fetched or acknowledged a delivery: the agency is connected and alive. */
  | { readonly type: 'agency_seen'; readonly seq: number; readonly at: Date; readonly agency: string }
  /** A business status (01–06) of recipient `to` for document `docId`. */
  | {
      readonly type: 'status';
      readonly seq: number;
      readonly at: Date;
      readonly docId: string;
      readonly to: string;
      readonly code: string;
    }
  /** An accepted revoke/update/replace (status 15) took effect for recipient `to`. */
  | {
      readonly type: 'effect';
      readonly seq: number;
      readonly at: Date;
      readonly docId: string;
      readonly to: string;
      readonly effect: Effect;
    };

/** The 01–06 progression (standards-vn §1.5): 01 đã đến, 02 từ chối, 03 đã tiếp nhận, 04 phân công, 05 đang xử lý, 06 hoàn thành. */
export const PROGRESS_CODES = ['01', '02', '03', '04', '05', '06'] as const;
export type ProgressCode = (typeof PROGRESS_CODES)[number];

export function isProgressCode(code: string | null | undefined): code is ProgressCode {
  return code !== null && code !== undefined && (PROGRESS_CODES as readonly string[]).includes(code);
}
