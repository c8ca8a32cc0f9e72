/**
 * Response shapes with the exact JSON keys the official SDK reads (standards-vn §2.7). Times are
 * ISO 8601 in Vietnam time (+07:00); the SDK passes them through as strings.
 */
import { statusCodeEntry } from '../../standards/index.ts';
import type { Agency } from '../domain/agency.ts';
import { formatVietnamIso } from '../domain/vietnam-time.ts';
import type { DeliveryRecord, SentRow } from '../use-cases/ports.ts';

export const SERVICE_TYPE = 'eDoc';

const STATE_DESC: Record<DeliveryRecord['state'], string> = {
  pending: 'Chờ nhận / waiting to be fetched',
  processing: 'Đang xử lý / being processed by the receiver',
  done: 'Đã nhận / received',
  failed: 'Nhận lỗi quá số lần cho phép / failed after the retry bound',
};

const time = (date: Date | null) => (date ? formatVietnamIso(date) : '');

export function receivedItem(d: DeliveryRecord) {
  return {
    docId: d.id,
    serviceType: SERVICE_TYPE,
    messageType: d.kind,
    created_time: time(d.createdAt),
    updated_time: time(d.updatedAt),
    from: d.fromOrganId,
    to: d.recipientCode,
    status: d.state,
    status_desc: STATE_DESC[d.state] + (d.retryCount > 0 ? ` (retry ${d.retryCount})` : ''),
  };
}

export function sentItem({ package: p, delivery: d }: SentRow) {
  return {
    serviceType: SERVICE_TYPE,
    messageType: p.kind,
    senderDocId: p.docId,
    receiverDocId: d.id,
    fromCode: p.fromOrganId,
    toCode: d.recipientCode,
    title: p.subject ?? '',
    notation: p.notation ?? '',
    sentTime: time(p.createdAt),
    receivedTime: time(d.ackedAt ?? d.fetchedAt),
    sendStatus: d.state,
    sendStatusDesc: STATE_DESC[d.state],
    receiveStatus: d.statusCode ?? '',
    receiveStatusDesc:
      (d.statusCode ? (statusCodeEntry(d.statusCode)?.nameVi ?? d.statusCode) : '') +
      (d.pendingRequest ? ` [chờ trả lời yêu cầu ${d.pendingRequest}]` : '') +
      (d.effect ? ` [${d.effect}]` : '') +
      (d.addressedCode ? ` [chuyển từ ${d.addressedCode}]` : ''),
  };
}

export function agencyItem(a: Agency, byCode: Map<string, Agency>) {
  return {
    id: a.id,
    pid: a.parentCode ? (byCode.get(a.parentCode)?.id ?? null) : null,
    code: a.code,
    name: a.name,
    mail: a.mail,
    oldCode: null as string | null,
  };
}

export function agencyQd20Item(a: Agency) {
  return { id: a.id, code: a.codeQd20 ?? a.code, name: a.name, mail: a.mail, code102: a.code };
}

export function synchronizeUnitItem(a: Agency, byCode: Map<string, Agency>) {
  return {
    id: a.id,
    pid: a.parentCode ? (byCode.get(a.parentCode)?.id ?? null) : null,
    code: a.code,
    name: a.name,
    mail: a.mail,
    version: a.version,
    centerCode: a.successorCode,
    deleted:
      a.deletedAt !== null || a.status === 'retired' || (a.validTo !== null && a.validTo <= new Date()),
    modifyDate: time(a.updatedAt),
    isAgency: true,
  };
}
