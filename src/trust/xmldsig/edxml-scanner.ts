/**
 * One streaming pass over an edXML package that (a) locates the structure QCVN 102 fixes
 * (edXML → edXMLEnvelope → edXMLHeader), (b) captures the one `Signature` element allowed, as the
 * last child of edXMLHeader, into a small tree, (c) reports every other `Signature` element (moved
 * or duplicated: the classic wrapping attack) and (d) feeds the rest of the document, i.e. the
 * enveloped-signature transform's output, to a canonicaliser chosen once the signature is read.
 *
 * Events before the signature (the header, a few KB) are recorded and replayed once the signature
 * says which canonicalisation and digest to use; everything after it streams straight into the hash.
 */
import { DSIG_NS, EDXML_NS } from './algorithms.ts';
import type { Canonicalizer } from './canonicalizer.ts';
import { decodeText, XmlTokenizer, type XmlElement, type XmlHandler } from './xml-tokenizer.ts';

export interface CapturedNode {
  readonly element: XmlElement;
  readonly children: (CapturedNode | string)[];
}

export type StructureIssue =
  | { kind: 'signature_misplaced'; path: string }
  | { kind: 'signature_duplicated'; path: string }
  | { kind: 'signature_not_last' }
  | { kind: 'markup_in_signature'; what: 'comment' | 'processing instruction' }
  | { kind: 'signature_too_large' }
  | { kind: 'comment_in_content'; path: string };

type Recorded =
  | { type: 'start'; element: XmlElement }
  | { type: 'end'; element: XmlElement }
  | { type: 'text'; raw: Uint8Array }
  | { type: 'cdata'; raw: Uint8Array }
  | { type: 'pi'; target: string; data: string };

const MAX_RECORDED_BYTES = 8 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 1024 * 1024;

export function isSignatureElement(element: XmlElement): boolean {
  return element.local === 'Signature' && (element.uri === DSIG_NS || element.uri === EDXML_NS);
}

export class EdxmlScanner implements XmlHandler {
  readonly tokenizer: XmlTokenizer;
  /** The captured Signature (last child of edXMLHeader), once closed. */
  signature: CapturedNode | undefined;
  readonly issues: StructureIssue[] = [];
  rootIsEdxml = false;
  headerFound = false;
  /** Byte offset of `</edXML:edXMLHeader>` (where a signature is inserted). */
  headerEndOffset = -1;

  private readonly path: XmlElement[] = [];
  private captureStack: CapturedNode[] = [];
  private captureBytes = 0;
  private recorded: Recorded[] | undefined = [];
  private recordedBytes = 0;
  private canonicalizer: Canonicalizer | undefined;
  private onSignature: ((signature: CapturedNode) => Canonicalizer | undefined) | undefined;
  private signatureClosedInHeader = false;

  /**
   * @param onSignature called when the signature element closes; returns the canonicaliser the rest
   *   of the document (and the recorded part before it) must go to, or undefined to stop digesting.
   * @param canonicalizer when given, the document is canonicalised from the start (signing).
   */
  constructor(options: {
    onSignature?: (signature: CapturedNode) => Canonicalizer | undefined;
    canonicalizer?: Canonicalizer;
  }) {
    this.tokenizer = new XmlTokenizer(this);
    this.onSignature = options.onSignature;
    if (options.canonicalizer) {
      this.canonicalizer = options.canonicalizer;
      this.recorded = undefined;
    }
  }

  private pathString(): string {
    return '/' + this.path.map((e) => e.qname).join('/');
  }

  private inHeader(): boolean {
    return this.path.length === 3 && this.headerPath();
  }

  private headerPath(): boolean {
    const [root, envelope, header] = this.path;
    return (
      root?.local === 'edXML' &&
      root.uri === EDXML_NS &&
      envelope?.local === 'edXMLEnvelope' &&
      envelope.uri === EDXML_NS &&
      header?.local === 'edXMLHeader' &&
      header.uri === EDXML_NS
    );
  }

  private record(event: Recorded, bytes: number): void {
    if (this.canonicalizer) {
      replay(this.canonicalizer, event);
      return;
    }
    if (!this.recorded) return;
    this.recordedBytes += bytes;
    if (this.recordedBytes > MAX_RECORDED_BYTES) {
      // No signature within the first 8 MB of header: nothing will be digested.
      this.recorded = undefined;
      return;
    }
    this.recorded.push(event);
  }

  startElement(element: XmlElement): void {
    if (this.captureStack.length > 0) {
      const node: CapturedNode = { element, children: [] };
      this.captureStack.at(-1)?.children.push(node);
      this.captureStack.push(node);
      this.captureBytes += element.qname.length * 2 + 64;
      if (this.captureBytes > MAX_SIGNATURE_BYTES) this.issues.push({ kind: 'signature_too_large' });
      this.path.push(element);
      return;
    }
    if (this.path.length === 0) this.rootIsEdxml = element.local === 'edXML' && element.uri === EDXML_NS;
    if (isSignatureElement(element)) {
      const where = this.pathString();
      if (this.inHeader() && this.signature === undefined && !this.signatureClosedInHeader) {
        const node: CapturedNode = { element, children: [] };
        this.captureStack = [node];
        this.captureBytes = 0;
        this.path.push(element);
        return;
      }
      this.issues.push(
        this.signature || this.signatureClosedInHeader
          ? { kind: 'signature_duplicated', path: where }
          : { kind: 'signature_misplaced', path: where },
      );
    } else if (this.inHeader() && this.signatureClosedInHeader) {
      this.issues.push({ kind: 'signature_not_last' });
    }
    this.path.push(element);
    if (this.path.length === 3 && this.headerPath()) this.headerFound = true;
    this.record({ type: 'start', element }, 256);
  }

  endElement(element: XmlElement, offset: number): void {
    if (this.captureStack.length > 0) {
      const node = this.captureStack.pop();
      this.path.pop();
      if (this.captureStack.length === 0 && node) this.closeSignature(node);
      return;
    }
    if (this.path.length === 3 && this.headerPath()) this.headerEndOffset = offset;
    this.path.pop();
    this.record({ type: 'end', element }, 64);
  }

  private closeSignature(node: CapturedNode): void {
    this.signatureClosedInHeader = true;
    this.signature = node;
    const canonicalizer = this.onSignature?.(node);
    const recorded = this.recorded;
    this.recorded = undefined;
    if (canonicalizer && recorded) {
      for (const event of recorded) replay(canonicalizer, event);
      this.canonicalizer = canonicalizer;
    }
  }

  text(raw: Uint8Array): void {
    if (this.captureStack.length > 0) {
      const value = decodeText(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
      this.captureBytes += value.length;
      if (this.captureBytes > MAX_SIGNATURE_BYTES) this.issues.push({ kind: 'signature_too_large' });
      else this.captureStack.at(-1)?.children.push(value);
      return;
    }
    if (this.canonicalizer) this.canonicalizer.text(raw);
    else if (this.recorded) this.record({ type: 'text', raw: Buffer.from(raw) }, raw.length);
  }

  cdata(raw: Uint8Array): void {
    if (this.captureStack.length > 0) {
      const value = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
      this.captureStack.at(-1)?.children.push(value.replace(/\r\n?/g, '\n'));
      return;
    }
    this.record({ type: 'cdata', raw: Buffer.from(raw) }, raw.length);
  }

  comment(): void {
    // Comments are not part of the canonical form (URI="" excludes them), but inside the signature
    // they are how attackers split values (e.g. a DigestValue or an Algorithm): refuse them there.
    if (this.captureStack.length > 0) this.issues.push({ kind: 'markup_in_signature', what: 'comment' });
    // A comment inside an element splits its text: canonical XML (and so the digest) ignores it, but a
    // consumer reading only the first text node would see another value (the SAML comment attack).
    else if (this.path.length > 0 && !this.issues.some((i) => i.kind === 'comment_in_content'))
      this.issues.push({ kind: 'comment_in_content', path: this.pathString() });
  }

  processingInstruction(target: string, data: string): void {
    if (this.captureStack.length > 0) {
      this.issues.push({ kind: 'markup_in_signature', what: 'processing instruction' });
      return;
    }
    this.record({ type: 'pi', target, data }, target.length + data.length);
  }

  /** Flushes the canonicaliser at the end of the document. */
  finish(): void {
    this.tokenizer.end();
    this.canonicalizer?.flush();
  }
}

function replay(canonicalizer: Canonicalizer, event: Recorded): void {
  switch (event.type) {
    case 'start':
      canonicalizer.startElement(event.element);
      break;
    case 'end':
      canonicalizer.endElement(event.element);
      break;
    case 'text':
      canonicalizer.text(event.raw);
      break;
    case 'cdata':
      canonicalizer.cdata(event.raw);
      break;
    case 'pi':
      canonicalizer.processingInstruction(event.target, event.data);
      break;
  }
}

/** Feeds bytes or a stream of bytes to a scanner. */
export async function scanInput(
  scanner: EdxmlScanner,
  input: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<void> {
  if (input instanceof Uint8Array) scanner.tokenizer.write(input);
  else for await (const chunk of input) scanner.tokenizer.write(chunk);
  scanner.finish();
}
