/**
 * parsePackage: edXML bytes → typed package (model.ts), streaming.
 *
 * One tokenizer and one tree builder serve both paths: `parsePackageSync` (in-memory bytes, no
 * blob store: attachments are only measured and hashed, as `inspect` needs) and `parsePackage`
 * (bytes, Readable or async iterable; with a blob store attachments are base64-decoded straight
 * into it). Because the code is the same, both give the same result; the sync path only skips the
 * stream plumbing and promise turns.
 *
 * Storage discipline (issue 2 "a package that fails stores nothing"): attachment bytes go to blob
 * writers that are committed only after the whole document has parsed; on any failure every writer
 * is aborted. Small attachments stay in memory until then (bounded), so small packages touch the
 * disk only once they are known to be good.
 */
import type { BlobRef, BlobStore, BlobWriter } from '../../platform/blobs/blob-store.ts';
import { AppError } from '../../platform/errors.ts';
import { edxmlErrors } from './errors.ts';
import {
  EDXML_NAMESPACE,
  type AttachmentInfo,
  type EdxmlPackage,
  type ManifestReference,
  type MessageHeader,
  type PackageLayout,
  type ParseResult,
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
import { PackageTreeBuilder, type AttachmentSink, type TreeNode } from './package-tree.ts';
import { DEFAULT_XML_LIMITS, XmlTokenizer, type XmlLimits } from './xml-tokenizer.ts';

export interface PackageLimits extends XmlLimits {
  /** Maximum number of attachments. Each may hold an open blob writer until the end. */
  maxAttachments: number;
  /** Maximum size of the `<Signature>` element kept byte-exact. */
  maxSignatureBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  ...DEFAULT_XML_LIMITS,
  maxAttachments: 1000,
  maxSignatureBytes: 1024 * 1024,
});

/** Default cap on a whole package (413 `edxml.too_large` beyond). */
export const DEFAULT_MAX_PACKAGE_BYTES = 1024 * 1024 * 1024;

export interface ParseOptions {
  /** Where decoded attachments go. Without it they are only measured and hashed. */
  blobs?: BlobStore;
  limits?: Partial<PackageLimits>;
  /** Maximum package size in bytes (default 1 GiB). */
  maxBytes?: number;
}

export type PackageInput = Uint8Array | AsyncIterable<Uint8Array | string>;

/** Bytes of decoded attachments kept in memory (all attachments together) before spilling to writers. */
const MEMORY_SPILL_BYTES = 4 * 1024 * 1024;
/** Slice size when a large in-memory buffer goes to a blob store. */
const FEED_SLICE_BYTES = 1024 * 1024;

/** Parses a package held in memory, without storing anything (attachments hashed only). */
export function parsePackageSync(input: Uint8Array, options: Omit<ParseOptions, 'blobs'> = {}): ParseResult {
  const session = new ParseSession(options, undefined);
  session.checkTotal(input.byteLength);
  session.feed(input);
  session.end();
  return session.result(undefined);
}

/**
 * Parses a package from bytes or a stream. With `options.blobs`, attachments are stored (committed
 * only when the whole package is good); `result.stored` says so. Throws `AppError`s with `edxml.*`
 * codes for bad input; errors of the input stream or of the blob store pass through.
 */
export async function parsePackage(input: PackageInput, options: ParseOptions = {}): Promise<ParseResult> {
  const blobs = options.blobs;
  const session = new ParseSession(options, blobs);
  try {
    if (input instanceof Uint8Array) {
      session.checkTotal(input.byteLength);
      if (blobs === undefined) {
        session.feed(input);
      } else {
        for (let at = 0; at < input.byteLength; at += FEED_SLICE_BYTES) {
          session.feed(input.subarray(at, Math.min(input.byteLength, at + FEED_SLICE_BYTES)));
          await session.flush();
        }
      }
    } else {
      let total = 0;
      for await (const chunk of input) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        total += bytes.byteLength;
        session.checkTotal(total);
        session.feed(bytes);
        if (blobs !== undefined) await session.flush();
      }
    }
    session.end();
    if (blobs === undefined) return session.result(undefined);
    await session.flush();
    const refs = await session.commit();
    return session.result(refs);
  } catch (err) {
    await session.abort();
    throw err;
  }
}

class ParseSession {
  private readonly tokenizer: XmlTokenizer;
  private readonly tree: PackageTreeBuilder;
  private readonly blobs: BlobStore | undefined;
  private readonly maxBytes: number;
  private readonly writers = new Map<AttachmentSink, BlobWriter>();
  private aborted = false;

  constructor(options: ParseOptions, blobs: BlobStore | undefined) {
    const limits: PackageLimits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
    this.blobs = blobs;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_PACKAGE_BYTES;
    this.tree = new PackageTreeBuilder({
      hashAttachments: blobs === undefined,
      maxAttachments: limits.maxAttachments,
      maxSignatureBytes: limits.maxSignatureBytes,
    });
    this.tokenizer = new XmlTokenizer(this.tree, limits);
    this.tree.tokenizer = this.tokenizer;
  }

  checkTotal(total: number): void {
    if (total > this.maxBytes) throw edxmlErrors.error('edxml.too_large', { maxBytes: this.maxBytes });
  }

  feed(chunk: Uint8Array): void {
    guard(() => this.tokenizer.feed(chunk));
  }

  end(): void {
    guard(() => this.tokenizer.end());
  }

  /** Hands queued attachment bytes to blob writers once they no longer fit in memory. */
  async flush(): Promise<void> {
    const blobs = this.blobs;
    if (blobs === undefined) return;
    let memory = 0;
    for (const sink of this.tree.sinks) {
      if (sink.queuedBytes === 0) continue;
      let writer = this.writers.get(sink);
      if (writer === undefined) {
        if (memory + sink.queuedBytes <= MEMORY_SPILL_BYTES) {
          memory += sink.queuedBytes;
          continue;
        }
        writer = await blobs.createWriter();
        this.writers.set(sink, writer);
        if (this.aborted) return;
      }
      await drain(sink, writer);
    }
  }

  /** Commits every attachment (after a successful parse); returns the refs by sink index. */
  async commit(): Promise<BlobRef[]> {
    const blobs = this.blobs as BlobStore;
    const refs: BlobRef[] = [];
    for (const sink of this.tree.sinks) {
      let writer = this.writers.get(sink);
      if (writer === undefined) {
        writer = await blobs.createWriter();
        this.writers.set(sink, writer);
      }
      await drain(sink, writer);
    }
    for (const sink of this.tree.sinks) {
      refs.push(await (this.writers.get(sink) as BlobWriter).commit());
    }
    this.writers.clear();
    return refs;
  }

  async abort(): Promise<void> {
    this.aborted = true;
    const writers = [...this.writers.values()];
    this.writers.clear();
    for (const sink of this.tree.sinks) sink.queued = [];
    await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
  }

  result(refs: BlobRef[] | undefined): ParseResult {
    return guard(() => {
      const root = this.tree.root as TreeNode;
      const digests = this.tree.sinks.map((sink, i): BlobRef => {
        const ref = refs?.[i];
        if (ref) return ref;
        return { size: sink.size, sha256: (sink.hash as NonNullable<AttachmentSink['hash']>).digest('hex') };
      });
      const { pkg, layout } = mapPackage(root, digests, this.tokenizer.offset);
      // Keep the package's own line ends in the TraceHeader the axis inserts (the samples use CRLF).
      if (this.tokenizer.sawCarriageReturn) layout.traceIndent = layout.traceIndent.replace(/\n/g, '\r\n');
      return { package: pkg, layout, stored: refs !== undefined };
    });
  }
}

async function drain(sink: AttachmentSink, writer: BlobWriter): Promise<void> {
  const pending = sink.queued;
  sink.queued = [];
  sink.queuedBytes = 0;
  for (const piece of pending) await writer.write(piece);
}

/** Runs parser code; anything that is not already an edxml AppError becomes `edxml.not_well_formed`. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError && (err as AppError<string>).code.startsWith('edxml.')) throw err;
    throw edxmlErrors.error('edxml.not_well_formed', { reason: 'unexpected' }, { cause: err });
  }
}

// ---------------------------------------------------------------------------------------------
// Tree → model

interface MapContext {
  unknown: string[];
}

function isEdxml(node: TreeNode, local: string): boolean {
  return node.local === local && node.ns === EDXML_NAMESPACE;
}

function pathOf(parentPath: string, node: TreeNode): string {
  const name = node.ns === EDXML_NAMESPACE ? node.local : node.qname;
  return parentPath === '' ? name : `${parentPath}/${name}`;
}

/** First child named `local`; later duplicates are reported as unknown (first one wins). */
function firstChild(
  node: TreeNode,
  local: string,
  consumed: Set<TreeNode>,
  ctx: MapContext,
  path: string,
): TreeNode | undefined {
  let found: TreeNode | undefined;
  for (const child of node.children) {
    if (!isEdxml(child, local) || consumed.has(child)) continue;
    consumed.add(child);
    if (found === undefined) found = child;
    else ctx.unknown.push(`${pathOf(path, child)}[duplicate]`);
  }
  return found;
}

function reportUnknown(node: TreeNode, consumed: Set<TreeNode>, ctx: MapContext, path: string): void {
  for (const child of node.children) {
    if (!consumed.has(child)) ctx.unknown.push(pathOf(path, child));
  }
}

function textOf(node: TreeNode, ctx: MapContext, path: string): string {
  reportUnknown(node, new Set(), ctx, path);
  return node.text;
}

function readItem(node: TreeNode, fields: readonly FieldSpec[] | undefined, ctx: MapContext, path: string) {
  return fields === undefined ? textOf(node, ctx, path) : readObject(node, fields, ctx, path);
}

function readFields(
  node: TreeNode,
  specs: readonly FieldSpec[],
  ctx: MapContext,
  path: string,
  consumed: Set<TreeNode>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    switch (spec.kind) {
      case 'text': {
        const el = firstChild(node, spec.element, consumed, ctx, path);
        if (el) out[spec.key] = textOf(el, ctx, pathOf(path, el));
        break;
      }
      case 'object': {
        const el = firstChild(node, spec.element, consumed, ctx, path);
        if (el) out[spec.key] = readObject(el, spec.fields, ctx, pathOf(path, el));
        break;
      }
      case 'repeat': {
        const items: unknown[] = [];
        for (const child of node.children) {
          if (!isEdxml(child, spec.element)) continue;
          consumed.add(child);
          items.push(readItem(child, spec.fields, ctx, pathOf(path, child)));
        }
        out[spec.key] = items;
        break;
      }
      case 'list': {
        const wrapper = firstChild(node, spec.element, consumed, ctx, path);
        if (wrapper === undefined) {
          if (!spec.optional) out[spec.key] = [];
          break;
        }
        const wrapperPath = pathOf(path, wrapper);
        const inner = new Set<TreeNode>();
        const items: unknown[] = [];
        for (const child of wrapper.children) {
          if (!isEdxml(child, spec.item)) continue;
          inner.add(child);
          items.push(readItem(child, spec.fields, ctx, pathOf(wrapperPath, child)));
        }
        reportUnknown(wrapper, inner, ctx, wrapperPath);
        out[spec.key] = items;
        break;
      }
    }
  }
  return out;
}

function readObject(node: TreeNode, specs: readonly FieldSpec[], ctx: MapContext, path: string) {
  const consumed = new Set<TreeNode>();
  const out = readFields(node, specs, ctx, path, consumed);
  reportUnknown(node, consumed, ctx, path);
  return out;
}

function missing(element: string): never {
  throw edxmlErrors.error('edxml.missing_envelope', { element });
}

function mapPackage(
  root: TreeNode,
  digests: BlobRef[],
  byteLength: number,
): { pkg: EdxmlPackage; layout: PackageLayout } {
  const ctx: MapContext = { unknown: [] };
  const rootConsumed = new Set<TreeNode>();
  const envelope = firstChild(root, 'edXMLEnvelope', rootConsumed, ctx, '') ?? missing('edXMLEnvelope');
  const envelopePath = 'edXMLEnvelope';
  const envelopeConsumed = new Set<TreeNode>();
  const headerNode =
    firstChild(envelope, 'edXMLHeader', envelopeConsumed, ctx, envelopePath) ?? missing('edXMLHeader');
  const headerPath = `${envelopePath}/edXMLHeader`;
  const headerConsumed = new Set<TreeNode>();
  const messageNode =
    firstChild(headerNode, 'MessageHeader', headerConsumed, ctx, headerPath) ?? missing('MessageHeader');
  const messagePath = `${headerPath}/MessageHeader`;

  const isStatus = messageNode.children.some((c) => isEdxml(c, 'StatusCode'));
  const messageConsumed = new Set<TreeNode>();
  const header = readFields(messageNode, MESSAGE_HEADER_FIELDS, ctx, messagePath, messageConsumed);
  const status = isStatus
    ? (readFields(messageNode, STATUS_FIELDS, ctx, messagePath, messageConsumed) as StatusInfo)
    : undefined;
  reportUnknown(messageNode, messageConsumed, ctx, messagePath);

  const traceList = firstChild(headerNode, 'TraceHeaderList', headerConsumed, ctx, headerPath);
  if (traceList) {
    Object.assign(
      header,
      readObject(traceList, TRACE_HEADER_LIST_FIELDS, ctx, `${headerPath}/TraceHeaderList`),
    );
  } else {
    header.traceHeaders = [];
  }

  // Signature (standards-vn.md §1.6): kept as exact source text wherever the builder captured it.
  let signature: SignatureElement | undefined;
  let signatureNode: TreeNode | undefined;
  for (const [parent, placement, consumed] of [
    [headerNode, 'header', headerConsumed],
    [envelope, 'envelope', envelopeConsumed],
    [root, 'root', rootConsumed],
  ] as const) {
    for (const child of parent.children) {
      if (child.capturedXml !== undefined) {
        consumed.add(child);
        signatureNode = child;
        signature = { xml: child.capturedXml, placement };
      }
    }
  }
  reportUnknown(headerNode, headerConsumed, ctx, headerPath);

  let manifest: ManifestReference[] = [];
  let manifestVersion: string | undefined;
  const body = firstChild(envelope, 'edXMLBody', envelopeConsumed, ctx, envelopePath);
  if (body) {
    const bodyPath = `${envelopePath}/edXMLBody`;
    const bodyConsumed = new Set<TreeNode>();
    const manifestNode = firstChild(body, 'edXMLManifest', bodyConsumed, ctx, bodyPath);
    if (manifestNode) {
      manifestVersion = manifestNode.attributes.find((a) => a.local === 'version' && a.ns === '')?.value;
      const read = readObject(
        manifestNode,
        [{ kind: 'repeat', key: 'references', element: 'Reference', fields: REFERENCE_FIELDS }],
        ctx,
        `${bodyPath}/edXMLManifest`,
      );
      manifest = read.references as ManifestReference[];
    }
    reportUnknown(body, bodyConsumed, ctx, bodyPath);
  }
  reportUnknown(envelope, envelopeConsumed, ctx, envelopePath);

  const attachments: AttachmentInfo[] = [];
  const encoded = firstChild(root, 'AttachmentEncoded', rootConsumed, ctx, '');
  if (encoded) {
    const encodedConsumed = new Set<TreeNode>();
    for (const child of encoded.children) {
      if (!isEdxml(child, 'Attachment')) continue;
      encodedConsumed.add(child);
      const path = `AttachmentEncoded/Attachment`;
      const consumed = new Set<TreeNode>();
      const meta = readFields(child, ATTACHMENT_FIELDS, ctx, path, consumed) as Omit<
        AttachmentInfo,
        'size' | 'sha256'
      >;
      const content = firstChild(child, 'ContentTransferEncoded', consumed, ctx, path);
      const ref: BlobRef =
        content?.sinkIndex !== undefined ? (digests[content.sinkIndex] as BlobRef) : EMPTY_BLOB;
      reportUnknown(child, consumed, ctx, path);
      attachments.push({ ...meta, size: ref.size, sha256: ref.sha256 });
    }
    reportUnknown(encoded, encodedConsumed, ctx, 'AttachmentEncoded');
  }
  reportUnknown(root, rootConsumed, ctx, '');

  const base = {
    header: header as unknown as MessageHeader,
    manifest,
    ...(manifestVersion !== undefined ? { manifestVersion } : {}),
    attachments,
    ...(signature ? { signature } : {}),
    ...(ctx.unknown.length > 0 ? { unknownElements: ctx.unknown } : {}),
  };
  const pkg: EdxmlPackage =
    status !== undefined ? { kind: 'status', ...base, status } : { kind: 'edoc', ...base };

  const layout = computeLayout(headerNode, messageNode, traceList, byteLength);
  if (signatureNode) layout.signatureRange = { start: signatureNode.start, end: signatureNode.end };
  return { pkg, layout };
}

const EMPTY_BLOB: BlobRef = {
  size: 0,
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

function whitespaceOnly(text: string): string {
  return /^[ \t\r\n]*$/.test(text) ? text : '';
}

/** A prefix bound to the edXML namespace in `node`'s scope, preferring the node's own prefix. */
function edxmlPrefix(node: TreeNode): string | undefined {
  if (node.ns === EDXML_NAMESPACE) return node.prefix;
  return node.scope.prefixFor(EDXML_NAMESPACE);
}

/** Where the axis inserts a TraceHeader (see trace-header.ts). */
function computeLayout(
  headerNode: TreeNode,
  messageNode: TreeNode,
  traceList: TreeNode | undefined,
  byteLength: number,
): PackageLayout {
  if (traceList && !traceList.selfClosing) {
    const traces = traceList.children.filter((c) => isEdxml(c, 'TraceHeader'));
    const last = traces[traces.length - 1];
    const prefix = edxmlPrefix(traceList);
    const scoped =
      prefix !== undefined ? { tracePrefix: prefix } : { tracePrefix: 'edXML', traceDeclareNamespace: true };
    if (last) {
      return {
        traceInsertOffset: last.end,
        traceInsertMode: 'after-trace-header',
        ...scoped,
        traceIndent: whitespaceOnly(last.leading),
        byteLength,
      };
    }
    const listIndent = whitespaceOnly(traceList.leading);
    return {
      traceInsertOffset: traceList.startTagEnd,
      traceInsertMode: 'list-start',
      ...scoped,
      traceIndent: listIndent === '' ? '' : `${listIndent}  `,
      byteLength,
    };
  }
  // No (usable) TraceHeaderList: a new one goes right after MessageHeader, in edXMLHeader's scope.
  const prefix = edxmlPrefix(headerNode);
  return {
    traceInsertOffset: messageNode.end,
    traceInsertMode: 'new-list',
    ...(prefix !== undefined
      ? { tracePrefix: prefix }
      : { tracePrefix: 'edXML', traceDeclareNamespace: true }),
    traceIndent: whitespaceOnly(messageNode.leading),
    byteLength,
  };
}
