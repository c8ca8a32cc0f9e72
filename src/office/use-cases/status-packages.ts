/**
 * Status packages (gói tin trạng thái, standards-vn.md §1.5). Each step of an incoming document
 * queues its status for the sender in the same transaction as the step itself (outbox), so the
 * status goes out even if the axis is briefly down — QĐ 28/2018: notify the sender the same day.
 */
import { buildPackageBuffer, formatEdxmlTimestamp, STATUS_CODES } from '../../standards/index.ts';
import type { Actor } from './deps.ts';
import type { AgencyRecord, DocumentRecord, OfficeStore, OutboxPayload } from './ports.ts';

function statusName(code: string): string {
  return STATUS_CODES.find((s) => s.code === code)?.nameVi ?? code;
}

/** Queues a receiver's status (01–06, 15, 16) for the sender of an electronic incoming document. */
export async function queueReceiverStatus(
  store: OfficeStore,
  doc: DocumentRecord,
  statusCode: string,
  description: string | null,
  actor: Actor | null,
  at: Date,
  department?: string,
): Promise<void> {
  // Paper documents and documents registered by hand have no sender on the axis to inform.
  if (doc.paper || !doc.fromCode || !doc.edxmlDocumentId || !doc.axisDeliveryId) return;
  const text = description ?? statusName(statusCode);
  const payload: OutboxPayload = {
    kind: 'status',
    to: [doc.fromCode],
    role: 'receiver',
    responseForOrganId: doc.fromCode,
    statusCode,
    description: text,
    at: at.toISOString(),
    ...(actor ? { staff: actor.fullName } : {}),
    ...(department ? { department } : {}),
  };
  await store.enqueue(doc.agencyId, doc.id, payload);
  await store.addStatusEvent({
    agencyId: doc.agencyId,
    documentId: doc.id,
    direction: 'sent',
    partyCode: doc.fromCode,
    statusCode,
    description: text,
    statusDocId: null,
    at,
  });
}

/** Queues the sender's status 13 (lấy lại) for the recipients of an outgoing document. */
export async function queueSenderStatus(
  store: OfficeStore,
  agency: AgencyRecord,
  doc: DocumentRecord,
  recipients: readonly string[],
  statusCode: '13',
  description: string,
  actor: Actor,
  at: Date,
): Promise<void> {
  await store.enqueue(doc.agencyId, doc.id, {
    kind: 'status',
    to: [...recipients],
    role: 'sender',
    responseForOrganId: agency.code,
    statusCode,
    description,
    staff: actor.fullName,
    at: at.toISOString(),
  });
  for (const code of recipients) {
    await store.addStatusEvent({
      agencyId: doc.agencyId,
      documentId: doc.id,
      direction: 'sent',
      partyCode: code,
      statusCode,
      description,
      statusDocId: null,
      at,
    });
  }
}

function edxmlDate(isoDate: string | null): string | undefined {
  return isoDate ? isoDate.replace(/-/g, '/') : undefined;
}

/** Builds the edXML status package of an outbox entry. */
export async function buildStatusPackage(
  agency: AgencyRecord,
  doc: DocumentRecord,
  payload: Extract<OutboxPayload, { kind: 'status' }>,
): Promise<Buffer> {
  const code = doc.codeNumber && doc.codeNotation ? `${doc.codeNumber}/${doc.codeNotation}` : undefined;
  const promulgationDate = edxmlDate(doc.promulgationDate);
  return buildPackageBuffer({
    kind: 'status',
    header: {
      from: { organId: agency.code, organName: agency.name },
      to: [],
      responseFor: [
        {
          organId: payload.responseForOrganId,
          ...(code ? { code } : {}),
          ...(promulgationDate ? { promulgationDate } : {}),
          ...(doc.edxmlDocumentId ? { documentId: doc.edxmlDocumentId } : {}),
        },
      ],
      traceHeaders: [],
    },
    status: {
      statusCode: payload.statusCode,
      description: payload.description,
      timestamp: formatEdxmlTimestamp(new Date(payload.at)),
      staffInfo: {
        ...(payload.department ? { department: payload.department } : {}),
        ...(payload.staff ? { staff: payload.staff } : {}),
      },
    },
  });
}
