/**
 * Pulls an agency's inbox from the axis (Decree 30/2020 Art. 21): each document package is fetched,
 * parsed (attachments into the blob store), its signature checked when a verifier is configured,
 * recorded as "chờ tiếp nhận" with status 01 queued for the sender, then acknowledged. Status
 * packages update the recipient timeline of our outgoing documents (or carry a revoke request, 13).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  parsePackage,
  type EdxmlDocumentPackage,
  type EdxmlStatusPackage,
  parseEdxmlTimestamp,
} from '../../standards/index.ts';
import type { OfficeDeps, SignatureReport } from './deps.ts';
import type { AgencyRecord, AxisGateway, DocumentRecord, OfficeStore } from './ports.ts';
import { recordReplacementAnswer } from './replacement-answers.ts';
import { queueReceiverStatus } from './status-packages.ts';
import { textOf } from './upload-attachment.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function isoDate(edxmlDate: string | undefined): string | null {
  const m = edxmlDate?.trim().match(/^(\d{4})\/(\d{2})\/(\d{2})$/);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function priorityOf(value: string | undefined): number {
  const n = Number(value?.trim());
  return Number.isInteger(n) && n >= 0 && n <= 4 ? n : 0;
}

export interface PullResult {
  readonly documents: number;
  readonly statuses: number;
  readonly failed: number;
}

export async function pullInbox(deps: OfficeDeps, agency: AgencyRecord, maxItems = 200): Promise<PullResult> {
  const gateway = deps.axis(agency);
  const result = { documents: 0, statuses: 0, failed: 0 };
  let seen = 0;
  // Documents first (so a status about a document in the same batch finds it), then status packages.
  for (const kind of ['edoc', 'status'] as const) {
    let cursor: string | undefined;
    for (;;) {
      const page = await gateway.inbox(kind, cursor);
      for (const item of page.items) {
        seen++;
        try {
          if (item.kind === 'edoc') {
            if (await receiveDocument(deps, agency, gateway, item.deliveryId)) result.documents++;
          } else if (await receiveStatus(deps, agency, gateway, item.deliveryId)) {
            result.statuses++;
          }
          await gateway.acknowledge(item.deliveryId, 'done');
        } catch (err) {
          result.failed++;
          deps.logger?.warn(
            { err, agency: agency.code, deliveryId: item.deliveryId },
            'office: could not receive a delivery',
          );
          await deps.store.audit({
            agencyId: agency.id,
            userId: null,
            action: 'axis.receive_failed',
            objectType: 'delivery',
            objectId: item.deliveryId,
            details: { error: err instanceof Error ? err.message : String(err) },
          });
          // An invalid package is refused to the axis so it is not offered again; transport errors are retried.
          if (
            err instanceof Error &&
            'code' in err &&
            String((err as { code: unknown }).code).startsWith('edxml.')
          ) {
            await gateway
              .acknowledge(item.deliveryId, 'fail', err.message.slice(0, 500))
              .catch(() => undefined);
          }
        }
        if (seen >= maxItems) return result;
      }
      // Stop at the end of the inbox: an empty page, or a cursor that does not move.
      if (page.items.length === 0 || !page.nextCursor || page.nextCursor === cursor) break;
      cursor = page.nextCursor;
    }
  }
  return result;
}

async function receiveDocument(
  deps: OfficeDeps,
  agency: AgencyRecord,
  gateway: AxisGateway,
  deliveryId: string,
): Promise<boolean> {
  if (await deps.store.findByDeliveryId(agency.id, deliveryId)) return false;
  const bytes = await readAll(await gateway.fetchPackage(deliveryId));
  const parsed = await parsePackage(bytes, { blobs: deps.blobs });
  if (parsed.package.kind !== 'edoc') return false;
  const pkg: EdxmlDocumentPackage = parsed.package;
  const packageRef = await deps.blobs.put(bytes);
  const bussinessType = pkg.header.bussiness?.bussinessDocType?.trim();
  const verification = await verifyReceived(deps, gateway, deliveryId, bytes, pkg.signature !== undefined);
  if (
    bussinessType === '2' &&
    (await receiveUpdate(deps, agency, pkg, deliveryId, packageRef.sha256, verification.status))
  )
    return true;
  const h = pkg.header;
  const now = deps.clock.now();
  const texts = new Map<string, string | null>();
  for (const a of pkg.attachments) {
    texts.set(a.sha256, await textOf(deps.extractText, deps.blobs, a.contentType ?? '', a).catch(() => null));
  }
  await deps.store.transaction(async (store) => {
    const doc = await store.insertDocument({
      agencyId: agency.id,
      direction: 'incoming',
      state: 'pending',
      subject: (h.subject ?? '').normalize('NFC').trim() || '(không có trích yếu)',
      summary: h.content?.normalize('NFC') ?? null,
      typeName: h.documentType?.typeName ?? null,
      codeNumber: h.code?.codeNumber ?? null,
      codeNotation: h.code?.codeNotation?.normalize('NFC') ?? null,
      promulgationDate: isoDate(h.promulgationInfo?.promulgationDate),
      promulgationPlace: h.promulgationInfo?.place ?? null,
      priority: priorityOf(h.otherInfo?.priority),
      fromCode: h.from?.organId?.trim() ?? null,
      fromName: h.from?.organName?.normalize('NFC') ?? null,
      signerName: h.signerInfo?.fullName ?? null,
      signerPosition: h.signerInfo?.position ?? null,
      edxmlDocumentId: h.documentId?.trim() ?? null,
      axisDeliveryId: deliveryId,
      packageSha256: packageRef.sha256,
      signatureStatus: verification.status,
      signatureNote: verification.note,
      signatureReport: verification.report ?? null,
      deadline: isoDate(h.dueDate),
      receivedAt: now,
    });
    for (const a of pkg.attachments) {
      await store.addAttachment({
        agencyId: agency.id,
        documentId: doc.id,
        name: (a.name ?? a.description ?? 'tep-dinh-kem').normalize('NFC'),
        contentType: a.contentType ?? 'application/octet-stream',
        size: a.size,
        sha256: a.sha256,
        origin: 'edxml',
        extractedText: texts.get(a.sha256) ?? null,
      });
    }
    await store.refreshSearchText(agency.id, doc.id);
    if (bussinessType === '3') await linkReplacement(store, agency, pkg, doc, deliveryId, now);
    await store.audit({
      agencyId: agency.id,
      userId: null,
      action: 'incoming.received',
      objectType: 'document',
      objectId: doc.id,
      details: { deliveryId, from: doc.fromCode, signature: verification.status },
    });
    // Status 01 "đã đến": the software received it; the clerk has not handled it yet.
    await queueReceiverStatus(store, doc, '01', null, null, now);
  });
  return true;
}

async function receiveStatus(
  deps: OfficeDeps,
  agency: AgencyRecord,
  gateway: AxisGateway,
  deliveryId: string,
): Promise<boolean> {
  const bytes = await readAll(await gateway.fetchPackage(deliveryId));
  const parsed = await parsePackage(bytes);
  if (parsed.package.kind !== 'status') return false;
  const pkg: EdxmlStatusPackage = parsed.package;
  const from = pkg.header.from?.organId?.trim() ?? '';
  const code = pkg.status.statusCode?.trim() ?? '';
  const documentId = pkg.header.responseFor[0]?.documentId?.trim() ?? '';
  const description = pkg.status.description ?? null;
  const at =
    (pkg.status.timestamp ? parseEdxmlTimestamp(pkg.status.timestamp) : undefined) ?? deps.clock.now();
  if (!from || !code || !documentId) return false;

  return deps.store.transaction(async (store) => {
    const outgoing = await store.findOutgoingByEdxmlId(agency.id, documentId);
    if (outgoing && code !== '13') {
      // A recipient reports on a document we sent: its timeline (01→03→04→05→06, or 02, 15/16).
      const added = await store.addStatusEvent({
        agencyId: agency.id,
        documentId: outgoing.id,
        direction: 'received',
        partyCode: from,
        statusCode: code,
        description,
        statusDocId: deliveryId,
        at,
      });
      if (added) {
        await store.setRecipientStatus(agency.id, outgoing.id, from, { code, description, at });
        // 15/16 may answer the replacement of the original: per recipient (replacement-answers.ts).
        await recordReplacementAnswer(store, agency, outgoing, from, code, description, at);
      }
      return added;
    }
    if (code === '13') {
      // The sender asks to take the document back (Art. 18.4.b): the clerk answers 15 or 16.
      const incoming = (await store.findIncomingByEdxmlId(agency.id, documentId)).filter(
        (d) => d.fromCode === from,
      );
      for (const doc of incoming) {
        await store.updateDocument(agency.id, doc.id, {
          pendingRequest: 'revoke',
          pendingReason: description,
        });
        await store.addStatusEvent({
          agencyId: agency.id,
          documentId: doc.id,
          direction: 'received',
          partyCode: from,
          statusCode: code,
          description,
          statusDocId: deliveryId,
          at,
        });
      }
      return incoming.length > 0;
    }
    return false;
  });
}

/**
 * The delivered copy carries the axis TraceHeader, so its bytes differ from what the sender signed:
 * the signature is verified over the original bytes, fetched from the axis (REST
 * `/deliveries/{id}/package/original`), after checking that the delivered copy is exactly that
 * original with one block (the TraceHeader) inserted — so what we record is what was signed.
 */
async function verifyReceived(
  deps: OfficeDeps,
  gateway: AxisGateway,
  deliveryId: string,
  delivered: Buffer,
  signed: boolean,
): Promise<{
  status: 'verified' | 'invalid' | 'unsigned' | 'not_verified';
  note: string | null;
  report?: SignatureReport;
}> {
  const at = deps.clock.now().toISOString();
  if (!signed) {
    return {
      status: 'unsigned',
      note: null,
      report: {
        status: 'unsigned',
        signer: null,
        algorithm: null,
        weak: false,
        chainChecked: false,
        problems: [],
        verifiedAt: at,
      },
    };
  }
  const notVerified = (vi: string, en: string, extra: Partial<SignatureReport> = {}) => ({
    status: 'not_verified' as const,
    note: `${vi} / ${en}`,
    report: {
      status: 'not_verified',
      signer: null,
      algorithm: null,
      weak: false,
      chainChecked: false,
      problems: [{ code: 'office.signature_not_verified', severity: 'warning', vi, en }],
      verifiedAt: at,
      ...extra,
    },
  });
  if (!deps.verifySignature) {
    return notVerified('Chưa cấu hình xác minh chữ ký số', 'signature verification not configured');
  }
  let original: Buffer;
  let originalSha256: string | null;
  try {
    const fetched = await gateway.fetchOriginalPackage(deliveryId);
    original = await readAll(fetched.stream);
    originalSha256 = fetched.sha256;
  } catch (err) {
    deps.logger?.warn({ err, deliveryId }, 'office: the axis did not give the original package bytes');
    return notVerified(
      'Trục không cung cấp bản gốc của gói tin để xác minh chữ ký',
      'the axis did not provide the original package bytes to verify the signature against',
    );
  }
  if (originalSha256 && createHash('sha256').update(original).digest('hex') !== originalSha256) {
    return notVerified(
      'Bản gốc nhận được không khớp mã băm',
      'the original bytes do not match their SHA-256',
      {
        originalSha256,
      },
    );
  }
  const matches = isOriginalWithInsertion(original, delivered);
  const result = await deps.verifySignature(original);
  const report: SignatureReport = {
    ...(result.report ?? {
      status: result.status,
      signer: null,
      algorithm: null,
      weak: false,
      chainChecked: false,
      problems: [],
    }),
    verifiedBytes: 'original',
    originalSha256,
    deliveredMatchesOriginal: matches,
    verifiedAt: at,
  };
  if (!matches) {
    return {
      status: 'invalid',
      note: 'Bản được chuyển khác bản gốc đã ký / the delivered copy differs from the signed original',
      report: {
        ...report,
        status: 'invalid',
        problems: [
          ...report.problems,
          {
            code: 'office.delivered_differs',
            severity: 'error',
            vi: 'Bản được chuyển không phải bản gốc đã ký cộng TraceHeader của trục',
            en: 'The delivered copy is not the signed original plus the axis TraceHeader',
          },
        ],
      },
    };
  }
  return { status: result.status, note: result.note, report };
}

/** `delivered` is `original` with exactly one contiguous block inserted (the axis TraceHeader). */
export function isOriginalWithInsertion(original: Uint8Array, delivered: Uint8Array): boolean {
  const extra = delivered.length - original.length;
  if (extra < 0) return false;
  let prefix = 0;
  while (prefix < original.length && original[prefix] === delivered[prefix]) prefix++;
  // The rest of the original must be the tail of the delivered copy.
  const tail = Buffer.from(original.buffer, original.byteOffset + prefix, original.length - prefix);
  const deliveredTail = Buffer.from(
    delivered.buffer,
    delivered.byteOffset + prefix + extra,
    original.length - prefix,
  );
  if (!tail.equals(deliveredTail)) return false;
  const inserted = Buffer.from(delivered.buffer, delivered.byteOffset + prefix, extra).toString('utf8');
  return extra === 0 || /TraceHeader/.test(inserted);
}

/** The received original(s) a package of the same sender refers to (update / replacement). */
async function findOriginals(
  store: OfficeStore,
  agency: AgencyRecord,
  from: string,
  documentIds: readonly (string | undefined)[],
): Promise<DocumentRecord[]> {
  for (const id of documentIds) {
    const documentId = id?.trim();
    if (!documentId) continue;
    const found = (await store.findIncomingByEdxmlId(agency.id, documentId)).filter(
      (d) => d.fromCode === from && d.state !== 'cancelled' && d.state !== 'replaced',
    );
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * An update (BussinessDocType 2) of a document we received: the original gets a pending request with
 * the package kept aside; the clerk applies it (15) or refuses it (16). No new document, no 01.
 * Unknown original: false, and the package is received as a document of its own.
 */
async function receiveUpdate(
  deps: OfficeDeps,
  agency: AgencyRecord,
  pkg: EdxmlDocumentPackage,
  deliveryId: string,
  packageSha256: string,
  signature: string,
): Promise<boolean> {
  const h = pkg.header;
  const from = h.from?.organId?.trim() ?? '';
  const reason = h.bussiness?.bussinessDocReason?.normalize('NFC').trim() || 'Cập nhật thông tin văn bản';
  const at = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const originals = await findOriginals(store, agency, from, [
      h.bussiness?.documentId,
      ...h.responseFor.map((r) => r.documentId),
      h.documentId,
    ]);
    for (const doc of originals) {
      const added = await store.addStatusEvent({
        agencyId: agency.id,
        documentId: doc.id,
        direction: 'received',
        partyCode: from,
        statusCode: 'update',
        description:
          signature === 'invalid' ? `${reason} (chữ ký số không hợp lệ / invalid signature)` : reason,
        statusDocId: deliveryId,
        at,
      });
      if (!added) continue; // this delivery was handled already
      await store.updateDocument(agency.id, doc.id, {
        pendingRequest: 'update',
        pendingReason: reason,
        pendingPackageSha256: packageSha256,
      });
      await store.audit({
        agencyId: agency.id,
        userId: null,
        action: 'incoming.update_received',
        objectType: 'document',
        objectId: doc.id,
        details: { deliveryId, from, reason, signature },
      });
    }
    return originals.length > 0;
  });
}

/** A replacement (BussinessDocType 3): the new document links to the original, which gets a pending request. */
async function linkReplacement(
  store: OfficeStore,
  agency: AgencyRecord,
  pkg: EdxmlDocumentPackage,
  replacement: DocumentRecord,
  deliveryId: string,
  at: Date,
): Promise<void> {
  const h = pkg.header;
  const from = h.from?.organId?.trim() ?? '';
  const reason = h.bussiness?.bussinessDocReason?.normalize('NFC').trim() || 'Thay thế văn bản';
  const infos = (h.bussiness?.replacementInfoList ?? []).filter(
    (i) => i.organIdList.length === 0 || i.organIdList.some((c) => c.trim() === agency.code),
  );
  const originals = await findOriginals(store, agency, from, [
    ...infos.map((i) => i.documentId),
    h.bussiness?.documentId,
  ]);
  const old = originals[0];
  if (!old) return;
  await store.updateDocument(agency.id, replacement.id, { relatedDocumentId: old.id, relation: 'replaces' });
  for (const doc of originals) {
    await store.updateDocument(agency.id, doc.id, { pendingRequest: 'replace', pendingReason: reason });
    await store.addStatusEvent({
      agencyId: agency.id,
      documentId: doc.id,
      direction: 'received',
      partyCode: from,
      statusCode: 'replace',
      description: `${reason} → ${replacement.codeNumber ?? ''}/${replacement.codeNotation ?? ''}`,
      statusDocId: deliveryId,
      at,
    });
  }
}
