/**
 * Streaming XML canonicalisation, without comments: Exclusive XML Canonicalization 1.0
 * (http://www.w3.org/2001/10/xml-exc-c14n#) and Canonical XML 1.0
 * (http://www.w3.org/TR/2001/REC-xml-c14n-20010315). It consumes tokenizer events and writes the
 * canonical UTF-8 form to a sink as it goes, so the digest of a 20 MB package is computed with flat
 * memory. Text runs without '&', '>' or CR are passed through as the original bytes (their canonical
 * form is identical), which is what makes digesting the base64 attachments fast.
 *
 * Limits (documented in docs/TRUST.md): InclusiveNamespaces PrefixList is not supported; for
 * Canonical XML 1.0 of a subtree, xml:* attributes inherited from omitted ancestors are not copied
 * onto the apex (edXML never uses xml:lang/xml:space on the header's ancestors).
 */
import { XML_NAMESPACE, decodeText, type XmlAttribute, type XmlElement } from './xml-tokenizer.ts';

export type C14nMode = 'exclusive' | 'inclusive';
export type CanonicalSink = (data: string | Uint8Array) => void;

const FLUSH_AT = 16 * 1024;

function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;',
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&'
      ? '&amp;'
      : c === '<'
        ? '&lt;'
        : c === '"'
          ? '&quot;'
          : c === '\t'
            ? '&#x9;'
            : c === '\n'
              ? '&#xA;'
              : '&#xD;',
  );
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.local < b.local ? -1 : a.local > b.local ? 1 : 0;
}

/** Namespace declarations rendered by output ancestors: prefix → URI. */
type Rendered = Record<string, string>;

export class Canonicalizer {
  private readonly mode: C14nMode;
  private readonly sink: CanonicalSink;
  private pending = '';
  private readonly rendered: Rendered[] = [];
  private depth = 0;
  private afterRoot = false;

  constructor(mode: C14nMode, sink: CanonicalSink) {
    this.mode = mode;
    this.sink = sink;
  }

  private write(s: string): void {
    this.pending += s;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.pending.length > 0) {
      this.sink(this.pending);
      this.pending = '';
    }
  }

  startElement(element: XmlElement): void {
    const parent: Rendered = this.rendered.at(-1) ?? {};
    let own: Rendered | undefined;
    const declare: [string, string][] = [];
    const consider = (prefix: string, uri: string): void => {
      if (prefix === 'xml') return;
      const current = (own ?? parent)[prefix] ?? '';
      if (current === uri) return;
      own ??= Object.create(parent) as Rendered;
      own[prefix] = uri;
      declare.push([prefix, uri]);
    };
    if (this.mode === 'exclusive') {
      // Exc-C14N §3: render the namespaces visibly utilised by the element and its attributes.
      consider(element.prefix, element.scope[element.prefix] ?? '');
      for (const attribute of element.attributes)
        if (attribute.prefix !== '') consider(attribute.prefix, attribute.uri);
    } else {
      // C14N 1.0 §2.3: every namespace in scope that output ancestors have not already rendered.
      for (const prefix in element.scope) consider(prefix, element.scope[prefix] ?? '');
    }
    declare.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let out = '<' + element.qname;
    for (const [prefix, uri] of declare)
      out += (prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`) + escapeAttribute(uri) + '"';
    const attributes =
      element.attributes.length > 1 ? [...element.attributes].sort(compareAttributes) : element.attributes;
    for (const attribute of attributes)
      out += ' ' + attribute.qname + '="' + escapeAttribute(attribute.value) + '"';
    this.write(out + '>');
    this.rendered.push(own ?? parent);
    this.depth++;
  }

  endElement(element: XmlElement): void {
    this.write('</' + element.qname + '>');
    this.rendered.pop();
    this.depth--;
    if (this.depth === 0) this.afterRoot = true;
  }

  /** Raw character data from the tokenizer. */
  text(raw: Uint8Array): void {
    if (raw.indexOf(0x26) === -1 && raw.indexOf(0x3e) === -1 && raw.indexOf(0x0d) === -1) {
      // Already canonical: no reference to resolve, nothing to escape, no line end to normalise.
      if (raw.length < 256)
        this.write(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
      else {
        this.flush();
        this.sink(raw);
      }
      return;
    }
    this.write(
      escapeText(decodeText(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'))),
    );
  }

  /** Already-decoded character data (used when replaying captured text). */
  textValue(value: string): void {
    this.write(escapeText(value));
  }

  cdata(raw: Uint8Array): void {
    const value = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    this.write(escapeText(value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value));
  }

  processingInstruction(target: string, data: string): void {
    // C14N §2.1: PIs outside the document element are separated from it by a line feed.
    const pi = `<?${target}${data === '' ? '' : ' ' + data}?>`;
    if (this.depth > 0) this.write(pi);
    else if (this.afterRoot) this.write('\n' + pi);
    else this.write(pi + '\n');
  }
}

export { XML_NAMESPACE };
