/**
 * Builds a light element tree of an edXML package from tokenizer events, with the package-level
 * checks that must happen while streaming: the root element and its namespace, attachment content
 * decoded (not stored in the tree) as it arrives, and the byte-exact capture of `<Signature>`.
 *
 * The tree holds only the header, manifest and attachment metadata (bounded by the tokenizer's
 * element and text limits); attachment bytes go to `AttachmentSink`s.
 */
import { createHash, type Hash } from 'node:crypto';
import { Base64Decoder } from './base64-decoder.ts';
import { edxmlErrors } from './errors.ts';
import { EDXML_NAMESPACE, LEGACY_EDXML_NAMESPACE } from './model.ts';
import type { NamespaceScope, StartTag, XmlAttribute, XmlHandler, XmlTokenizer } from './xml-tokenizer.ts';

export interface TreeNode {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  attributes: XmlAttribute[];
  scope: NamespaceScope;
  parent: TreeNode | undefined;
  children: TreeNode[];
  /** Concatenated character data directly in this element. */
  text: string;
  /** Character data between the previous sibling (or the parent's start tag) and this element. */
  leading: string;
  /** Character data seen since the last child started (becomes the next child's `leading`). */
  sinceLastChild: string;
  /** Byte offsets: start of the start tag, end of the start tag, end of the end tag. */
  start: number;
  startTagEnd: number;
  end: number;
  selfClosing: boolean;
  /** Index into the attachment sinks when this is a decoded ContentTransferEncoded. */
  sinkIndex?: number;
  /** Exact source text when this is the captured Signature element. */
  capturedXml?: string;
}

/** Receives one attachment's decoded bytes. */
export class AttachmentSink {
  size = 0;
  /** Set when no blob store is used: the digest is computed here. */
  readonly hash: Hash | undefined;
  /** Decoded bytes not yet handed to the blob store (blob-store mode only). */
  queued: Buffer[] = [];
  queuedBytes = 0;
  readonly decoder = new Base64Decoder();

  constructor(hashHere: boolean) {
    this.hash = hashHere ? createHash('sha256') : undefined;
  }

  write(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.hash) this.hash.update(bytes);
    else {
      this.queued.push(bytes);
      this.queuedBytes += bytes.length;
    }
  }
}

export interface TreeOptions {
  /** True when attachments are hashed here (no blob store); false when queued for a store. */
  hashAttachments: boolean;
  maxAttachments: number;
  /** Max size of the captured Signature element, in bytes. */
  maxSignatureBytes: number;
}

export class PackageTreeBuilder implements XmlHandler {
  root: TreeNode | undefined;
  readonly sinks: AttachmentSink[] = [];
  private current: TreeNode | undefined;
  private signatureCaptured = false;
  private capturing: TreeNode | undefined;
  private rawSink: AttachmentSink | undefined;
  private readonly options: TreeOptions;
  tokenizer!: XmlTokenizer;

  constructor(options: TreeOptions) {
    this.options = options;
  }

  startElement(tag: StartTag): boolean {
    const parent = this.current;
    if (parent === undefined) this.checkRoot(tag);
    const node: TreeNode = {
      qname: tag.qname,
      prefix: tag.prefix,
      local: tag.local,
      ns: tag.ns,
      attributes: tag.attributes,
      scope: tag.scope,
      parent,
      children: [],
      text: '',
      leading: '',
      sinceLastChild: '',
      start: tag.start,
      startTagEnd: tag.end,
      end: tag.end,
      selfClosing: tag.selfClosing,
    };
    if (parent) {
      node.leading = parent.sinceLastChild;
      parent.sinceLastChild = '';
      parent.children.push(node);
    } else {
      this.root = node;
    }
    this.current = node;
    if (
      tag.local === 'Signature' &&
      !this.signatureCaptured &&
      tag.depth >= 1 &&
      tag.depth <= 3 &&
      signatureParentOk(parent)
    ) {
      this.signatureCaptured = true;
      this.capturing = node;
      this.tokenizer.startCapture(tag.start);
    }
    if (isAttachmentContent(node)) {
      if (this.sinks.length >= this.options.maxAttachments) {
        throw edxmlErrors.error('edxml.limit_exceeded', {
          limit: 'maxAttachments',
          value: this.options.maxAttachments,
          offset: tag.start,
        });
      }
      const sink = new AttachmentSink(this.options.hashAttachments);
      node.sinkIndex = this.sinks.length;
      this.sinks.push(sink);
      if (tag.selfClosing) return false;
      this.rawSink = sink;
      return true;
    }
    return false;
  }

  endElement(_qname: string, _start: number, end: number): void {
    const node = this.current;
    if (node === undefined) return;
    node.end = end;
    if (node.sinkIndex !== undefined) {
      const sink = this.sinks[node.sinkIndex] as AttachmentSink;
      sink.write(sink.decoder.end(end));
      this.rawSink = undefined;
    }
    if (this.capturing === node) {
      const bytes = this.tokenizer.endCapture(end);
      if (bytes.length > this.options.maxSignatureBytes) {
        throw edxmlErrors.error('edxml.limit_exceeded', {
          limit: 'maxSignatureBytes',
          value: this.options.maxSignatureBytes,
          offset: node.start,
        });
      }
      node.capturedXml = bytes.toString('utf8');
      this.capturing = undefined;
    }
    node.sinceLastChild = '';
    this.current = node.parent;
  }

  text(value: string): void {
    const node = this.current;
    if (node === undefined) return;
    node.text += value;
    node.sinceLastChild += value;
  }

  rawText(bytes: Buffer, start: number): void {
    const sink = this.rawSink;
    if (sink) sink.write(sink.decoder.push(bytes, start));
  }

  private checkRoot(tag: StartTag): void {
    if (tag.ns === LEGACY_EDXML_NAMESPACE) {
      this.tokenizer.fail('edxml.legacy_envelope', {}, tag.start);
    }
    if (tag.local !== 'edXML') {
      this.tokenizer.fail('edxml.wrong_root', { expected: 'edXML' }, tag.start);
    }
    if (tag.ns !== EDXML_NAMESPACE) {
      this.tokenizer.fail('edxml.wrong_namespace', { expected: EDXML_NAMESPACE }, tag.start);
    }
  }
}

function signatureParentOk(parent: TreeNode | undefined): boolean {
  if (!parent || parent.ns !== EDXML_NAMESPACE) return false;
  if (parent.local === 'edXMLHeader')
    return parent.parent?.local === 'edXMLEnvelope' && parent.parent.parent?.parent === undefined;
  if (parent.local === 'edXMLEnvelope') return parent.parent?.parent === undefined;
  return parent.parent === undefined;
}

/** `edXML > AttachmentEncoded > Attachment > ContentTransferEncoded` (standards-vn.md §1.7). */
function isAttachmentContent(node: TreeNode): boolean {
  const attachment = node.parent;
  const encoded = attachment?.parent;
  return (
    node.local === 'ContentTransferEncoded' &&
    node.ns === EDXML_NAMESPACE &&
    attachment?.local === 'Attachment' &&
    attachment.ns === EDXML_NAMESPACE &&
    encoded?.local === 'AttachmentEncoded' &&
    encoded.ns === EDXML_NAMESPACE &&
    encoded.parent !== undefined &&
    encoded.parent.parent === undefined
  );
}
