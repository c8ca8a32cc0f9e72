/**
 * Attachments: streamed into the blob store (fsynced) before the row that references them is written.
 * Drafts accept files while in draft; incoming paper documents accept their scan.
 */
import type { Readable } from 'node:stream';
import { officeErrors } from '../domain/errors.ts';
import { requirePermission } from '../domain/roles.ts';
import type { Actor, OfficeDeps } from './deps.ts';
import { loadDocument } from './load-document.ts';
import type { AttachmentRecord } from './ports.ts';
import type { TextExtractor } from './deps.ts';

export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
const ALLOWED_TYPES =
  /^(application\/pdf|image\/(png|jpeg|tiff)|application\/(msword|vnd\.openxmlformats-officedocument\.[\w.]+|vnd\.oasis\.opendocument\.[\w.]+|zip)|text\/plain)$/;

export async function uploadAttachment(
  deps: Pick<OfficeDeps, 'store' | 'blobs' | 'extractText'>,
  actor: Actor,
  documentId: number,
  file: { name: string; contentType: string; stream: Readable },
): Promise<AttachmentRecord> {
  const doc = await loadDocument(deps.store, actor, documentId);
  if (doc.direction === 'outgoing') {
    requirePermission(actor.role, 'outgoing.draft');
    if (doc.state !== 'draft' && doc.state !== 'submitted')
      throw officeErrors.error('office.invalid_state', { action: 'upload' });
  } else {
    requirePermission(actor.role, 'incoming.receive');
    if (!doc.paper)
      throw officeErrors.error('office.invalid_state', {
        action: 'upload',
        reason: 'electronic documents keep their package attachments',
      });
  }
  const name =
    file.name
      .normalize('NFC')
      .replace(/[\\/]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .slice(0, 255) || 'tep-dinh-kem';
  const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
  if (!ALLOWED_TYPES.test(contentType))
    throw officeErrors.error('office.invalid_input', { field: 'file', contentType });
  const writer = await deps.blobs.createWriter();
  try {
    for await (const chunk of file.stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (writer.bytesWritten + bytes.byteLength > MAX_ATTACHMENT_BYTES)
        throw officeErrors.error('office.attachment_too_large');
      await writer.write(bytes);
    }
    if ('truncated' in file.stream && file.stream.truncated)
      throw officeErrors.error('office.attachment_too_large');
  } catch (err) {
    await writer.abort();
    throw err;
  }
  const ref = await writer.commit();
  if (ref.size === 0) throw officeErrors.error('office.invalid_input', { field: 'file', reason: 'empty' });
  const extractedText = await textOf(deps.extractText, deps.blobs, contentType, ref);
  return deps.store.transaction(async (store) => {
    const attachment = await store.addAttachment({
      agencyId: actor.agencyId,
      documentId,
      name,
      contentType,
      size: ref.size,
      sha256: ref.sha256,
      origin: doc.direction === 'incoming' ? 'scan' : 'draft',
      extractedText,
    });
    await store.refreshSearchText(actor.agencyId, documentId);
    await store.audit({
      agencyId: actor.agencyId,
      userId: actor.userId,
      action: 'attachment.uploaded',
      objectType: 'document',
      objectId: documentId,
      details: { name, size: ref.size },
    });
    return attachment;
  });
}

export async function openAttachment(
  deps: Pick<OfficeDeps, 'store' | 'blobs'>,
  actor: Actor,
  attachmentId: number,
) {
  // Scoped by agency: another agency's attachment id is simply not found.
  const attachment = await deps.store.getAttachment(actor.agencyId, attachmentId);
  if (!attachment) throw officeErrors.error('office.not_found', { attachmentId });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'attachment.read',
    objectType: 'attachment',
    objectId: attachmentId,
  });
  return { attachment, stream: await deps.blobs.read(attachment.sha256) };
}

/** Search text of a PDF attachment (bounded: files over 30 MB are not read). */
export async function textOf(
  extract: TextExtractor | undefined,
  blobs: OfficeDeps['blobs'],
  contentType: string,
  ref: { sha256: string; size: number },
): Promise<string | null> {
  if (!extract || contentType !== 'application/pdf' || ref.size > 30 * 1024 * 1024) return null;
  const text = await extract(await blobs.readAll(ref.sha256));
  return text.trim() ? text : null;
}
