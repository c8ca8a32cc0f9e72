/**
 * A small streaming, namespace-aware XML tokenizer over UTF-8 bytes, made for canonicalising and
 * digesting edXML packages without building a DOM: text runs (the base64 attachments) are handed
 * out as raw byte slices so a canonicaliser can hash them without decoding. It accepts only what
 * edXML needs and refuses the rest (security by default): no DTD (hence no entities beyond the five
 * predefined ones and character references), UTF-8 only, bounded depth, attribute count and tag size.
 *
 * Well-formedness is checked as far as the digest depends on it: tag balance, one root, attribute
 * uniqueness (by expanded name), bound prefixes, valid UTF-8, no text outside the root element.
 */
import { isUtf8 } from 'node:buffer';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** A namespace scope: prefix → URI ('' is the default namespace). Inherits from the parent's scope. */
export type NamespaceScope = Readonly<Record<string, string>>;

export interface XmlAttribute {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
  /** Normalised value (XML 1.0 §3.3.3), entities and character references resolved. */
  readonly value: string;
}

export interface XmlElement {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
  /** Namespace declarations written on this element, as [prefix, uri] ('' = default). */
  readonly declarations: readonly (readonly [string, string])[];
  readonly attributes: readonly XmlAttribute[];
  /** Every namespace in scope on this element (own declarations and inherited ones). */
  readonly scope: NamespaceScope;
  /** Byte offset of the '<' of the start tag in the document. */
  readonly offset: number;
}

export interface XmlHandler {
  startElement(element: XmlElement): void;
  /** `offset` is the byte offset of the '<' of the end tag (or of the start tag when self-closing). */
  endElement(element: XmlElement, offset: number): void;
  /**
   * Raw character data as it appears in the document (entities not yet resolved, line ends not
   * normalised). A text node may arrive in several pieces; the pieces never split an entity
   * reference or a CR LF pair. The slice is only valid during the call.
   */
  text(raw: Uint8Array): void;
  /** Contents of a CDATA section (raw, line ends not normalised). */
  cdata(raw: Uint8Array): void;
  comment(): void;
  processingInstruction(target: string, data: string, afterRoot: boolean): void;
}

export type XmlSyntaxCode =
  | 'not_well_formed'
  | 'dtd_forbidden'
  | 'unsupported_encoding'
  | 'unknown_entity'
  | 'unbound_prefix'
  | 'limit_exceeded';

export class XmlSyntaxError extends Error {
  readonly code: XmlSyntaxCode;
  readonly offset: number;
  constructor(code: XmlSyntaxCode, message: string, offset: number) {
    super(`${message} (byte ${offset})`);
    this.name = 'XmlSyntaxError';
    this.code = code;
    this.offset = offset;
  }
}

export interface TokenizerLimits {
  maxDepth: number;
  maxAttributes: number;
  /** Longest start tag, comment or processing instruction accepted, in bytes. */
  maxTagBytes: number;
}

const DEFAULT_LIMITS: TokenizerLimits = { maxDepth: 256, maxAttributes: 256, maxTagBytes: 1 << 20 };

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const CR = 0x0d;
const SEMI = 0x3b;
const EMPTY = Buffer.alloc(0);
const ROOT_SCOPE: NamespaceScope = Object.freeze({ xml: XML_NAMESPACE });
const NAME =
  /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves entity and character references in `raw`; refuses any other entity. */
export function decodeReferences(raw: string, offset = 0): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]*)(;?)/g, (_m, name: string, semi: string) => {
    if (semi !== ';') throw new XmlSyntaxError('not_well_formed', 'bare "&" in character data', offset);
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      const valid = /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) && code > 0 && code <= 0x10ffff;
      if (!valid) throw new XmlSyntaxError('not_well_formed', `bad character reference &${name};`, offset);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[name];
    if (value === undefined)
      throw new XmlSyntaxError('unknown_entity', `undeclared entity &${name};`, offset);
    return value;
  });
}

/** Attribute-value normalisation (XML 1.0 §3.3.3, CDATA type): literal whitespace becomes a space. */
function normaliseAttribute(raw: string, offset: number): string {
  if (raw.includes('<')) throw new XmlSyntaxError('not_well_formed', '"<" in attribute value', offset);
  return decodeReferences(raw.replace(/\r\n|[\t\n\r]/g, ' '), offset);
}

/** Text normalisation: line ends (XML 1.0 §2.11) then references. */
export function decodeText(raw: string, offset = 0): string {
  return decodeReferences(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw, offset);
}

interface OpenElement {
  element: XmlElement;
}

export class XmlTokenizer {
  private readonly handler: XmlHandler;
  private readonly limits: TokenizerLimits;
  private buffer: Buffer = EMPTY;
  private position = 0;
  /** Byte offset in the document of buffer[0]. */
  private base = 0;
  private readonly stack: OpenElement[] = [];
  private seenRoot = false;
  private rootClosed = false;
  private started = false;
  private bomLength = 0;

  constructor(handler: XmlHandler, limits: Partial<TokenizerLimits> = {}) {
    this.handler = handler;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  write(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.position >= this.buffer.length) {
      this.base += this.buffer.length;
      this.buffer = bytes;
    } else {
      this.base += this.position;
      this.buffer = Buffer.concat([this.buffer.subarray(this.position), bytes]);
    }
    this.position = 0;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.position < this.buffer.length) this.fail('not_well_formed', 'unexpected end of document');
    if (!this.seenRoot) this.fail('not_well_formed', 'no root element');
    if (!this.rootClosed)
      this.fail('not_well_formed', `unclosed element <${this.stack.at(-1)?.element.qname}>`);
  }

  private fail(code: XmlSyntaxCode, message: string, at = this.position): never {
    throw new XmlSyntaxError(code, message, this.base + at);
  }

  private run(final: boolean): void {
    const buf = this.buffer;
    if (!this.started) {
      if (buf.length < 3 && !final) return;
      this.started = true;
      // A UTF-8 byte-order mark is allowed; UTF-16 is not what edXML producers write.
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.position = this.bomLength = 3;
      else if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe))
        this.fail('unsupported_encoding', 'UTF-16 documents are not accepted; use UTF-8');
    }
    while (this.position < buf.length) {
      const start = this.position;
      if (buf[start] !== LT) {
        const lt = buf.indexOf(LT, start);
        let end = lt === -1 ? buf.length : lt;
        if (lt === -1 && !final) end = this.safeTextEnd(buf, start, end);
        if (end > start) this.emitText(buf, start, end);
        this.position = end;
        if (lt === -1) return;
        continue;
      }
      if (buf.length - start < 2 && !final) return;
      const next = buf[start + 1];
      let done: boolean;
      if (next === 0x2f) done = this.endTag(buf, start, final);
      else if (next === 0x21) done = this.markup(buf, start, final);
      else if (next === 0x3f) done = this.processingInstruction(buf, start, final);
      else done = this.startTag(buf, start, final);
      if (!done) {
        if (final) this.fail('not_well_formed', 'unexpected end of document');
        if (buf.length - start > this.limits.maxTagBytes) this.fail('limit_exceeded', 'tag too long');
        return;
      }
    }
  }

  /** Holds back a trailing partial reference or CR so a text piece never splits one. */
  private safeTextEnd(buf: Buffer, start: number, end: number): number {
    const amp = buf.lastIndexOf(AMP, end - 1);
    if (amp >= start && buf.indexOf(SEMI, amp) === -1) end = amp;
    if (end > start && buf[end - 1] === CR) end -= 1;
    // Never cut a UTF-8 sequence: hold back a lead byte whose continuation bytes have not arrived.
    for (let i = end - 1; i >= start && i >= end - 3; i--) {
      const byte = buf[i] as number;
      if ((byte & 0xc0) === 0x80) continue;
      if (byte >= 0xc0) {
        const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        if (end - i < length) end = i;
      }
      break;
    }
    return end;
  }

  private emitText(buf: Buffer, start: number, end: number): void {
    const raw = buf.subarray(start, end);
    if (!isUtf8(raw)) this.fail('not_well_formed', 'invalid UTF-8', start);
    if (this.stack.length === 0) {
      if (!/^[ \t\r\n]*$/.test(raw.toString('latin1')))
        this.fail(
          'not_well_formed',
          this.seenRoot ? 'content after the root element' : 'content before the root element',
          start,
        );
      return;
    }
    this.handler.text(raw);
  }

  private markup(buf: Buffer, start: number, final: boolean): boolean {
    if (buf.length - start < 9 && !final) return false;
    const head = buf.toString('latin1', start, start + 9);
    if (head.startsWith('<!--')) {
      const close = buf.indexOf('-->', start + 4);
      if (close === -1) return false;
      if (buf.indexOf('--', start + 4) < close) this.fail('not_well_formed', '"--" inside a comment', start);
      this.handler.comment();
      this.position = close + 3;
      return true;
    }
    if (head === '<![CDATA[') {
      if (this.stack.length === 0) this.fail('not_well_formed', 'CDATA outside the root element', start);
      const close = buf.indexOf(']]>', start + 9);
      if (close === -1) return false;
      const raw = buf.subarray(start + 9, close);
      if (!isUtf8(raw)) this.fail('not_well_formed', 'invalid UTF-8', start);
      this.handler.cdata(raw);
      this.position = close + 3;
      return true;
    }
    if (head.startsWith('<!DOCTYPE') || head.startsWith('<!ENTITY'))
      this.fail('dtd_forbidden', 'document type declarations are not accepted', start);
    this.fail('not_well_formed', 'unexpected markup "<!"', start);
  }

  private processingInstruction(buf: Buffer, start: number, final: boolean): boolean {
    void final;
    const close = buf.indexOf('?>', start + 2);
    if (close === -1) return false;
    const body = buf.toString('utf8', start + 2, close);
    const match = /^([^\s?]+)(?:\s+([\s\S]*))?$/.exec(body);
    if (!match?.[1]) this.fail('not_well_formed', 'bad processing instruction', start);
    const target = match[1];
    const data = match[2] ?? '';
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.base + start !== this.bomLength || this.seenRoot)
        this.fail('not_well_formed', 'XML declaration not at the start of the document', start);
      const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(data)?.[1];
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding))
        this.fail('unsupported_encoding', `encoding ${encoding} is not accepted; use UTF-8`, start);
    } else {
      this.handler.processingInstruction(target, data, this.rootClosed);
    }
    this.position = close + 2;
    return true;
  }

  private startTag(buf: Buffer, start: number, final: boolean): boolean {
    void final;
    // Find the closing '>' outside quoted attribute values.
    let i = start + 1;
    let quote = 0;
    const length = buf.length;
    for (; i < length; i++) {
      const c = buf[i];
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === GT) break;
      else if (c === LT) this.fail('not_well_formed', '"<" inside a tag', i);
    }
    if (i >= length) return false;
    if (this.rootClosed) this.fail('not_well_formed', 'a second root element', start);
    const selfClosing = buf[i - 1] === 0x2f;
    const raw = buf.subarray(start + 1, selfClosing ? i - 1 : i);
    if (!isUtf8(raw)) this.fail('not_well_formed', 'invalid UTF-8', start);
    const text = raw.toString('utf8');
    const nameEnd = text.search(/[\s]|$/);
    const qname = text.slice(0, nameEnd);
    if (!NAME.test(qname)) this.fail('not_well_formed', `bad element name "${qname}"`, start);
    if (this.stack.length >= this.limits.maxDepth)
      this.fail('limit_exceeded', 'elements nested too deep', start);

    const parentScope = this.stack.at(-1)?.element.scope ?? ROOT_SCOPE;
    const declarations: [string, string][] = [];
    const rawAttributes: [string, string][] = [];
    ATTRIBUTE.lastIndex = nameEnd;
    let cursor = nameEnd;
    while (cursor < text.length) {
      ATTRIBUTE.lastIndex = cursor;
      const m = ATTRIBUTE.exec(text);
      if (!m) {
        if (/^\s*$/.test(text.slice(cursor))) break;
        this.fail('not_well_formed', `bad attribute in <${qname}>`, start);
      }
      if (m.index === cursor && cursor > nameEnd && !/^\s/.test(m[0]))
        this.fail('not_well_formed', `attributes of <${qname}> must be separated by white space`, start);
      if (cursor === nameEnd && !/^\s/.test(m[0]))
        this.fail('not_well_formed', `bad element name "${qname}"`, start);
      cursor = ATTRIBUTE.lastIndex;
      const name = m[1] as string;
      if (!NAME.test(name)) this.fail('not_well_formed', `bad attribute name "${name}"`, start);
      const value = normaliseAttribute(m[2] ?? m[3] ?? '', this.base + start);
      if (name === 'xmlns') declarations.push(['', value]);
      else if (name.startsWith('xmlns:')) {
        const prefix = name.slice(6);
        if (value === '')
          this.fail('not_well_formed', `namespace prefix "${prefix}" cannot be undeclared`, start);
        if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NAMESPACE))
          this.fail('not_well_formed', `reserved namespace prefix or URI misused: ${name}`, start);
        declarations.push([prefix, value]);
      } else rawAttributes.push([name, value]);
      if (declarations.length + rawAttributes.length > this.limits.maxAttributes)
        this.fail('limit_exceeded', `too many attributes on <${qname}>`, start);
    }

    let scope = parentScope;
    if (declarations.length > 0) {
      const own = Object.create(parentScope) as Record<string, string>;
      for (const [prefix, uri] of declarations) {
        if (Object.prototype.hasOwnProperty.call(own, prefix))
          this.fail('not_well_formed', `namespace ${prefix || '(default)'} declared twice`, start);
        own[prefix] = uri;
      }
      scope = own;
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    const uri = scope[prefix] ?? '';
    if (prefix !== '' && scope[prefix] === undefined)
      this.fail('unbound_prefix', `prefix "${prefix}" is not declared`, start);

    const attributes: XmlAttribute[] = [];
    const seen = new Set<string>();
    for (const [name, value] of rawAttributes) {
      const c = name.indexOf(':');
      const aPrefix = c === -1 ? '' : name.slice(0, c);
      const aLocal = c === -1 ? name : name.slice(c + 1);
      const aUri = aPrefix === '' ? '' : scope[aPrefix];
      if (aUri === undefined) this.fail('unbound_prefix', `prefix "${aPrefix}" is not declared`, start);
      const key = `${aUri}\u0000${aLocal}`;
      if (seen.has(key)) this.fail('not_well_formed', `attribute ${name} repeated on <${qname}>`, start);
      seen.add(key);
      attributes.push({ qname: name, prefix: aPrefix, local: aLocal, uri: aUri, value });
    }
    if (declarations.some(([p]) => p === 'xmlns') || uri === XMLNS_NAMESPACE)
      this.fail('not_well_formed', 'reserved xmlns namespace used', start);

    const element: XmlElement = {
      qname,
      prefix,
      local,
      uri,
      declarations,
      attributes,
      scope,
      offset: this.base + start,
    };
    this.seenRoot = true;
    this.stack.push({ element });
    this.position = i + 1;
    this.handler.startElement(element);
    if (selfClosing) this.close(element, start);
    return true;
  }

  private endTag(buf: Buffer, start: number, final: boolean): boolean {
    void final;
    const close = buf.indexOf(GT, start + 2);
    if (close === -1) return false;
    const qname = buf.toString('utf8', start + 2, close).trimEnd();
    const open = this.stack.at(-1);
    if (!open) this.fail('not_well_formed', `unexpected </${qname}>`, start);
    if (open.element.qname !== qname)
      this.fail('not_well_formed', `</${qname}> does not close <${open.element.qname}>`, start);
    this.position = close + 1;
    this.close(open.element, start);
    return true;
  }

  private close(element: XmlElement, start: number): void {
    this.stack.pop();
    if (this.stack.length === 0) this.rootClosed = true;
    this.handler.endElement(element, this.base + start);
  }
}
