/**
 * Revoke (thu hồi), update (cập nhật) and replace (thay thế) documents: BussinessDocType 1–3
 * (standards-vn §1.3, §2.4; Decree 30/2020 Art. 18(4)). The new package is delivered like any
 * document; in addition each recipient's state of the referenced document gets a pending request
 * that the recipient answers with status 15 (agree) or 16 (refuse).
 */
import type { EdxmlDocumentPackage } from '../../standards/index.ts';
import { applyRequest, type PendingRequest } from '../domain/business-status.ts';
import { axisErrors } from '../domain/errors.ts';
import type { DeliveryStateChange, DeliveryStore, PackageRecord, PackageStore } from './ports.ts';

export interface DocumentRequestPlan {
  readonly request: PendingRequest;
  readonly refPackages: readonly PackageRecord[];
  readonly changes: readonly (DeliveryStateChange & { recipientCode: string; refDocId: string })[];
}

export async function planDocumentRequest(
  stores: { packages: PackageStore; deliveries: DeliveryStore },
  pkg: EdxmlDocumentPackage,
  request: PendingRequest,
  from: string,
  recipients: readonly string[],
): Promise<DocumentRequestPlan> {
  const bussiness = pkg.header.bussiness;
  // Bussiness/DocumentId names the concerned document in some systems, the package's own DocumentId
  // in others (the SDK samples point at it with ResponseFor): take the first that was sent by `from`.
  // The package itself is not stored yet, so a DocumentId that resolves is an earlier document —
  // also when an update reuses the original's DocumentId.
  const candidates = [
    bussiness?.documentId?.trim(),
    ...pkg.header.responseFor.map((r) => r.documentId?.trim()),
    pkg.header.documentId?.trim(),
  ].filter((id): id is string => !!id);
  let defaultRef: string | undefined;
  for (const id of candidates) {
    if ((await stores.packages.findByDocumentId(id, from)).length > 0) {
      defaultRef = id;
      break;
    }
  }
  defaultRef ??= candidates[0];
  // Replace: ReplacementInfo says which recipients get the replacement of which old document.
  const targets: { documentId: string; recipients: readonly string[] }[] = [];
  if (request === 'replace' && bussiness?.replacementInfoList && bussiness.replacementInfoList.length > 0) {
    for (const info of bussiness.replacementInfoList) {
      const documentId = info.documentId?.trim() || defaultRef;
      if (!documentId) continue;
      targets.push({
        documentId,
        recipients: info.organIdList.length > 0 ? info.organIdList.map((c) => c.trim()) : recipients,
      });
    }
  } else if (defaultRef) {
    targets.push({ documentId: defaultRef, recipients });
  }
  if (targets.length === 0) {
    throw axisErrors.error('axis.package_invalid', {
      reason: `a ${request} package must name the document it concerns (Bussiness/DocumentId or ResponseFor/DocumentId)`,
    });
  }
  const refPackages: PackageRecord[] = [];
  const changes: (DeliveryStateChange & { recipientCode: string; refDocId: string })[] = [];
  for (const target of targets) {
    const sent = await stores.packages.findByDocumentId(target.documentId, from);
    const ref = sent.find((p) => p.bussinessDocType === 0) ?? sent[sent.length - 1];
    if (!ref) {
      throw axisErrors.error('axis.reference_unknown', {
        documentId: target.documentId,
        from,
        reason: `only the original sender can ${request} a document it sent through the axis`,
      });
    }
    if (!refPackages.some((p) => p.docId === ref.docId)) refPackages.push(ref);
    const deliveries = await stores.deliveries.forPackage(ref.docId);
    for (const delivery of deliveries) {
      if (
        !target.recipients.includes(delivery.recipientCode) &&
        !target.recipients.includes(delivery.addressedCode ?? '')
      )
        continue;
      // A ReplacementInfo repeated for the same document (the SDK's own sample does it; finding
      // edxml.replacement_duplicate) concerns the same delivery once: a second compare-and-set of it
      // would always conflict.
      if (changes.some((c) => c.deliveryId === delivery.id)) continue;
      const result = applyRequest(delivery, request);
      if (!result.ok) {
        throw axisErrors.error('axis.status_transition_invalid', {
          reason: result.reason,
          documentId: target.documentId,
          recipient: delivery.recipientCode,
        });
      }
      changes.push({
        deliveryId: delivery.id,
        recipientCode: delivery.recipientCode,
        refDocId: ref.docId,
        expected: {
          statusCode: delivery.statusCode,
          progressCode: delivery.progressCode,
          pendingRequest: delivery.pendingRequest,
          effect: delivery.effect,
        },
        next: {
          statusCode: delivery.statusCode,
          progressCode: delivery.progressCode,
          pendingRequest: request,
          effect: delivery.effect,
          requestDocId: null, // set to the new docId by sendPackage
          statusDescription: delivery.statusDescription,
        },
      });
    }
  }
  return { request, refPackages, changes };
}
