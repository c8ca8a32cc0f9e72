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
  let xref = 'xref\n';
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
    xref += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const n = numbers[k] as number;
      // Each entry is exactly 20 bytes (ISO 32000-1 §7.5.4).
      xref += `${String(offsets.get(n)).padStart(10, '0')} ${String(generations.get(n)).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  const trailer = doc.context.trailerInfo;
  const largest = Math.max(doc.context.largestObjectNumber, ...numbers);
  let trailerDict = `trailer\n<< /Size ${largest + 1} /Root ${String(trailer.Root)}`;
  if (trailer.Info) trailerDict += ` /Info ${String(trailer.Info)}`;
  if (trailer.ID) trailerDict += ` /ID ${String(trailer.ID)}`;
  trailerDict += ` /Prev ${lastStartxref(base)} >>\n`;
  push(xref + trailerDict + `startxref\n${xrefOffset}\n%%EOF\n`);
  return { pdf: Buffer.concat(chunks), offsets };
}
