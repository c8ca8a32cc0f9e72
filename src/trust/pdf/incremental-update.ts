/**
 * Writes an incremental update (ISO 32000-1 §7.5.6): the new and changed objects of a pdf-lib
 * document appended after the original bytes, a classic cross-reference section for them, and a
 * trailer whose /Prev points at the previous cross-reference. Earlier bytes are never rewritten.
 */
import type { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { signatureErrors } from '../xmldsig/errors.ts';

function bytesOf(object: PDFObject): Uint8Array {
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return buffer;
}

export function lastStartxref(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match?.[1])
    throw signatureErrors.error('trust.pdf_invalid', { reason: 'no startxref at the end of the file' });
  return Number(match[1]);
}

/** Whether the cross-reference at `offset` is a stream object ("N G obj") rather than an `xref` table. */
function previousIsXrefStream(bytes: Uint8Array, offset: number): boolean {
  const head = Buffer.from(bytes.subarray(offset, offset + 32)).toString('latin1');
  return /^\s*\d+\s+\d+\s+obj/.test(head);
}

/**
 * pdf-lib does not keep cross-reference streams and object streams as objects, so its
 * largestObjectNumber can be below numbers the file already uses; a new object reusing an object
 * stream's number would break every object stored in it. Raise it to the trailer's /Size − 1.
 */
export function reserveObjectNumbers(base: Uint8Array, doc: PDFDocument): void {
  const tail = Buffer.from(base.subarray(Math.max(0, base.length - 4096))).toString('latin1');
  const sizes = [...tail.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1]));
  const size = sizes.at(-1);
  if (size !== undefined && size - 1 > doc.context.largestObjectNumber)
    doc.context.largestObjectNumber = size - 1;
}

export interface IncrementalUpdate {
  /** Objects numbered from here on are new. */
  readonly firstNew: number;
  /** Existing objects that were modified. */
  readonly changed: ReadonlySet<PDFRef>;
  /** Objects serialised by the caller (e.g. a signature dictionary with placeholders). */
  readonly extra?: readonly { ref: PDFRef; bytes: Uint8Array }[];
}

/** Returns the whole new file and the byte offset of every object written. */
export function writeIncrementalUpdate(
  base: Uint8Array,
  doc: PDFDocument,
  update: IncrementalUpdate,
): { pdf: Buffer; offsets: Map<number, number> } {
  const objects: { ref: PDFRef; bytes: Uint8Array }[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= update.firstNew || update.changed.has(ref))
      objects.push({ ref, bytes: bytesOf(object) });
  }
  objects.push(...(update.extra ?? []));
  objects.sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);

  const chunks: Buffer[] = [Buffer.from(base)];
  let offset = base.length;
  const push = (data: Uint8Array | string): void => {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    chunks.push(buffer);
    offset += buffer.length;
  };
  if (base[base.length - 1] !== 0x0a) push('\n');
  const offsets = new Map<number, number>();
  const generations = new Map<number, number>();
  for (const { ref, bytes } of objects) {
    offsets.set(ref.objectNumber, offset);
    generations.set(ref.objectNumber, ref.generationNumber);
    push(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    push(bytes);
    push('\nendobj\n');
  }
  const xrefOffset = offset;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const subsections: [number, number][] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    subsections.push([numbers[i] as number, j - i + 1]);
    i = j + 1;
  }
  const trailer = doc.context.trailerInfo;
  const prev = lastStartxref(base);
  const common =
    `/Root ${String(trailer.Root)}` +
    (trailer.Info ? ` /Info ${String(trailer.Info)}` : '') +
    (trailer.ID ? ` /ID ${String(trailer.ID)}` : '') +
    ` /Prev ${prev}`;
  if (previousIsXrefStream(base, prev)) {
    // ISO 32000-1 §7.5.8: after a cross-reference stream, update with a cross-reference stream too
    // (readers such as poppler do not follow a classic section's /Prev into a stream reliably).
    const xrefNumber = Math.max(doc.context.largestObjectNumber, ...numbers) + 1;
    subsections.push([xrefNumber, 1]);
    offsets.set(xrefNumber, xrefOffset);
    generations.set(xrefNumber, 0);
    const rows: Buffer[] = [];
    for (const [first, count] of subsections)
      for (let n = first; n < first + count; n++) {
        const row = Buffer.alloc(7);
        row[0] = 1; // type 1: uncompressed object at a byte offset
        row.writeUInt32BE(offsets.get(n) as number, 1);
        row.writeUInt16BE(generations.get(n) as number, 5);
        rows.push(row);
      }
    const data = Buffer.concat(rows);
    const index = subsections.map(([first, count]) => `${first} ${count}`).join(' ');
    push(
      `${xrefNumber} 0 obj\n<< /Type /XRef /Size ${xrefNumber + 1} /W [1 4 2] /Index [${index}] ${common} /Length ${data.length} >>\nstream\n`,
    );
    push(data);
    push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  } else {
    let xref = 'xref\n';
    for (const [first, count] of subsections) {
      xref += `${first} ${count}\n`;
      for (let n = first; n < first + count; n++)
        // Each entry is exactly 20 bytes (ISO 32000-1 §7.5.4).
        xref += `${String(offsets.get(n)).padStart(10, '0')} ${String(generations.get(n)).padStart(5, '0')} n\r\n`;
    }
    const largest = Math.max(doc.context.largestObjectNumber, ...numbers);
    push(`${xref}trailer\n<< /Size ${largest + 1} ${common} >>\nstartxref\n${xrefOffset}\n%%EOF\n`);
  }
  return { pdf: Buffer.concat(chunks), offsets };
}
