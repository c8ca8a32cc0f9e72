/**
 * Document types of edXML `DocumentType` (QCVN 102:2016/SĐ1:2022 appendix): `Type` 1 = list A
 * (legal normative documents, văn bản quy phạm pháp luật), `Type` 2 = list B (administrative
 * documents, văn bản hành chính); `TypeDetail` = the row number in that list.
 *
 * Evidence (standards-vn.md §1.1): the mapping Type/TypeDetail ↔ list/row is [inferred] from the
 * appendix and the Bkav validator (Type ∈ {1, 2}). List A rows 1–13 and list B rows 1–9 and 18–26
 * were read on the lawnet excerpt of SĐ1 [secondary]. List B rows 10–17 were cut off: they are
 * filled from Decree 30's Art. 7 order, which agrees with the visible rows 1–9 and 18–20 and with
 * the older Decree 09/2010 list at these positions [inferred]. Rows 21 (Bản cam kết) and 23
 * (Giấy chứng nhận) show that list B follows Decree 110/2004 as amended by Decree 09/2010, not
 * Decree 30 (which has neither); rows 27–32 are therefore that older list's tail [inferred, from
 * memory of Decree 09/2010 Art. 1: … giấy nghỉ phép, giấy đi đường, giấy biên nhận hồ sơ, phiếu
 * gửi, phiếu chuyển, thư công]. Replace with the official amendment text when available.
 */
import type { EvidenceSource } from '../evidence-source.ts';

export type DocumentTypeList = 'A' | 'B';

export interface EdxmlDocumentTypeEntry {
  list: DocumentTypeList;
  /** edXML `DocumentType/Type`: 1 for list A, 2 for list B. */
  type: 1 | 2;
  /** edXML `DocumentType/TypeDetail`: row in the list. */
  typeDetail: number;
  nameVi: string;
  nameEn: string;
  source: EvidenceSource;
}

const a = (typeDetail: number, nameVi: string, nameEn: string): EdxmlDocumentTypeEntry =>
  Object.freeze({ list: 'A', type: 1, typeDetail, nameVi, nameEn, source: 'secondary' });
const b = (
  typeDetail: number,
  nameVi: string,
  nameEn: string,
  source: EvidenceSource,
): EdxmlDocumentTypeEntry => Object.freeze({ list: 'B', type: 2, typeDetail, nameVi, nameEn, source });

/** List A: legal normative documents (Type = 1). */
export const LEGAL_NORMATIVE_TYPES: readonly EdxmlDocumentTypeEntry[] = Object.freeze([
  a(1, 'Hiến pháp', 'Constitution'),
  a(2, 'Luật', 'Law'),
  a(3, 'Pháp lệnh', 'Ordinance'),
  a(4, 'Lệnh', 'Order'),
  a(5, 'Nghị quyết', 'Resolution'),
  a(6, 'Nghị quyết liên tịch', 'Joint resolution'),
  a(7, 'Nghị định', 'Decree'),
  a(8, 'Quyết định', 'Decision'),
  a(9, 'Thông tư', 'Circular'),
  a(10, 'Thông tư liên tịch', 'Joint circular'),
  a(11, 'Chỉ thị', 'Directive (of a People’s Committee)'),
  a(12, 'Bộ luật', 'Code'),
  a(
    13,
    'Văn bản quy phạm pháp luật của đơn vị hành chính - kinh tế đặc biệt',
    'Legal document of a special administrative-economic unit',
  ),
]);

/** List B: administrative documents (Type = 2). */
export const ADMINISTRATIVE_TYPES: readonly EdxmlDocumentTypeEntry[] = Object.freeze([
  b(1, 'Nghị quyết (cá biệt)', 'Resolution (individual)', 'secondary'),
  b(2, 'Quyết định (cá biệt)', 'Decision (individual)', 'secondary'),
  b(3, 'Chỉ thị', 'Directive', 'secondary'),
  b(4, 'Quy chế', 'Regulation', 'secondary'),
  b(5, 'Quy định', 'Rules', 'secondary'),
  b(6, 'Thông cáo', 'Communiqué', 'secondary'),
  b(7, 'Thông báo', 'Notice', 'secondary'),
  b(8, 'Hướng dẫn', 'Guidance', 'secondary'),
  b(9, 'Chương trình', 'Programme', 'secondary'),
  b(10, 'Kế hoạch', 'Plan', 'inferred'),
  b(11, 'Phương án', 'Scheme', 'inferred'),
  b(12, 'Đề án', 'Proposal', 'inferred'),
  b(13, 'Dự án', 'Project', 'inferred'),
  b(14, 'Báo cáo', 'Report', 'inferred'),
  b(15, 'Biên bản', 'Minutes', 'inferred'),
  b(16, 'Tờ trình', 'Submission', 'inferred'),
  b(17, 'Hợp đồng', 'Contract', 'inferred'),
  b(18, 'Công văn', 'Official letter', 'secondary'),
  b(19, 'Công điện', 'Official dispatch (telegram)', 'secondary'),
  b(20, 'Bản ghi nhớ', 'Memorandum of understanding', 'secondary'),
  b(21, 'Bản cam kết', 'Commitment', 'secondary'),
  b(22, 'Bản thỏa thuận', 'Agreement', 'secondary'),
  b(23, 'Giấy chứng nhận', 'Certificate', 'secondary'),
  b(24, 'Giấy ủy quyền', 'Power of attorney', 'secondary'),
  b(25, 'Giấy mời', 'Invitation', 'secondary'),
  b(26, 'Giấy giới thiệu', 'Letter of introduction', 'secondary'),
  b(27, 'Giấy nghỉ phép', 'Leave permit', 'inferred'),
  b(28, 'Giấy đi đường', 'Travel permit', 'inferred'),
  b(29, 'Giấy biên nhận hồ sơ', 'Dossier receipt', 'inferred'),
  b(30, 'Phiếu gửi', 'Dispatch slip', 'inferred'),
  b(31, 'Phiếu chuyển', 'Transfer slip', 'inferred'),
  b(32, 'Thư công', 'Official public letter', 'inferred'),
]);

/** The row for an edXML (Type, TypeDetail) pair; accepts numbers or the raw element text. */
export function edxmlDocumentType(
  type: number | string,
  typeDetail: number | string,
): EdxmlDocumentTypeEntry | undefined {
  const list =
    String(type).trim() === '1'
      ? LEGAL_NORMATIVE_TYPES
      : String(type).trim() === '2'
        ? ADMINISTRATIVE_TYPES
        : undefined;
  if (!list) return undefined;
  const detail = String(typeDetail).trim();
  if (!/^\d{1,3}$/.test(detail)) return undefined;
  return list.find((e) => e.typeDetail === Number(detail));
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Rows whose name matches a `TypeName` (case- and diacritic-insensitive; "(cá biệt)" optional), list
 * B first: "Công văn" → B18.
 */
export function edxmlDocumentTypesByName(typeName: string): EdxmlDocumentTypeEntry[] {
  const wanted = fold(typeName);
  if (!wanted) return [];
  return [...(namesIndex().get(wanted) ?? [])];
}

/** Folded name (and name without "(cá biệt)") → rows, list B first; built once (validation asks per package). */
let byFoldedName: Map<string, EdxmlDocumentTypeEntry[]> | undefined;
function namesIndex(): Map<string, EdxmlDocumentTypeEntry[]> {
  if (byFoldedName) return byFoldedName;
  const index = new Map<string, EdxmlDocumentTypeEntry[]>();
  for (const entry of [...ADMINISTRATIVE_TYPES, ...LEGAL_NORMATIVE_TYPES]) {
    const name = fold(entry.nameVi);
    for (const key of new Set([name, name.replace(/ \(ca biet\)$/, '')])) {
      const rows = index.get(key) ?? [];
      rows.push(entry);
      index.set(key, rows);
    }
  }
  return (byFoldedName = index);
}
