/**
 * Document identifier (mã định danh văn bản) of edXML `DocumentId`:
 * `<issuer OrganId>,<yyyy/MM/dd>,<số/ký hiệu>`, e.g. `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`
 * [verified: official SDK samples]. Other systems send UUIDs or their own forms [secondary], so
 * parsing is lenient: anything else is an 'unstructured' identifier, not an error. Building always
 * produces the comma form.
 */
import { parseAgencyCode, type AgencyCodeInfo } from './agency-code.ts';
import { parseDocumentNumber, type DocumentNumberParse } from './document-number.ts';
import { formatEdxmlDate, isEdxmlDate } from './edxml-date.ts';
import { codeErrors } from './errors.ts';

export interface StructuredDocumentId {
  kind: 'structured';
  value: string;
  organId: string;
  /** `yyyy/MM/dd` as written. */
  date: string;
  /** Số/ký hiệu as written. */
  documentNumber: string;
  organ: AgencyCodeInfo;
  dateValid: boolean;
  number: DocumentNumberParse;
  /** Issuer code, date and number are all well-formed. */
  valid: boolean;
}

export interface UnstructuredDocumentId {
  kind: 'unstructured';
  value: string;
}

export type DocumentIdInfo = StructuredDocumentId | UnstructuredDocumentId;

const SHAPE = /^([^,\s]+),(\d{4}\/\d{2}\/\d{2}),(.+)$/su;

export function parseDocumentId(input: string): DocumentIdInfo {
  const value = input.normalize('NFC').trim();
  const m = SHAPE.exec(value);
  if (!m) return { kind: 'unstructured', value };
  const organId = m[1] as string;
  const date = m[2] as string;
  const documentNumber = m[3] as string;
  const organ = parseAgencyCode(organId);
  const dateValid = isEdxmlDate(date);
  const number = parseDocumentNumber(documentNumber);
  return {
    kind: 'structured',
    value,
    organId,
    date,
    documentNumber,
    organ,
    dateValid,
    number,
    valid: organ.valid && dateValid && number.ok,
  };
}

export interface DocumentIdParts {
  organId: string;
  /** `yyyy/MM/dd`, or an instant (its date in Vietnam is used). */
  date: string | Date;
  /** Số/ký hiệu, e.g. `7816/VPCP-TTĐT`. */
  documentNumber: string;
}

/** Builds the comma form; throws `codes.invalid_document_id` on an unusable part. */
export function buildDocumentId(parts: DocumentIdParts): string {
  const organId = parts.organId.normalize('NFC').trim();
  const documentNumber = parts.documentNumber.normalize('NFC').trim();
  const date = parts.date instanceof Date ? formatEdxmlDate(parts.date) : parts.date.trim();
  if (!organId || /[,\s]/.test(organId))
    throw codeErrors.error('codes.invalid_document_id', { field: 'organId' });
  if (!isEdxmlDate(date)) throw codeErrors.error('codes.invalid_document_id', { field: 'date' });
  if (!documentNumber || documentNumber.includes(','))
    throw codeErrors.error('codes.invalid_document_id', { field: 'documentNumber' });
  return `${organId},${date},${documentNumber}`;
}
