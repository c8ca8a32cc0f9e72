/**
 * Reading the signature structures of a PDF: signature fields (widgets with /FT /Sig) and their
 * signature dictionaries (/ByteRange, /Contents, /M, /SubFilter).
 */
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  PDFHexString,
  type PDFDocument,
} from 'pdf-lib';
import type { Rect } from './signature-appearance.ts';

export interface SignatureField {
  readonly fieldRef: PDFRef;
  readonly name: string | undefined;
  readonly rect: Rect | undefined;
  readonly signatureRef: PDFRef | undefined;
  readonly signature: PDFDict | undefined;
}

function numbers(array: PDFArray | undefined): number[] | undefined {
  if (!array) return undefined;
  const out: number[] = [];
  for (let i = 0; i < array.size(); i++) {
    const item = array.get(i);
    if (!(item instanceof PDFNumber)) return undefined;
    out.push(item.asNumber());
  }
  return out;
}

export function textOf(value: unknown): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

export function byteRangeOf(signature: PDFDict): number[] | undefined {
  return numbers(signature.lookupMaybe(PDFName.of('ByteRange'), PDFArray));
}

/** Every signature field of the document (latest revision), in object order. */
export function findSignatureFields(doc: PDFDocument): SignatureField[] {
  const out: SignatureField[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
    const v = object.get(PDFName.of('V'));
    const signature =
      v instanceof PDFRef ? doc.context.lookupMaybe(v, PDFDict) : v instanceof PDFDict ? v : undefined;
    const r = numbers(object.lookupMaybe(PDFName.of('Rect'), PDFArray));
    const rect: Rect | undefined =
      r && r.length === 4
        ? [Math.min(r[0]!, r[2]!), Math.min(r[1]!, r[3]!), Math.abs(r[2]! - r[0]!), Math.abs(r[3]! - r[1]!)]
        : undefined;
    out.push({
      fieldRef: ref,
      name: textOf(object.get(PDFName.of('T'))),
      rect,
      signatureRef: v instanceof PDFRef ? v : undefined,
      signature,
    });
  }
  return out;
}
