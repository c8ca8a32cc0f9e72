/**
 * Decree 30/2020/NĐ-CP on clerical work: the 29 kinds of administrative document (Art. 7, in the
 * decree's order) and their abbreviations (Appendix III), used in the ký hiệu of số/ký hiệu.
 *
 * Names: Art. 7 [verified, standards-vn.md §4.2]. Abbreviations: Appendix III as transcribed in a
 * third-party seed file [secondary]; Công văn has no type abbreviation (its ký hiệu is agency +
 * drafting unit, e.g. 7816/VPCP-TTĐT). Thư công has none in the transcription either [inferred].
 * The "CV"/"TCG" abbreviations seen in some software are not from the decree.
 */
import type { EvidenceSource } from '../evidence-source.ts';

export interface AdministrativeDocumentType {
  /** Position in Decree 30 Art. 7 (1–29). */
  order: number;
  nameVi: string;
  nameEn: string;
  /** Type abbreviation (chữ viết tắt tên loại), or null when the type has none. */
  abbreviation: string | null;
  abbreviationSource: EvidenceSource;
}

const t = (
  order: number,
  nameVi: string,
  nameEn: string,
  abbreviation: string | null,
  abbreviationSource: EvidenceSource = 'secondary',
): AdministrativeDocumentType => Object.freeze({ order, nameVi, nameEn, abbreviation, abbreviationSource });

export const ADMINISTRATIVE_DOCUMENT_TYPES: readonly AdministrativeDocumentType[] = Object.freeze([
  t(1, 'Nghị quyết (cá biệt)', 'Resolution (individual)', 'NQ'),
  t(2, 'Quyết định (cá biệt)', 'Decision (individual)', 'QĐ'),
  t(3, 'Chỉ thị', 'Directive', 'CT'),
  t(4, 'Quy chế', 'Regulation', 'QC'),
  t(5, 'Quy định', 'Rules', 'QyĐ'),
  t(6, 'Thông cáo', 'Communiqué', 'TC'),
  t(7, 'Thông báo', 'Notice', 'TB'),
  t(8, 'Hướng dẫn', 'Guidance', 'HD'),
  t(9, 'Chương trình', 'Programme', 'CTr'),
  t(10, 'Kế hoạch', 'Plan', 'KH'),
  t(11, 'Phương án', 'Scheme', 'PA'),
  t(12, 'Đề án', 'Proposal', 'ĐA'),
  t(13, 'Dự án', 'Project', 'DA'),
  t(14, 'Báo cáo', 'Report', 'BC'),
  t(15, 'Biên bản', 'Minutes', 'BB'),
  t(16, 'Tờ trình', 'Submission', 'TTr'),
  t(17, 'Hợp đồng', 'Contract', 'HĐ'),
  t(18, 'Công văn', 'Official letter', null, 'verified'),
  t(19, 'Công điện', 'Official dispatch (telegram)', 'CĐ'),
  t(20, 'Bản ghi nhớ', 'Memorandum of understanding', 'BGN'),
  t(21, 'Bản thỏa thuận', 'Agreement', 'BTT'),
  t(22, 'Giấy ủy quyền', 'Power of attorney', 'GUQ'),
  t(23, 'Giấy mời', 'Invitation', 'GM'),
  t(24, 'Giấy giới thiệu', 'Letter of introduction', 'GGT'),
  t(25, 'Giấy nghỉ phép', 'Leave permit', 'GNP'),
  t(26, 'Phiếu gửi', 'Dispatch slip', 'PG'),
  t(27, 'Phiếu chuyển', 'Transfer slip', 'PC'),
  t(28, 'Phiếu báo', 'Notification slip', 'PB'),
  t(29, 'Thư công', 'Official public letter', null, 'inferred'),
]);

export interface CopyForm {
  abbreviation: 'SY' | 'SL' | 'TS';
  nameVi: string;
  nameEn: string;
}

/** Forms of copy (Decree 30 Art. 25): their abbreviation replaces the type in a copy's ký hiệu. [inferred] */
export const COPY_FORMS: readonly CopyForm[] = Object.freeze([
  { abbreviation: 'SY', nameVi: 'Sao y', nameEn: 'Certified true copy' },
  { abbreviation: 'SL', nameVi: 'Sao lục', nameEn: 'Transcribed copy' },
  { abbreviation: 'TS', nameVi: 'Trích sao', nameEn: 'Extract copy' },
]);

const byAbbreviation = new Map<string, AdministrativeDocumentType>();
for (const type of ADMINISTRATIVE_DOCUMENT_TYPES)
  if (type.abbreviation) byAbbreviation.set(type.abbreviation, type);

/** The administrative type of an abbreviation (exact, NFC-normalised: "QĐ", "QyĐ", "CTr"). */
export function administrativeTypeByAbbreviation(
  abbreviation: string,
): AdministrativeDocumentType | undefined {
  return byAbbreviation.get(abbreviation.normalize('NFC'));
}

export function copyFormByAbbreviation(abbreviation: string): CopyForm | undefined {
  return COPY_FORMS.find((f) => f.abbreviation === abbreviation);
}
