/**
 * Số, ký hiệu văn bản (document number and notation), Decree 30/2020 Appendix I:
 * - a typed document: `<số>/<type abbreviation>-<agency abbreviation>`, e.g. `123/QĐ-UBND`;
 * - a công văn has no type abbreviation: `<số>/<agency>-<drafting unit or field>`, e.g. `7816/VPCP-TTĐT`;
 * - legal normative documents add the year: `20/2020/QĐ-TTg`, `30/2020/NĐ-CP`;
 * - copies carry the copy form: `05/SY-VPCP` (sao y), SL (sao lục), TS (trích sao).
 * Numbers are Arabic numerals starting at 01 each year (Art. 15). Text is NFC-normalised.
 */
import {
  administrativeTypeByAbbreviation,
  copyFormByAbbreviation,
} from '../catalogues/administrative-document-types.ts';
import { codeErrors } from './errors.ts';

/**
 * Type abbreviations of legal normative documents seen in their numbers (NĐ-CP, TT-BTTTT,
 * TTLT-…, NQLT-…, L-CTN for a Lệnh) [inferred from published documents; not in Decree 30].
 */
export const LEGAL_NORMATIVE_ABBREVIATIONS: Readonly<Record<string, { nameVi: string; nameEn: string }>> =
  Object.freeze({
    NĐ: { nameVi: 'Nghị định', nameEn: 'Decree' },
    TT: { nameVi: 'Thông tư', nameEn: 'Circular' },
    TTLT: { nameVi: 'Thông tư liên tịch', nameEn: 'Joint circular' },
    NQLT: { nameVi: 'Nghị quyết liên tịch', nameEn: 'Joint resolution' },
    NQ: { nameVi: 'Nghị quyết', nameEn: 'Resolution' },
    QĐ: { nameVi: 'Quyết định', nameEn: 'Decision' },
    CT: { nameVi: 'Chỉ thị', nameEn: 'Directive' },
    L: { nameVi: 'Lệnh', nameEn: 'Order' },
  });

/**
 * Name of the type abbreviation of a parsed number: a legal normative type when the number carries
 * a year (`20/2020/QĐ-TTg`), else the Decree 30 administrative type or copy form.
 */
export function documentNumberTypeName(n: DocumentNumber): { nameVi: string; nameEn: string } | undefined {
  if (!n.typeAbbreviation) return undefined;
  if (n.year) {
    const legal = LEGAL_NORMATIVE_ABBREVIATIONS[n.typeAbbreviation];
    if (legal) return legal;
  }
  return administrativeTypeByAbbreviation(n.typeAbbreviation) ?? copyFormByAbbreviation(n.typeAbbreviation);
}

export interface DocumentNumber {
  /** Số, digits as written ("01", "7816"). */
  number: string;
  /** Year part of legal normative numbers (`20/2020/QĐ-TTg`). */
  year?: string;
  /** Type abbreviation (QĐ, TB, …) or copy form (SY, SL, TS); absent for a công văn. */
  typeAbbreviation?: string;
  /** Set when `typeAbbreviation` is a copy form. */
  copyForm?: 'SY' | 'SL' | 'TS';
  agencyAbbreviation: string;
  /** Công văn: drafting unit or field; typed documents: any further segment (e.g. UBND-VP). */
  unitAbbreviation?: string;
}

export type DocumentNumberParse =
  | ({ ok: true; text: string } & DocumentNumber)
  | {
      ok: false;
      text: string;
      reason: 'empty' | 'no_slash' | 'bad_number' | 'bad_notation';
      vi: string;
      en: string;
    };

const NUMBER = /^\d{1,11}$/;
const YEAR = /^\d{4}$/;
const SEGMENT = /^[\p{L}\p{N}.&]+$/u;

function isTypeAbbreviation(s: string): boolean {
  return (
    administrativeTypeByAbbreviation(s) !== undefined ||
    copyFormByAbbreviation(s) !== undefined ||
    Object.hasOwn(LEGAL_NORMATIVE_ABBREVIATIONS, s)
  );
}

/** Parses "số/ký hiệu" (also the `Code` of ResponseFor); never throws. */
export function parseDocumentNumber(input: string): DocumentNumberParse {
  const text = input.normalize('NFC').trim();
  const fail = (
    reason: 'empty' | 'no_slash' | 'bad_number' | 'bad_notation',
    vi: string,
    en: string,
  ): DocumentNumberParse => ({
    ok: false,
    text,
    reason,
    vi,
    en,
  });
  if (text === '') return fail('empty', 'Số, ký hiệu rỗng', 'Empty document number');
  const pieces = text.split('/');
  if (pieces.length < 2 || pieces.length > 3) {
    return fail(
      'no_slash',
      'Số, ký hiệu phải có dạng số/ký hiệu',
      'Document number must look like number/notation',
    );
  }
  const number = pieces[0] as string;
  if (!NUMBER.test(number))
    return fail('bad_number', 'Số văn bản phải là chữ số Ả Rập', 'The number must be Arabic digits');
  let year: string | undefined;
  if (pieces.length === 3) {
    year = pieces[1] ?? '';
    if (!YEAR.test(year))
      return fail('bad_number', 'Năm trong số, ký hiệu phải gồm 4 chữ số', 'The year must have 4 digits');
  }
  const notation = pieces[pieces.length - 1] as string;
  const segments = notation.split('-');
  if (segments.some((s) => !SEGMENT.test(s))) {
    return fail('bad_notation', 'Ký hiệu văn bản không hợp lệ', 'Invalid notation (ký hiệu)');
  }
  const [first, ...rest] = segments as [string, ...string[]];
  if (isTypeAbbreviation(first) && rest.length > 0) {
    const copy = copyFormByAbbreviation(first);
    return {
      ok: true,
      text,
      number,
      ...(year ? { year } : {}),
      typeAbbreviation: first,
      ...(copy ? { copyForm: copy.abbreviation } : {}),
      agencyAbbreviation: rest[0] as string,
      ...(rest.length > 1 ? { unitAbbreviation: rest.slice(1).join('-') } : {}),
    };
  }
  return {
    ok: true,
    text,
    number,
    ...(year ? { year } : {}),
    agencyAbbreviation: first,
    ...(rest.length > 0 ? { unitAbbreviation: rest.join('-') } : {}),
  };
}

/** The ký hiệu part (`QĐ-UBND`, `VPCP-TTĐT`) of a document number. */
export function buildNotation(parts: Omit<DocumentNumber, 'number' | 'year' | 'copyForm'>): string {
  const segments = [parts.typeAbbreviation, parts.agencyAbbreviation, parts.unitAbbreviation]
    .filter((s): s is string => s !== undefined && s !== '')
    .map((s) => s.normalize('NFC'));
  for (const s of segments) {
    if (!SEGMENT.test(s.replace(/-/g, '')))
      throw codeErrors.error('codes.invalid_document_number', { segment: s });
  }
  if (!parts.agencyAbbreviation)
    throw codeErrors.error('codes.invalid_document_number', { missing: 'agencyAbbreviation' });
  return segments.join('-');
}

/** Builds "số/ký hiệu"; throws `codes.invalid_document_number` on a bad part. */
export function buildDocumentNumber(parts: DocumentNumber): string {
  if (!NUMBER.test(parts.number))
    throw codeErrors.error('codes.invalid_document_number', { number: parts.number });
  if (parts.year !== undefined && !YEAR.test(parts.year))
    throw codeErrors.error('codes.invalid_document_number', { year: parts.year });
  const notation = buildNotation(parts);
  return parts.year ? `${parts.number}/${parts.year}/${notation}` : `${parts.number}/${notation}`;
}
