/**
 * A small, hardened, streaming XML tokenizer (push model: `feed(chunk)` … `end()`).
 *
 * Why hand-written rather than saxes: an edXML package is a few KB of header followed by
 * attachments carried as base64 text (a 200 MB package is ~199.9 MB of base64). saxes walks every
 * character through a JS state machine and hands text back as strings, which caps throughput far
 * below what hashing the same bytes costs. Here the structure (tags, attributes, namespaces) is
 * tokenized on bytes, and an element the handler marks as "raw" (ContentTransferEncoded) has its
 * content handed over as byte slices found with `indexOf('<')`, with no per-character JS work.
 *
 * Hardening (style.md "Inbound XML: hardened parse"): DOCTYPE is refused outright (so no DTD, no
 * external subset, no entity declarations: XXE and billion laughs cannot start); the only
 * references accepted are the 5 predefined entities and numeric character references; depth,
 * element count, attributes per element, attribute/tag/name/text sizes are capped; every byte
 * outside raw content is decoded with a fatal UTF-8 decoder (raw content must be ASCII base64,
 * checked by its consumer). Only XML 1.0 in UTF-8 is accepted.
 *
 * Errors are `AppError`s of the edxml catalogue with the byte offset, line and column, never the
 * offending content.
 */
import { edxmlErrors, type EdxmlErrorCode } from './errors.ts';

export interface XmlLimits {
  /** Maximum element nesting depth. */
  maxDepth: number;
  /** Maximum number of elements in the document. */
  maxElements: number;
  /** Maximum number of attributes (namespace declarations included) on one element. */
  maxAttributes: number;
  /** Maximum size of one attribute value, in bytes. */
  maxAttributeBytes: number;
  /** Maximum size of one tag (`<…>`), comment, PI or CDATA section, in bytes. */
  maxTagBytes: number;
  /** Maximum length of an element or attribute name. */
  maxNameLength: number;
  /** Maximum size of one text node outside raw (attachment) content, in bytes. */
  maxTextBytes: number;
  /** Maximum size of all text outside raw content, in bytes. */
  maxTotalTextBytes: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 64,
  maxElements: 100_000,
  maxAttributes: 64,
  maxAttributeBytes: 64 * 1024,
  maxTagBytes: 256 * 1024,
  maxNameLength: 256,
  maxTextBytes: 1024 * 1024,
  maxTotalTextBytes: 16 * 1024 * 1024,
});

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  /** Name as written (`edXML:foo`, `version`). */
  qname: string;
  prefix: string;
  local: string;
  /** Resolved namespace ('' for none). */
  ns: string;
  value: string;
}

/**
 * Namespace bindings in scope: prefix → URI ('' = default namespace). Only elements that declare
 * namespaces get their own scope, linked to the outer one: a declaration costs O(1) however many
 * bindings are in scope, and a lookup walks at most `maxDepth` links.
 */
export class NamespaceScope {
  readonly parent: NamespaceScope | undefined;
  readonly bindings: Map<string, string>;

  constructor(parent: NamespaceScope | undefined, bindings: Map<string, string>) {
    this.parent = parent;
    this.bindings = bindings;
  }

  lookup(prefix: string): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the chain from here
    for (let scope: NamespaceScope | undefined = this; scope !== undefined; scope = scope.parent) {
      const uri = scope.bindings.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }

  /** A prefix bound to `uri` here (not shadowed by an inner binding), innermost first. */
  prefixFor(uri: string): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the chain from here
    for (let scope: NamespaceScope | undefined = this; scope !== undefined; scope = scope.parent) {
      for (const [prefix, bound] of scope.bindings)
        if (bound === uri && this.lookup(prefix) === uri) return prefix;
    }
    return undefined;
  }
}

const ROOT_SCOPE = new NamespaceScope(undefined, new Map([['xml', XML_NAMESPACE]]));

export interface StartTag {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  attributes: XmlAttribute[];
  scope: NamespaceScope;
  selfClosing: boolean;
  depth: number;
  /** Absolute byte offset of '<'. */
  start: number;
  /** Absolute byte offset just after '>'. */
  end: number;
}

export interface XmlHandler {
  /** Returns true to receive this element's content as raw bytes (`rawText`) instead of `text`. */
  startElement(tag: StartTag): boolean;
  endElement(qname: string, start: number, end: number): void;
  /** Character data (references resolved, line ends normalised); may come in several pieces. */
  text(value: string, start: number): void;
  /** Content bytes of a raw element (never contains markup); may come in several pieces. */
  rawText(bytes: Buffer, start: number): void;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LF = 0x0a;

const NAME_START =
  'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** XML Name restricted to NCName pieces joined by at most one colon (Namespaces in XML 1.0). */
// eslint-disable-next-line no-misleading-character-class -- ranges from XML 1.0 §2.3 include combining marks on purpose
const QNAME_RE = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?$`, 'u');
/** The common case, checked first (cheaper than the full Unicode class). */
const ASCII_QNAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;
/** Characters XML 1.0 §2.2 does not allow in a document. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_CHAR_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const WS_RE = /[ \t\r\n]/;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isXmlWhitespaceByte(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isValidCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

interface OpenElement {
  qname: string;
  scope: NamespaceScope;
  raw: boolean;
}

export class XmlTokenizer {
  private readonly handler: XmlHandler;
  private readonly limits: XmlLimits;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private readonly stack: OpenElement[] = [];
  private elementCount = 0;
  private rootSeen = false;
  private rootClosed = false;
  private textParts: Buffer[] = [];
  private textBytes = 0;
  private textStart = 0;
  private totalTextBytes = 0;
  private line = 1;
  private lineStart = 0;
  /** Byte capture (exact source of an element, e.g. Signature). */
  private captureFrom = -1;
  private captured: Buffer[] = [];
  private capturedBytes = 0;
  private ended = false;
  /** True once a CR line end was seen in character data (the package uses CRLF line ends). */
  sawCarriageReturn = false;

  constructor(handler: XmlHandler, limits: Partial<XmlLimits> = {}) {
    this.handler = handler;
    this.limits = { ...DEFAULT_XML_LIMITS, ...limits };
  }

  /** Absolute offset of the next unconsumed byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  feed(chunk: Uint8Array): void {
    if (this.ended) throw new Error('XmlTokenizer.feed after end');
    if (chunk.byteLength === 0) return;
    const incoming = toBuffer(chunk);
    this.flushCapture();
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = incoming;
    } else {
      this.base += this.pos;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), incoming]);
    }
    this.pos = 0;
    this.run(false);
    // The caller may reuse its chunk buffer once feed returns: copy what is still needed, the
    // captured bytes so far and the unfinished markup.
    this.flushCapture();
    if (this.buf === incoming && this.pos < incoming.length) {
      this.base += this.pos;
      this.buf = Buffer.from(incoming.subarray(this.pos));
      this.pos = 0;
    }
  }

  end(): void {
    if (this.ended) return;
    this.run(true);
    this.ended = true;
    if (this.pos < this.buf.length) this.fail('edxml.not_well_formed', { reason: 'unexpected_end' });
    this.flushText();
    if (this.stack.length > 0) this.fail('edxml.not_well_formed', { reason: 'unclosed_element' });
    if (!this.rootSeen) this.fail('edxml.not_well_formed', { reason: 'no_root_element' });
  }

  /** Starts capturing source bytes at absolute offset `from` (must still be buffered). */
  startCapture(from: number): void {
    this.captureFrom = from;
    this.captured = [];
    this.capturedBytes = 0;
  }

  /** Ends the capture at absolute offset `to` and returns the exact bytes. */
  endCapture(to: number): Buffer {
    if (this.captureFrom < 0) return Buffer.alloc(0);
    const from = this.captureFrom - this.base;
    this.captured.push(Buffer.from(this.buf.subarray(from, to - this.base)));
    this.captureFrom = -1;
    const out = Buffer.concat(this.captured);
    this.captured = [];
    return out;
  }

  private flushCapture(): void {
    if (this.captureFrom < 0) return;
    const from = this.captureFrom - this.base;
    const piece = this.buf.subarray(from, this.pos);
    this.capturedBytes += piece.length;
    if (this.capturedBytes > this.limits.maxTotalTextBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTotalTextBytes', value: this.limits.maxTotalTextBytes });
    }
    this.captured.push(Buffer.from(piece));
    this.captureFrom = this.base + this.pos;
  }

  fail(code: EdxmlErrorCode, details: Record<string, unknown> = {}, at = this.base + this.pos): never {
    throw edxmlErrors.error(code, { ...details, ...this.position(at) });
  }

  private position(at: number): { offset: number; line?: number; column?: number } {
    // Line/column are exact up to the last consumed byte; `at` is at or after it.
    let line = this.line;
    let lineStart = this.lineStart;
    const from = Math.max(0, this.base + this.pos - this.base);
    const to = Math.min(this.buf.length, at - this.base);
    for (let i = from; i < to; i++) {
      if (this.buf[i] === LF) {
        line++;
        lineStart = this.base + i + 1;
      }
    }
    // An offset before the current line start (a tag spanning lines): no reliable column.
    return at >= lineStart ? { offset: at, line, column: at - lineStart + 1 } : { offset: at };
  }

  /** Advances `pos` to `to` (relative), counting line ends in between (never beyond `to`). */
  private advance(to: number): void {
    const buf = this.buf;
    if (to - this.pos <= 512) {
      for (let i = this.pos; i < to; i++) {
        if (buf[i] === LF) {
          this.line++;
          this.lineStart = this.base + i + 1;
        }
      }
    } else {
      // Long runs (attachment content): a bounded native search. An unbounded buf.indexOf would
      // rescan to the next line end on every call: quadratic on single-line packages.
      const range = buf.subarray(this.pos, to);
      let i = range.indexOf(LF);
      while (i !== -1) {
        this.line++;
        this.lineStart = this.base + this.pos + i + 1;
        i = range.indexOf(LF, i + 1);
      }
    }
    this.pos = to;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    if (!this.bomChecked && !this.skipByteOrderMark(final)) return;
    while (this.pos < buf.length) {
      const top = this.stack[this.stack.length - 1];
      if (buf[this.pos] !== LT) {
        const lt = buf.indexOf(LT, this.pos);
        const stop = lt === -1 ? buf.length : lt;
        if (top?.raw) {
          const start = this.base + this.pos;
          const slice = buf.subarray(this.pos, stop);
          this.advance(stop);
          this.handler.rawText(slice, start);
        } else {
          this.addText(stop);
        }
        if (lt === -1) break;
      }
      if (!this.markup(final, top?.raw ?? false)) break;
    }
    if (this.buf.length - this.pos > this.limits.maxTagBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTagBytes', value: this.limits.maxTagBytes });
    }
  }

  private bomChecked = false;
  private documentStart = 0;

  /** Skips a UTF-8 byte order mark at offset 0; refuses UTF-16/32 ones. False = need more bytes. */
  private skipByteOrderMark(final: boolean): boolean {
    const buf = this.buf;
    const bom = [0xef, 0xbb, 0xbf];
    // Decide on the first 3 bytes (they may arrive one at a time).
    if (buf.length < 3 && !final) return false;
    const n = Math.min(3, buf.length);
    let prefix = true;
    for (let k = 0; k < n; k++) if (buf[k] !== bom[k]) prefix = false;
    this.bomChecked = true;
    if (prefix && n === 3) {
      this.advance(3);
      this.documentStart = 3;
    } else if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe) || buf[0] === 0) {
      this.fail('edxml.unsupported_encoding', { encoding: 'UTF-16/32' }, 0);
    }
    return true;
  }

  private addText(stop: number): void {
    const buf = this.buf;
    if (this.stack.length === 0) {
      // Outside the root only whitespace may appear (XML 1.0 §2.1 Misc); checked on bytes so that
      // stray bytes before the declaration are "not well-formed", whatever they decode to.
      for (let i = this.pos; i < stop; i++) {
        if (!isXmlWhitespaceByte(buf[i] as number)) {
          this.fail('edxml.not_well_formed', { reason: 'content_outside_root' }, this.base + i);
        }
      }
      this.advance(stop);
      return;
    }
    const piece = buf.subarray(this.pos, stop);
    if (this.textParts.length === 0) this.textStart = this.base + this.pos;
    this.textBytes += piece.length;
    this.totalTextBytes += piece.length;
    if (this.textBytes > this.limits.maxTextBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTextBytes', value: this.limits.maxTextBytes });
    }
    if (this.totalTextBytes > this.limits.maxTotalTextBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTotalTextBytes', value: this.limits.maxTotalTextBytes });
    }
    // Copy: the caller may reuse its chunk buffers.
    this.textParts.push(Buffer.from(piece));
    this.advance(stop);
  }

  private flushText(): void {
    if (this.textParts.length === 0) return;
    const bytes = this.textParts.length === 1 ? (this.textParts[0] as Buffer) : Buffer.concat(this.textParts);
    const start = this.textStart;
    this.textParts = [];
    this.textBytes = 0;
    const raw = this.decode(bytes, start);
    this.handler.text(this.resolveText(raw, start), start);
  }

  private decode(bytes: Uint8Array, start: number): string {
    let text: string;
    try {
      text = fatalDecoder.decode(bytes);
    } catch {
      // Error path only: locate the first offending byte for the error position.
      const probe = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      let bad = bytes.length;
      let lead = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i] as number;
        try {
          probe.decode(bytes.subarray(i, i + 1), { stream: true });
        } catch {
          // Report the start of the broken sequence when a multi-byte sequence was pending.
          const first = bytes[lead] as number;
          const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
          bad = lead < i && i < lead + length ? lead : i;
          break;
        }
        if (b < 0x80 || b >= 0xc0) lead = i;
      }
      this.fail('edxml.invalid_utf8', {}, start + bad);
    }
    const invalid = INVALID_CHAR_RE.exec(text);
    if (invalid) this.fail('edxml.not_well_formed', { reason: 'invalid_character' }, start);
    return text;
  }

  /** Normalises line ends (XML 1.0 §2.11) and resolves references in character data. */
  private resolveText(text: string, start: number): string {
    let out = text;
    if (text.indexOf('\r') !== -1) {
      this.sawCarriageReturn = true;
      out = text.replace(/\r\n?/g, '\n');
    }
    if (out.indexOf('&') !== -1) out = this.resolveReferences(out, start);
    return out;
  }

  resolveReferences(text: string, start: number): string {
    let out = '';
    let last = 0;
    let amp = text.indexOf('&');
    while (amp !== -1) {
      const semi = text.indexOf(';', amp + 1);
      const name = semi === -1 || semi - amp > 48 ? undefined : text.slice(amp + 1, semi);
      let replacement: string;
      if (name === undefined) {
        this.fail('edxml.not_well_formed', { reason: 'unterminated_reference' }, start);
      } else if (name === 'amp') replacement = '&';
      else if (name === 'lt') replacement = '<';
      else if (name === 'gt') replacement = '>';
      else if (name === 'quot') replacement = '"';
      else if (name === 'apos') replacement = "'";
      else if (/^#x[0-9A-Fa-f]{1,6}$/.test(name) || /^#[0-9]{1,7}$/.test(name)) {
        const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (!isValidCodePoint(cp))
          this.fail('edxml.not_well_formed', { reason: 'invalid_character_reference' }, start);
        replacement = String.fromCodePoint(cp);
      } else if (QNAME_RE.test(name)) {
        // XXE / billion laughs vector: no entity but the predefined five is ever expanded.
        this.fail('edxml.entity_forbidden', {}, start);
      } else {
        this.fail('edxml.not_well_formed', { reason: 'invalid_reference' }, start);
      }
      out += text.slice(last, amp) + replacement;
      last = semi + 1;
      amp = text.indexOf('&', last);
    }
    return out + text.slice(last);
  }

  /** Handles the markup at `pos` (a '<'). Returns false when more bytes are needed. */
  private markup(final: boolean, raw: boolean): boolean {
    const buf = this.buf;
    const p = this.pos;
    const avail = buf.length - p;
    if (avail < 2) return this.needMore(final);
    const next = buf[p + 1];
    if (next === SLASH) {
      const gt = buf.indexOf(GT, p + 2);
      if (gt === -1) return this.needMore(final);
      this.flushText();
      this.endTag(p, gt);
      return true;
    }
    if (next === QUESTION) {
      const close = buf.indexOf('?>', p + 2, 'latin1');
      if (close === -1) return this.needMore(final);
      if (raw) this.fail('edxml.bad_base64', { reason: 'markup_in_attachment' });
      this.checkMarkupSize(p, close);
      this.flushText();
      this.processingInstruction(p, close);
      return true;
    }
    if (next === BANG) {
      if (this.startsWith(p, '<!--')) {
        const close = buf.indexOf('-->', p + 4, 'latin1');
        if (close === -1) return this.needMore(final);
        this.checkMarkupSize(p, close);
        this.flushText();
        this.decode(buf.subarray(p + 4, close), this.base + p);
        this.advance(close + 3);
        return true;
      }
      if (this.startsWith(p, '<![CDATA[')) {
        if (this.stack.length === 0) this.fail('edxml.not_well_formed', { reason: 'cdata_outside_root' });
        const close = buf.indexOf(']]>', p + 9, 'latin1');
        if (close === -1) return this.needMore(final);
        const start = this.base + p + 9;
        if (raw) {
          const slice = buf.subarray(p + 9, close);
          this.advance(close + 3);
          this.handler.rawText(slice, start);
          return true;
        }
        this.flushText();
        const text = this.decode(buf.subarray(p + 9, close), start);
        if (close - p - 9 > this.limits.maxTextBytes) {
          this.fail('edxml.limit_exceeded', { limit: 'maxTextBytes', value: this.limits.maxTextBytes });
        }
        this.totalTextBytes += close - p - 9;
        this.advance(close + 3);
        this.handler.text(text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n'), start);
        return true;
      }
      if (this.startsWith(p, '<!DOCTYPE')) this.fail('edxml.doctype_forbidden');
      if (this.startsWith(p, '<!ENTITY')) this.fail('edxml.entity_forbidden');
      // A prefix of one of the above that is not complete yet.
      for (const word of ['<!--', '<![CDATA[', '<!DOCTYPE', '<!ENTITY']) {
        if (avail < word.length && buf.toString('latin1', p, buf.length) === word.slice(0, avail)) {
          return this.needMore(final);
        }
      }
      this.fail('edxml.not_well_formed', { reason: 'invalid_markup' });
    }
    if (raw) this.fail('edxml.bad_base64', { reason: 'element_in_attachment' });
    // Start tag: find the closing '>' outside quoted attribute values. The scan position is kept
    // (as an absolute offset) so that a tag arriving in many chunks is not rescanned from its start.
    const absStart = this.base + p;
    let i = p + 1;
    let quote = 0;
    if (this.tagScanStart === absStart) {
      i = this.tagScanResume - this.base;
      quote = this.tagQuote;
    }
    // Bound the scan so a huge attribute is refused after maxTagBytes, not after reading it all.
    const len = Math.min(buf.length, p + this.limits.maxTagBytes + 1);
    for (; i < len; i++) {
      const c = buf[i] as number;
      if (quote !== 0) {
        if (c === quote) quote = 0;
        else if (c === LT) this.fail('edxml.not_well_formed', { reason: 'lt_in_attribute' }, this.base + i);
      } else if (c === GT) break;
      else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === LT) this.fail('edxml.not_well_formed', { reason: 'lt_in_tag' }, this.base + i);
    }
    if (i >= len) {
      if (len < buf.length) {
        this.fail('edxml.limit_exceeded', { limit: 'maxTagBytes', value: this.limits.maxTagBytes }, absStart);
      }
      this.tagScanStart = absStart;
      this.tagScanResume = this.base + len;
      this.tagQuote = quote;
      return this.needMore(final);
    }
    this.tagScanStart = -1;
    this.flushText();
    this.startTag(p, i);
    return true;
  }

  private checkMarkupSize(p: number, close: number): void {
    if (close - p > this.limits.maxTagBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTagBytes', value: this.limits.maxTagBytes });
    }
  }

  private tagScanStart = -1;
  private tagScanResume = 0;
  private tagQuote = 0;

  private needMore(final: boolean): boolean {
    if (final) this.fail('edxml.not_well_formed', { reason: 'unexpected_end' });
    return false;
  }

  private startsWith(p: number, word: string): boolean {
    const buf = this.buf;
    if (buf.length - p < word.length) return false;
    for (let k = 0; k < word.length; k++) if (buf[p + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  private processingInstruction(p: number, close: number): void {
    const abs = this.base + p;
    const body = this.decode(this.buf.subarray(p + 2, close), abs);
    const target = /^[^\s]*/.exec(body)?.[0] ?? '';
    if (target.toLowerCase() === 'xml') {
      // The XML declaration is only allowed as the very first thing (after an optional BOM).
      if (target !== 'xml' || abs !== this.documentStart || this.rootSeen) {
        this.fail('edxml.not_well_formed', { reason: 'misplaced_xml_declaration' }, abs);
      }
      const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
        // The name is echoed only when it looks like an encoding name (never arbitrary content).
        const name = /^[A-Za-z][A-Za-z0-9._-]{0,39}$/.test(encoding) ? encoding : undefined;
        this.fail('edxml.unsupported_encoding', name === undefined ? {} : { encoding: name }, abs);
      }
      const version = /version\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
      if (version === undefined || !/^1\.\d+$/.test(version)) {
        this.fail('edxml.not_well_formed', { reason: 'bad_xml_declaration' }, abs);
      }
    } else if (!QNAME_RE.test(target) || target.includes(':')) {
      this.fail('edxml.not_well_formed', { reason: 'bad_processing_instruction' }, abs);
    }
    this.advance(close + 2);
  }

  private checkName(name: string, at: number): void {
    if (name.length > this.limits.maxNameLength) {
      this.fail('edxml.limit_exceeded', { limit: 'maxNameLength', value: this.limits.maxNameLength }, at);
    }
    if (!ASCII_QNAME_RE.test(name) && !QNAME_RE.test(name)) {
      this.fail('edxml.not_well_formed', { reason: 'invalid_name' }, at);
    }
  }

  private startTag(p: number, gt: number): void {
    const abs = this.base + p;
    if (gt - p + 1 > this.limits.maxTagBytes) {
      this.fail('edxml.limit_exceeded', { limit: 'maxTagBytes', value: this.limits.maxTagBytes }, abs);
    }
    if (this.rootClosed) this.fail('edxml.not_well_formed', { reason: 'content_after_root' }, abs);
    let source = this.decode(this.buf.subarray(p + 1, gt), abs);
    let selfClosing = false;
    if (source.endsWith('/')) {
      selfClosing = true;
      source = source.slice(0, -1);
    }
    const nameMatch = /^[^\s/>=]+/.exec(source);
    if (!nameMatch) this.fail('edxml.not_well_formed', { reason: 'invalid_name' }, abs);
    const qname = nameMatch[0];
    this.checkName(qname, abs);
    const rawAttributes = this.parseAttributes(source, qname.length, abs);
    if (this.stack.length + 1 > this.limits.maxDepth) {
      this.fail('edxml.limit_exceeded', { limit: 'maxDepth', value: this.limits.maxDepth }, abs);
    }
    if (++this.elementCount > this.limits.maxElements) {
      this.fail('edxml.limit_exceeded', { limit: 'maxElements', value: this.limits.maxElements }, abs);
    }
    const parentScope: NamespaceScope = this.stack[this.stack.length - 1]?.scope ?? ROOT_SCOPE;
    let scope = parentScope;
    for (const [name, value] of rawAttributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        if (
          prefix === 'xmlns' ||
          (prefix === 'xml') !== (value === XML_NAMESPACE) ||
          value === XMLNS_NAMESPACE
        ) {
          this.fail('edxml.not_well_formed', { reason: 'reserved_namespace' }, abs);
        }
        if (prefix !== '' && value === '')
          this.fail('edxml.not_well_formed', { reason: 'empty_namespace' }, abs);
        if (scope === parentScope) scope = new NamespaceScope(parentScope, new Map());
        scope.bindings.set(prefix, value);
      }
    }
    const attributes: XmlAttribute[] = [];
    const seen = rawAttributes.length > 1 ? new Set<string>() : undefined;
    for (const [name, value] of rawAttributes) {
      const colon = name.indexOf(':');
      const prefix = colon === -1 ? '' : name.slice(0, colon);
      const local = colon === -1 ? name : name.slice(colon + 1);
      let ns = '';
      if (name === 'xmlns' || prefix === 'xmlns') ns = XMLNS_NAMESPACE;
      else if (prefix !== '') {
        const bound = scope.lookup(prefix);
        if (bound === undefined) this.fail('edxml.not_well_formed', { reason: 'unbound_prefix' }, abs);
        ns = bound;
      }
      const key = `${ns}|${local}`;
      if (seen?.has(key)) this.fail('edxml.not_well_formed', { reason: 'duplicate_attribute' }, abs);
      seen?.add(key);
      attributes.push({ qname: name, prefix, local, ns, value });
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    const ns = scope.lookup(prefix);
    if (prefix !== '' && ns === undefined)
      this.fail('edxml.not_well_formed', { reason: 'unbound_prefix' }, abs);
    if (this.stack.length === 0) {
      if (this.rootSeen) this.fail('edxml.not_well_formed', { reason: 'content_after_root' }, abs);
      this.rootSeen = true;
    }
    this.advance(gt + 1);
    const tag: StartTag = {
      qname,
      prefix,
      local,
      ns: ns ?? '',
      attributes,
      scope,
      selfClosing,
      depth: this.stack.length,
      start: abs,
      end: this.base + gt + 1,
    };
    const raw = this.handler.startElement(tag);
    if (selfClosing) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.handler.endElement(qname, abs, tag.end);
    } else {
      this.stack.push({ qname, scope, raw });
    }
  }

  private parseAttributes(source: string, from: number, abs: number): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const len = source.length;
    let i = from;
    for (;;) {
      const wsStart = i;
      while (i < len && WS_RE.test(source[i] as string)) i++;
      if (i >= len) break;
      if (i === wsStart) this.fail('edxml.not_well_formed', { reason: 'missing_whitespace' }, abs);
      const eq = source.indexOf('=', i);
      if (eq === -1) this.fail('edxml.not_well_formed', { reason: 'attribute_without_value' }, abs);
      const name = source.slice(i, eq).trimEnd();
      this.checkName(name, abs);
      i = eq + 1;
      while (i < len && WS_RE.test(source[i] as string)) i++;
      const quote = source[i];
      if (quote !== '"' && quote !== "'")
        this.fail('edxml.not_well_formed', { reason: 'unquoted_attribute' }, abs);
      const close = source.indexOf(quote, i + 1);
      if (close === -1) this.fail('edxml.not_well_formed', { reason: 'unterminated_attribute' }, abs);
      const rawValue = source.slice(i + 1, close);
      if (Buffer.byteLength(rawValue) > this.limits.maxAttributeBytes) {
        this.fail(
          'edxml.limit_exceeded',
          { limit: 'maxAttributeBytes', value: this.limits.maxAttributeBytes },
          abs,
        );
      }
      if (out.length >= this.limits.maxAttributes) {
        this.fail('edxml.limit_exceeded', { limit: 'maxAttributes', value: this.limits.maxAttributes }, abs);
      }
      // XML 1.0 §3.3.3: literal whitespace becomes a space; references are resolved after.
      let value = rawValue.replace(/\r\n?|[\t\n]/g, ' ');
      if (value.indexOf('&') !== -1) value = this.resolveReferences(value, abs);
      // Attribute values stay in the element tree: they count toward the total text budget.
      this.totalTextBytes += rawValue.length;
      if (this.totalTextBytes > this.limits.maxTotalTextBytes) {
        this.fail(
          'edxml.limit_exceeded',
          { limit: 'maxTotalTextBytes', value: this.limits.maxTotalTextBytes },
          abs,
        );
      }
      out.push([name, value]);
      i = close + 1;
    }
    return out;
  }

  private endTag(p: number, gt: number): void {
    const abs = this.base + p;
    const source = this.decode(this.buf.subarray(p + 2, gt), abs);
    const qname = source.trimEnd();
    const open = this.stack.pop();
    if (open === undefined || open.qname !== qname) {
      this.fail('edxml.not_well_formed', { reason: 'mismatched_end_tag' }, abs);
    }
    if (this.stack.length === 0) this.rootClosed = true;
    this.advance(gt + 1);
    this.handler.endElement(qname, abs, this.base + gt + 1);
  }
}
