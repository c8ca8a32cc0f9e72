/**
 * TraceHeader insertion for the axis (standards-vn.md §1.3: "the axis appends entries as the
 * package travels"). The parser records where a new `TraceHeader` goes (`PackageLayout`), so the
 * stored package is never rewritten: the axis streams
 * `original[0:offset] + traceXml + original[offset:]`.
 */
import { escapeText } from './escape-xml.ts';
import { EDXML_NAMESPACE, type PackageLayout, type TraceHeader } from './model.ts';
import { parsePackageSync } from './parse-package.ts';

export interface TraceHeaderInsertion {
  /** Byte offset in the original package. */
  offset: number;
  /** UTF-8 bytes to insert at `offset`. */
  bytes: Buffer;
  /** Layout of the package after the insertion (for a further append without re-parsing). */
  layout: PackageLayout;
}

/** Renders the XML inserted at `layout.traceInsertOffset` (a TraceHeader, or a whole list). */
export function renderTraceHeader(trace: TraceHeader, layout: PackageLayout): string {
  const p = layout.tracePrefix === '' ? '' : `${layout.tracePrefix}:`;
  const declaration = layout.traceDeclareNamespace ? ` xmlns:${layout.tracePrefix}="${EDXML_NAMESPACE}"` : '';
  const indent = layout.traceIndent;
  const step = indent === '' ? '' : '  ';
  const field = (name: string, value: string | undefined, at: string) =>
    value === undefined ? '' : `${at}<${p}${name}>${escapeText(value, `traceHeader.${name}`)}</${p}${name}>`;
  if (layout.traceInsertMode === 'new-list') {
    const inner = `${indent}${step}`;
    return (
      `${indent}<${p}TraceHeaderList${declaration}>` +
      `${inner}<${p}TraceHeader>` +
      field('OrganId', trace.organId, `${inner}${step}`) +
      field('Timestamp', trace.timestamp, `${inner}${step}`) +
      `${inner}</${p}TraceHeader>` +
      `${indent}</${p}TraceHeaderList>`
    );
  }
  return (
    `${indent}<${p}TraceHeader${declaration}>` +
    field('OrganId', trace.organId, `${indent}${step}`) +
    field('Timestamp', trace.timestamp, `${indent}${step}`) +
    `${indent}</${p}TraceHeader>`
  );
}

/** Computes the bytes to insert and where, plus the layout that results. */
export function traceHeaderInsertion(layout: PackageLayout, trace: TraceHeader): TraceHeaderInsertion {
  const xml = renderTraceHeader(trace, layout);
  const bytes = Buffer.from(xml, 'utf8');
  const offset = layout.traceInsertOffset;
  let nextOffset: number;
  let traceIndent = layout.traceIndent;
  if (layout.traceInsertMode === 'new-list') {
    // After the new TraceHeader's end tag, inside the new list.
    const closeList = xml.lastIndexOf('</');
    const endOfTrace = xml.slice(0, closeList).trimEnd().length;
    nextOffset = offset + Buffer.byteLength(xml.slice(0, endOfTrace), 'utf8');
    traceIndent = layout.traceIndent === '' ? '' : `${layout.traceIndent}  `;
  } else {
    nextOffset = offset + bytes.length;
  }
  const shift = (at: number) => (at >= offset ? at + bytes.length : at);
  const next: PackageLayout = {
    ...layout,
    traceInsertOffset: nextOffset,
    traceInsertMode: 'after-trace-header',
    traceIndent,
    byteLength: layout.byteLength + bytes.length,
    ...(layout.signatureRange
      ? {
          signatureRange: {
            start: shift(layout.signatureRange.start),
            end: shift(layout.signatureRange.end),
          },
        }
      : {}),
  };
  // The new list declares the namespace itself; later TraceHeaders inside it need not.
  if (layout.traceInsertMode === 'new-list') delete next.traceDeclareNamespace;
  return { offset, bytes, layout: next };
}

/**
 * Appends a TraceHeader to an in-memory package. Without `layout` the package is parsed first
 * (throws the parser's `edxml.*` errors).
 */
export function appendTraceHeader(
  packageBytes: Uint8Array,
  trace: TraceHeader,
  layout: PackageLayout = parsePackageSync(packageBytes).layout,
): { bytes: Buffer; layout: PackageLayout } {
  const insertion = traceHeaderInsertion(layout, trace);
  const source = Buffer.from(packageBytes.buffer, packageBytes.byteOffset, packageBytes.byteLength);
  return {
    bytes: Buffer.concat([
      source.subarray(0, insertion.offset),
      insertion.bytes,
      source.subarray(insertion.offset),
    ]),
    layout: insertion.layout,
  };
}

/** Streams `source` with `insert` spliced in at byte `offset` (for packages kept in a blob store). */
export async function* spliceStream(
  source: AsyncIterable<Uint8Array>,
  offset: number,
  insert: Uint8Array,
): AsyncGenerator<Buffer> {
  let position = 0;
  let inserted = false;
  for await (const chunk of source) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!inserted && position + bytes.length >= offset) {
      const cut = offset - position;
      if (cut > 0) yield bytes.subarray(0, cut);
      yield Buffer.from(insert);
      inserted = true;
      if (cut < bytes.length) yield bytes.subarray(cut);
    } else {
      yield bytes;
    }
    position += bytes.length;
  }
  if (!inserted) yield Buffer.from(insert);
}
