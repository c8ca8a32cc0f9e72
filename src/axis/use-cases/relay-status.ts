/**
 * Planning of a status package (messagetype=status): which document it is about, whose state it
 * changes and to whom it is delivered (standards-vn §1.5, §2.4). Receivers' statuses (01–06, 15, 16)
 * go to the original sender; the sender's 13 (lấy lại) goes to the recipients it concerns.
 */
import type { EdxmlStatusPackage } from '../../standards/index.ts';
import { applyStatus, isStatusCode, type StatusCode } from '../domain/business-status.ts';
import { axisErrors } from '../domain/errors.ts';
import type {
  DeliveryRecord,
  DeliveryStateChange,
  DeliveryStore,
  PackageRecord,
  PackageStore,
} from './ports.ts';

export interface StatusRelayPlan {
  readonly statusCode: StatusCode;
  readonly refPackage: PackageRecord;
  readonly role: 'sender' | 'receiver';
  /** Agencies the status package is delivered to. */
  readonly recipients: readonly string[];
  readonly changes: readonly (DeliveryStateChange & { recipientCode: string })[];
}

export async function planStatusRelay(
  stores: { packages: PackageStore; deliveries: DeliveryStore },
  pkg: EdxmlStatusPackage,
): Promise<StatusRelayPlan> {
  const code = pkg.status.statusCode?.trim();
  if (!isStatusCode(code)) {
    throw axisErrors.error('axis.package_invalid', {
      reason: 'StatusCode must be one of 01–06, 13, 15, 16',
      statusCode: code ?? null,
    });
  }
  const from = pkg.header.from?.organId?.trim() ?? '';
  const responseFor = pkg.header.responseFor[0];
  const documentId = responseFor?.documentId?.trim();
  if (!documentId)
    throw axisErrors.error('axis.package_invalid', {
      reason: 'a status package needs ResponseFor/DocumentId',
    });
  const description = pkg.status.description ?? null;
  const statedAt = pkg.status.timestamp ?? null;

  // Receiver side: the reporting agency received the document.
  const received = await stores.deliveries.findByDocumentAndRecipient(documentId, from);
  if (received.length > 0) {
    const target: DeliveryRecord =
      (code === '15' || code === '16' ? received.find((d) => d.pendingRequest !== null) : undefined) ??
      received[received.length - 1]!;
    const refPackage = (await stores.packages.get(target.docId))!;
    const change = stateChange(target, code, 'receiver', description, from, statedAt, documentId);
    return {
      statusCode: code,
      refPackage,
      role: 'receiver',
      recipients: [refPackage.fromOrganId],
      changes: [change],
    };
  }

  // Sender side: the reporting agency sent the document (13 = take back).
  const sent = await stores.packages.findByDocumentId(documentId, from);
  const refPackage = sent.find((p) => p.bussinessDocType === 0) ?? sent[0];
  if (!refPackage) {
    throw axisErrors.error('axis.reference_unknown', {
      documentId,
      from,
      reason: 'no document with this DocumentId was sent by or to this agency',
    });
  }
  const all = await stores.deliveries.forPackage(refPackage.docId);
  const named = responseFor?.organId?.trim();
  const targets =
    named && all.some((d) => d.recipientCode === named) ? all.filter((d) => d.recipientCode === named) : all;
  const changes = targets.map((d) => stateChange(d, code, 'sender', description, from, statedAt, documentId));
  return {
    statusCode: code,
    refPackage,
    role: 'sender',
    recipients: targets.map((d) => d.recipientCode),
    changes,
  };
}

function stateChange(
  delivery: DeliveryRecord,
  code: StatusCode,
  role: 'sender' | 'receiver',
  description: string | null,
  from: string,
  statedAt: string | null,
  documentId: string,
): DeliveryStateChange & { recipientCode: string } {
  const result = applyStatus(delivery, code, role);
  if (!result.ok) {
    throw axisErrors.error('axis.status_transition_invalid', {
      reason: result.reason,
      statusCode: code,
      documentId,
      recipient: delivery.recipientCode,
      currentStatus: delivery.statusCode,
      pendingRequest: delivery.pendingRequest,
    });
  }
  return {
    deliveryId: delivery.id,
    recipientCode: delivery.recipientCode,
    expected: {
      statusCode: delivery.statusCode,
      progressCode: delivery.progressCode,
      pendingRequest: delivery.pendingRequest,
      effect: delivery.effect,
    },
    next: {
      statusCode: result.next.statusCode,
      progressCode: result.next.progressCode,
      pendingRequest: result.next.pendingRequest,
      effect: result.next.effect,
      requestDocId: delivery.requestDocId,
      statusDescription: description,
    },
    statusEvent: { statusCode: code, description, fromOrganId: from, statedAt },
  };
}
