/**
 * Response shapes of the VXP protocol with the exact JSON keys the official SDK reads
 * (standards-vn.md §2.7). Field names that look odd (`DocId`, `created_time`, `status_desc`) are the wire's.
 */

export interface VxpResult {
  readonly status: 'OK' | 'FAIL';
  /** "0" on success. */
  readonly ErrorCode: string;
  readonly ErrorDesc: string;
}

export interface VxpSendResult extends VxpResult {
  readonly DocId: string;
}

export type VxpMessageType = 'edoc' | 'status';

/** Transport acknowledgement values of `updateStatus` (not the business status 01–16). */
export type VxpTransportStatus = 'done' | 'fail' | 'processing';

export interface VxpReceivedItem {
  readonly docId: string;
  readonly serviceType: string;
  readonly messageType: string;
  readonly created_time: string;
  readonly updated_time: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly status_desc: string;
}

export interface VxpSentItem {
  readonly serviceType: string;
  readonly messageType: string;
  readonly senderDocId: string;
  readonly receiverDocId: string;
  readonly fromCode: string;
  readonly toCode: string;
  readonly title: string;
  readonly notation: string;
  readonly sentTime: string;
  readonly receivedTime: string;
  readonly sendStatus: string;
  readonly sendStatusDesc: string;
  readonly receiveStatus: string;
  readonly receiveStatusDesc: string;
}

export interface VxpAgency {
  readonly id: string | number;
  readonly pid: string | number | null;
  readonly code: string;
  readonly name: string;
  readonly mail: string | null;
  readonly oldCode: string | null;
}

export interface VxpAgencyQd20 {
  readonly id: string | number;
  readonly code: string;
  readonly name: string;
  readonly mail: string | null;
  readonly code102: string | null;
}

export interface VxpSynchronizeUnit {
  readonly id: string | number;
  readonly pid: string | number | null;
  readonly code: string;
  readonly name: string;
  readonly mail: string | null;
  readonly version: string | number | null;
  readonly centerCode: string | null;
  readonly deleted: boolean | number | string;
  readonly modifyDate: string | null;
  readonly isAgency: boolean | number | string;
}

/** Body of `registerAgency` (second argument of the SDK call). */
export interface VxpRegisterAgencyInput {
  readonly id?: string | number;
  /** Parent agency code. */
  readonly pcode?: string;
  readonly code: string;
  readonly name: string;
  readonly mail?: string;
  readonly mobile?: string;
  readonly fax?: string;
}

export interface VxpReceivedListFilter {
  readonly messagetype: VxpMessageType;
  readonly to?: string;
  /** As the PVN wrapper sends them (dd/MM/yyyy); passed through unchanged. */
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly status?: string;
  readonly pageSize?: number;
  readonly pageIndex?: number;
}
