/**
 * buildPackage: typed package → edXML bytes, in the official SDK's shape (standards-vn.md §1.3):
 *
 *   <edXML xmlns="NS">
 *     <edXML:edXMLEnvelope xmlns:edXML="NS">  header (MessageHeader, TraceHeaderList, Signature)
 *                                              and body (edXMLManifest/Reference*)
 *     <AttachmentEncoded><Attachment>… <edXML:ContentTransferEncoded xmlns:edXML="NS">base64
 *
 * The element order comes from package-schema.ts, the same table the parser reads, so
 * parse(build(p)) = p. Attachments are streamed (bytes or streams in, base64 out), so a large
 * package is built without holding it in memory. A `signature` is written back verbatim.
 */
import { Readable } from 'node:stream';
import { edxmlErrors } from './errors.ts';
import { escapeAttribute, escapeText } from './escape-xml.ts';
import {
  EDXML_NAMESPACE,
  type EdxmlKind,
  type ManifestReference,
  type MessageHeader,
  type SignatureElement,
  type StatusInfo,
} from './model.ts';
import {
  ATTACHMENT_FIELDS,
  MESSAGE_HEADER_FIELDS,
  REFERENCE_FIELDS,
  STATUS_FIELDS,
  TRACE_HEADER_LIST_FIELDS,
  type FieldSpec,
} from './package-schema.ts';

/** What the builder needs; a parsed `EdxmlPackage` is one (its `attachments` metadata is ignored). */
export interface PackageDraft {
  kind: EdxmlKind;
  header: Partial<MessageHeader>;
  /** Status packages: StaffInfo, StatusCode, Description, Timestamp. */
  status?: StatusInfo;
  /** When undefined, one Reference per attachment is derived from `attachments`. */
  manifest?: ManifestReference[];
  manifestVersion?: string;
  signature?: SignatureElement;
}

export interface AttachmentContent {
  contentId?: string;
  /** AttachmentName. */
  name?: string;
  description?: string;
  contentType?: string;
  /** The file itself (not base64): bytes, or a stream read once while building. */
  data: Uint8Array | AsyncIterable<Uint8Array>;
}

const P = 'edXML:';
const NL = '\n';
/** Multiple of 3, so slices encode to base64 without padding in the middle. */
const ENCODE_SLICE = 768 * 1024;

type Json = Record<string, unknown>;

function textValue(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw edxmlErrors.error('edxml.build_invalid', { field, reason: 'expected_text' });
}

function renderFields(
  obj: Json,
  specs: readonly FieldSpec[],
  indent: string,
  out: string[],
  path: string,
): void {
  for (const spec of specs) {
    const value = obj[spec.key];
    const field = `${path}.${spec.key}`;
    switch (spec.kind) {
      case 'text': {
        const text = textValue(value, field);
        if (text !== undefined)
          out.push(`${indent}<${P}${spec.element}>${escapeText(text, field)}</${P}${spec.element}>`);
        break;
      }
      case 'object':
        if (value !== undefined && value !== null)
          renderObject(value, spec.element, spec.fields, indent, out, field);
        break;
      case 'repeat':
        for (const [i, item] of asArray(value, field).entries()) {
          renderItem(item, spec.element, spec.fields, indent, out, `${field}[${i}]`);
        }
        break;
      case 'list': {
        if (value === undefined && spec.optional) break;
        const items = asArray(value, field);
        out.push(`${indent}<${P}${spec.element}>`);
        for (const [i, item] of items.entries()) {
          renderItem(item, spec.item, spec.fields, `${indent}  `, out, `${field}[${i}]`);
        }
        out.push(`${indent}</${P}${spec.element}>`);
        break;
      }
    }
  }
}

function asArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw edxmlErrors.error('edxml.build_invalid', { field, reason: 'expected_array' });
  return value as unknown[];
}

function renderItem(
  item: unknown,
  element: string,
  fields: readonly FieldSpec[] | undefined,
  indent: string,
  out: string[],
  field: string,
): void {
  if (fields === undefined) {
    const text = textValue(item, field) ?? '';
    out.push(`${indent}<${P}${element}>${escapeText(text, field)}</${P}${element}>`);
  } else {
    renderObject(item, element, fields, indent, out, field);
  }
}

function renderObject(
  value: unknown,
  element: string,
  fields: readonly FieldSpec[],
  indent: string,
  out: string[],
  field: string,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw edxmlErrors.error('edxml.build_invalid', { field, reason: 'expected_object' });
  }
  out.push(`${indent}<${P}${element}>`);
  renderFields(value as Json, fields, `${indent}  `, out, field);
  out.push(`${indent}</${P}${element}>`);
}

function deriveManifest(attachments: readonly AttachmentContent[]): ManifestReference[] {
  return attachments.map((a) => ({
    ...(a.contentId !== undefined ? { contentId: a.contentId } : {}),
    ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
    ...(a.description !== undefined ? { description: a.description } : {}),
    ...(a.name !== undefined ? { attachmentName: a.name } : {}),
  }));
}

/** Renders everything up to the attachments, and the XML around each attachment's base64. */
function renderSkeleton(
  pkg: PackageDraft,
  attachments: readonly AttachmentContent[],
): { head: string; attachmentOpen: string[]; attachmentClose: string; tail: string } {
  if (pkg.kind !== 'edoc' && pkg.kind !== 'status') {
    throw edxmlErrors.error('edxml.build_invalid', { field: 'kind', reason: 'expected_edoc_or_status' });
  }
  const header = (pkg.header ?? {}) as Json;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<edXML xmlns="${EDXML_NAMESPACE}">`];
  out.push(`  <${P}edXMLEnvelope xmlns:edXML="${EDXML_NAMESPACE}">`);
  out.push(`    <${P}edXMLHeader>`);
  out.push(`      <${P}MessageHeader>`);
  renderFields(header, MESSAGE_HEADER_FIELDS, '        ', out, 'header');
  if (pkg.kind === 'status')
    renderFields((pkg.status ?? {}) as Json, STATUS_FIELDS, '        ', out, 'status');
  out.push(`      </${P}MessageHeader>`);
  const traces = asArray(header.traceHeaders, 'header.traceHeaders');
  if (traces.length > 0 || header.bussiness !== undefined) {
    out.push(`      <${P}TraceHeaderList>`);
    renderFields(header, TRACE_HEADER_LIST_FIELDS, '        ', out, 'header');
    out.push(`      </${P}TraceHeaderList>`);
  }
  const signature = pkg.signature;
  if (signature !== undefined && typeof signature.xml !== 'string') {
    throw edxmlErrors.error('edxml.build_invalid', { field: 'signature.xml', reason: 'expected_text' });
  }
  if (signature?.placement === 'header') out.push(`      ${signature.xml}`);
  out.push(`    </${P}edXMLHeader>`);
  const manifest = pkg.manifest ?? deriveManifest(attachments);
  if (pkg.kind === 'edoc' || manifest.length > 0 || pkg.manifestVersion !== undefined) {
    out.push(`    <${P}edXMLBody>`);
    const version =
      pkg.manifestVersion !== undefined
        ? ` version="${escapeAttribute(pkg.manifestVersion, 'manifestVersion')}"`
        : '';
    out.push(`      <${P}edXMLManifest${version}>`);
    for (const [i, ref] of manifest.entries()) {
      renderObject(ref, 'Reference', REFERENCE_FIELDS, '        ', out, `manifest[${i}]`);
    }
    out.push(`      </${P}edXMLManifest>`);
    out.push(`    </${P}edXMLBody>`);
  }
  if (signature?.placement === 'envelope') out.push(`    ${signature.xml}`);
  out.push(`  </${P}edXMLEnvelope>`);
  if (signature?.placement === 'root') out.push(`  ${signature.xml}`);

  const attachmentOpen: string[] = [];
  for (const [i, attachment] of attachments.entries()) {
    // AttachmentEncoded children are unprefixed (default namespace), as the SDK writes them.
    const lines: string[] = [];
    const meta: Json = { ...attachment };
    const field = `attachments[${i}]`;
    for (const spec of ATTACHMENT_FIELDS) {
      if (spec.kind !== 'text') continue;
      const text = textValue(meta[spec.key], `${field}.${spec.key}`);
      if (text !== undefined) {
        lines.push(`      <${spec.element}>${escapeText(text, `${field}.${spec.key}`)}</${spec.element}>`);
      }
    }
    attachmentOpen.push(
      `${i === 0 ? `${NL}  <AttachmentEncoded>` : ''}${NL}    <Attachment>${NL}${lines.join(NL)}${lines.length > 0 ? NL : ''}` +
        `      <${P}ContentTransferEncoded xmlns:edXML="${EDXML_NAMESPACE}">`,
    );
  }
  const attachmentClose = `</${P}ContentTransferEncoded>${NL}    </Attachment>`;
  const tail = `${attachments.length > 0 ? `${NL}  </AttachmentEncoded>` : ''}${NL}</edXML>${NL}`;
  return { head: out.join(NL), attachmentOpen, attachmentClose, tail };
}

async function* encodeBase64(data: Uint8Array | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  if (data instanceof Uint8Array) {
    yield* encodeBytes(data);
    return;
  }
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of data as AsyncIterable<Uint8Array | string>) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const all = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
    const usable = all.length - (all.length % 3);
    if (usable > 0) yield Buffer.from(all.subarray(0, usable).toString('base64'), 'latin1');
    carry = Buffer.from(all.subarray(usable));
  }
  if (carry.length > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
}

function* encodeBytes(data: Uint8Array): Generator<Buffer> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < bytes.length; at += ENCODE_SLICE) {
    yield Buffer.from(
      bytes.subarray(at, Math.min(bytes.length, at + ENCODE_SLICE)).toString('base64'),
      'latin1',
    );
  }
}

/**
 * Builds a package as a stream. Invalid input (text XML cannot carry, wrong shapes) throws
 * `edxml.build_invalid` synchronously, before any byte is produced.
 */
export function buildPackage(pkg: PackageDraft, attachments: readonly AttachmentContent[] = []): Readable {
  const skeleton = renderSkeleton(pkg, attachments);
  async function* generate(): AsyncGenerator<Buffer> {
    yield Buffer.from(skeleton.head, 'utf8');
    for (const [i, attachment] of attachments.entries()) {
      yield Buffer.from(skeleton.attachmentOpen[i] as string, 'utf8');
      yield* encodeBase64(attachment.data);
      yield Buffer.from(skeleton.attachmentClose, 'utf8');
    }
    yield Buffer.from(skeleton.tail, 'utf8');
  }
  return Readable.from(generate(), { objectMode: false });
}

/** Builds a package into one Buffer (attachments may still be streams). */
export async function buildPackageBuffer(
  pkg: PackageDraft,
  attachments: readonly AttachmentContent[] = [],
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of buildPackage(pkg, attachments)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Synchronous build when every attachment is given as bytes. */
export function buildPackageSync(
  pkg: PackageDraft,
  attachments: ReadonlyArray<AttachmentContent & { data: Uint8Array }> = [],
): Buffer {
  const skeleton = renderSkeleton(pkg, attachments);
  const parts: Buffer[] = [Buffer.from(skeleton.head, 'utf8')];
  for (const [i, attachment] of attachments.entries()) {
    parts.push(Buffer.from(skeleton.attachmentOpen[i] as string, 'utf8'));
    parts.push(...encodeBytes(attachment.data));
    parts.push(Buffer.from(skeleton.attachmentClose, 'utf8'));
  }
  parts.push(Buffer.from(skeleton.tail, 'utf8'));
  return Buffer.concat(parts);
}
