/**
 * PAdES baseline signatures (B-B, B-T) on PDF, every signature written as an INCREMENTAL UPDATE
 * (ISO 32000-1 §7.5.6): the bytes of earlier revisions are never touched, so the competent person's
 * signature stays valid when the agency signs after (Decree 30/2020 Art. 17.2: the agency signs
 * documents already signed by the competent person).
 *
 * pdf-lib is used to parse the document and to build the new objects (signature field, widget,
 * appearance, images, font subset); we serialise only the new and changed objects after the
 * existing bytes, with a classic cross-reference section whose /Prev points to the previous one.
 * A document that carries no signature yet is first normalised by pdf-lib (classic xref, no object
 * streams), which is allowed because nothing is signed yet.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import type { Signer } from '../pki/index.ts';
import { signatureErrors } from '../xmldsig/errors.ts';
import { createCadesSignature } from './cades-signature.ts';
import {
  buildAppearance,
  pdfDateVietnam,
  sealRectOver,
  type AppearanceRole,
  type Rect,
} from './signature-appearance.ts';
import { findSignatureFields } from './pdf-structure.ts';
import { reserveObjectNumbers, writeIncrementalUpdate } from './incremental-update.ts';

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export interface SignPdfOptions {
  readonly signer: Signer;
  /** Appearance (Decree 30 Appendix I); default 'leader' for the first signature, 'agency' after. */
  readonly role?: AppearanceRole;
  /** 0-based page; default the last page (the first for 'attachment'). */
  readonly page?: number;
  /** Widget rect [x, y, width, height]; defaults per role ('agency' overlaps the previous widget). */
  readonly rect?: Rect;
  readonly signatureImage?: Uint8Array;
  readonly sealImage?: Uint8Array;
  /** Số, ký hiệu văn bản, shown on attachments. */
  readonly documentNumber?: string;
  readonly agencyName?: string;
  readonly reason?: string;
  readonly location?: string;
  /** Claimed signing time (/M); default now. */
  readonly signingTime?: Date;
  /** PAdES-B-T: returns an RFC 3161 token over the given signature value. */
  readonly timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>;
  /** Bytes reserved for the CMS in /Contents; default 24 KiB (chain + time-stamp fit). */
  readonly contentsSize?: number;
  readonly fontPath?: string;
}

export interface SignPdfResult {
  readonly pdf: Uint8Array;
  readonly fieldName: string;
  readonly level: 'B-B' | 'B-T';
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

function pdfText(value: string): string {
  // UTF-16BE with BOM, as a hex string: safe for Vietnamese in any PDF text field.
  return PDFHexString.fromText(value).toString();
}

/** Common name (or organisation) of a certificate subject, for appearances. */
function commonName(subject: string, attribute = 'CN'): string | undefined {
  const match = new RegExp(`(?:^|,\\s*)${attribute}=((?:\\\\.|[^,])*)`).exec(subject);
  return match?.[1]?.replace(/\\(.)/g, '$1');
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (cause) {
    throw signatureErrors.error(
      'trust.pdf_invalid',
      { reason: cause instanceof Error ? cause.message : String(cause) },
      { cause },
    );
  }
}

/** Signs `input` (a PDF) and returns the signed PDF (input + one incremental update). */
export async function signPdf(input: Uint8Array, options: SignPdfOptions): Promise<SignPdfResult> {
  let base = input;
  let doc = await loadPdf(base);
  const existing = findSignatureFields(doc);
  if (existing.length === 0) {
    base = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    doc = await loadPdf(base);
  }
  reserveObjectNumbers(base, doc);
  const firstNew = doc.context.largestObjectNumber + 1;
  const changed = new Set<PDFRef>();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await readFile(options.fontPath ?? DEFAULT_FONT), { subset: true });

  const pages = doc.getPages();
  const role = options.role ?? (existing.length === 0 ? 'leader' : 'agency');
  const pageIndex = options.page ?? (role === 'attachment' ? 0 : pages.length - 1);
  const page = pages[pageIndex];
  if (!page) throw signatureErrors.error('trust.pdf_invalid', { reason: `no page ${pageIndex + 1}` });
  const { width: pageWidth, height: pageHeight } = page.getSize();
  const previousVisible = existing.filter((f) => f.rect && f.rect[2] > 0).at(-1)?.rect;
  const rect: Rect =
    options.rect ??
    (role === 'invisible'
      ? [0, 0, 0, 0]
      : role === 'agency'
        ? previousVisible
          ? sealRectOver(previousVisible)
          : [pageWidth * 0.55, 120, 90, 90]
        : role === 'attachment'
          ? [pageWidth - 190, pageHeight - 50, 180, 40]
          : [pageWidth * 0.6, 150, 130, 55]);

  const signingTime = options.signingTime ?? new Date();
  const subject = options.signer.certificate.subject;
  const signerName = commonName(subject) ?? subject;
  const agencyName = options.agencyName ?? commonName(subject, 'O') ?? signerName;
  const appearance =
    role === 'invisible'
      ? undefined
      : await buildAppearance(doc, font, {
          role,
          rect: [0, 0, rect[2], rect[3]],
          signerName,
          agencyName,
          signingTime,
          ...(options.documentNumber ? { documentNumber: options.documentNumber } : {}),
          ...(options.signatureImage ? { signatureImage: options.signatureImage } : {}),
          ...(options.sealImage ? { sealImage: options.sealImage } : {}),
        });

  const signatureRef = doc.context.nextRef();
  const fieldName = `Signature${existing.length + 1}`;
  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [rect[0], rect[1], rect[0] + rect[2], rect[1] + rect[3]],
    V: signatureRef,
    T: PDFString.of(fieldName),
    F: 4 + (role === 'invisible' ? 128 : 0), // Print; Locked for invisible ones
    P: page.ref,
    ...(appearance ? { AP: { N: appearance } } : {}),
  });
  const widgetRef = doc.context.register(widget);

  // Page /Annots: extend the array where it lives (inline in the page, or its own object).
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    doc.context.lookup(annots, PDFArray).push(widgetRef);
    changed.add(annots);
  } else {
    const array = annots instanceof PDFArray ? annots : doc.context.obj([]);
    array.push(widgetRef);
    page.node.set(PDFName.of('Annots'), array);
    changed.add(page.ref);
  }
  // AcroForm /Fields and /SigFlags 3 (SignaturesExist | AppendOnly).
  const catalogRef = doc.context.trailerInfo.Root as PDFRef;
  const acroFormEntry = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (acroFormEntry instanceof PDFRef) {
    acroForm = doc.context.lookup(acroFormEntry, PDFDict);
    changed.add(acroFormEntry);
  } else if (acroFormEntry instanceof PDFDict) {
    acroForm = acroFormEntry;
    changed.add(catalogRef);
  } else {
    acroForm = doc.context.obj({});
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(acroForm));
    changed.add(catalogRef);
  }
  const fields = acroForm.get(PDFName.of('Fields'));
  if (fields instanceof PDFRef) {
    doc.context.lookup(fields, PDFArray).push(widgetRef);
    changed.add(fields);
  } else {
    const array = fields instanceof PDFArray ? fields : doc.context.obj([]);
    array.push(widgetRef);
    acroForm.set(PDFName.of('Fields'), array);
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  await doc.flush();

  // The signature dictionary is written by hand so the offsets of /ByteRange and /Contents are known.
  const contentsSize = options.contentsSize ?? 24 * 1024;
  const contentsPlaceholder = `<${'0'.repeat(contentsSize * 2)}>`;
  const signatureDict =
    `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n${BYTE_RANGE_PLACEHOLDER}\n` +
    `/Contents ${contentsPlaceholder}\n/M (${pdfDateVietnam(signingTime)})\n` +
    `/Name ${pdfText(signerName)}\n` +
    (options.reason ? `/Reason ${pdfText(options.reason)}\n` : '') +
    (options.location ? `/Location ${pdfText(options.location)}\n` : '') +
    `/Prop_Build << /App << /Name /LienThong >> >>\n>>`;

  const { pdf, offsets } = writeIncrementalUpdate(base, doc, {
    firstNew,
    changed,
    extra: [{ ref: signatureRef, bytes: Buffer.from(signatureDict, 'latin1') }],
  });
  // The dictionary starts after its "N G obj\n" header.
  const signatureOffset =
    (offsets.get(signatureRef.objectNumber) ?? -1) +
    `${signatureRef.objectNumber} ${signatureRef.generationNumber} obj\n`.length;
  // Fill /ByteRange and /Contents: everything except the hex string is signed.
  const dictText = signatureDict;
  const contentsStart = signatureOffset + dictText.indexOf(contentsPlaceholder);
  const contentsEnd = contentsStart + contentsPlaceholder.length;
  const byteRange = [0, contentsStart, contentsEnd, pdf.length - contentsEnd];
  const rangeText = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  if (rangeText.length !== BYTE_RANGE_PLACEHOLDER.length)
    throw signatureErrors.error('trust.pdf_invalid', { reason: 'file too large' });
  pdf.write(rangeText, signatureOffset + dictText.indexOf(BYTE_RANGE_PLACEHOLDER), 'latin1');

  const hash = createHash(options.signer.hash.replace('-', '').toLowerCase());
  hash.update(pdf.subarray(0, contentsStart));
  hash.update(pdf.subarray(contentsEnd));
  const { cms } = await createCadesSignature(options.signer, hash.digest(), options.timestamp);
  if (cms.length > contentsSize)
    throw signatureErrors.error('trust.pdf_signature_too_large', {
      size: cms.length,
      reserved: contentsSize,
    });
  pdf.write(Buffer.from(cms).toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return { pdf, fieldName, level: options.timestamp ? 'B-T' : 'B-B' };
}
