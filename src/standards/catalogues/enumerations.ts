/**
 * Small enumerations of edXML and of Decree 30 (standards-vn.md §1.4, §4.2). Codes are the exact
 * element texts ("0".."4"), so they compare directly with the parsed package.
 */
import type { EvidenceSource } from '../evidence-source.ts';

export interface EnumerationEntry<Code extends string = string> {
  code: Code;
  nameVi: string;
  nameEn: string;
  source: EvidenceSource;
}

/** `OtherInfo/Priority` (độ khẩn): Bkav's checker accepts exactly 0–4; meanings from RIPT [secondary]. */
export const PRIORITIES = Object.freeze([
  { code: '0', nameVi: 'Thường', nameEn: 'Normal', source: 'secondary' },
  { code: '1', nameVi: 'Khẩn', nameEn: 'Urgent', source: 'secondary' },
  { code: '2', nameVi: 'Thượng khẩn', nameEn: 'Very urgent', source: 'secondary' },
  { code: '3', nameVi: 'Hỏa tốc', nameEn: 'Express', source: 'secondary' },
  { code: '4', nameVi: 'Hỏa tốc hẹn giờ', nameEn: 'Express, timed', source: 'secondary' },
] as const satisfies readonly EnumerationEntry[]);

export interface SteeringTypeEntry {
  code: '0' | '1' | '2' | '3';
  /** Reading 1 (RIPT React form, Viettel voffice DB comment "0/1/2"). */
  zeroBased: { nameVi: string; nameEn: string } | null;
  /** Reading 2 (RIPT edoc.json comment: 1/2/3 for the same meanings). */
  oneBased: { nameVi: string; nameEn: string } | null;
  source: EvidenceSource;
}

const NOT_STEERING = { nameVi: 'Không phải chỉ đạo', nameEn: 'Not a steering document' };
const STEERING = { nameVi: 'Chỉ đạo', nameEn: 'Steering (direction) document' };
const STEERING_REPORT = { nameVi: 'Báo cáo chỉ đạo', nameEn: 'Report on a direction' };

/**
 * `SteeringType`: the sources conflict (standards-vn.md §1.4) and the QCVN table was not available,
 * so both readings are kept and 0–3 are all accepted until the official table settles it. The
 * official samples use 1 and 2 [verified], which both readings allow.
 */
export const STEERING_TYPES: readonly SteeringTypeEntry[] = Object.freeze([
  { code: '0', zeroBased: NOT_STEERING, oneBased: null, source: 'secondary' },
  { code: '1', zeroBased: STEERING, oneBased: NOT_STEERING, source: 'secondary' },
  { code: '2', zeroBased: STEERING_REPORT, oneBased: STEERING, source: 'secondary' },
  { code: '3', zeroBased: null, oneBased: STEERING_REPORT, source: 'secondary' },
]);

/** `Bussiness/BussinessDocType` (sic): samples [verified] + Bkav enum NEW, REVOKE, UPDATE, REPLACE. */
export const BUSSINESS_DOC_TYPES = Object.freeze([
  { code: '0', nameVi: 'Văn bản mới', nameEn: 'New document', source: 'verified' },
  { code: '1', nameVi: 'Thu hồi văn bản', nameEn: 'Revoke', source: 'verified' },
  { code: '2', nameVi: 'Cập nhật văn bản', nameEn: 'Update', source: 'verified' },
  { code: '3', nameVi: 'Thay thế văn bản', nameEn: 'Replace', source: 'verified' },
] as const satisfies readonly EnumerationEntry[]);

/** `Receiver/ReceiverType` in an update package [secondary: RIPT]. */
export const RECEIVER_TYPES = Object.freeze([
  { code: '0', nameVi: 'Bỏ khỏi danh sách nhận', nameEn: 'Removed from the recipients', source: 'secondary' },
  { code: '1', nameVi: 'Thêm vào danh sách nhận', nameEn: 'Added to the recipients', source: 'secondary' },
] as const satisfies readonly EnumerationEntry[]);

/** `Bussiness/Paper`: a paper copy also sent [values verified, meaning inferred]. */
export const PAPER_FLAGS = Object.freeze([
  { code: '0', nameVi: 'Không gửi kèm bản giấy', nameEn: 'No paper copy', source: 'inferred' },
  { code: '1', nameVi: 'Có gửi kèm bản giấy', nameEn: 'Paper copy also sent', source: 'inferred' },
] as const satisfies readonly EnumerationEntry[]);

/** `BussinessDocumentInfo/DocumentInfo` and `DocumentReceiver`: 0 unchanged / 1 changed [verified values]. */
export const CHANGE_FLAGS = Object.freeze([
  { code: '0', nameVi: 'Không thay đổi', nameEn: 'Unchanged', source: 'inferred' },
  { code: '1', nameVi: 'Có thay đổi', nameEn: 'Changed', source: 'verified' },
] as const satisfies readonly EnumerationEntry[]);

/** Urgency levels of Decree 30 Art. 4.2.c ("Hỏa tốc hẹn giờ" exists only as edXML Priority 4). */
export const URGENCY_LEVELS = Object.freeze([
  { code: 'khan', nameVi: 'Khẩn', nameEn: 'Urgent', priority: '1', source: 'verified' },
  { code: 'thuong-khan', nameVi: 'Thượng khẩn', nameEn: 'Very urgent', priority: '2', source: 'verified' },
  { code: 'hoa-toc', nameVi: 'Hỏa tốc', nameEn: 'Express', priority: '3', source: 'verified' },
] as const);

/**
 * Secrecy levels (độ mật) of the Law on Protection of State Secrets 2018 [secondary]. Secret
 * documents are out of scope of electronic exchange (QCVN 102 scope).
 */
export const SECRECY_LEVELS = Object.freeze([
  { code: 'mat', nameVi: 'Mật', nameEn: 'Confidential', source: 'secondary' },
  { code: 'toi-mat', nameVi: 'Tối mật', nameEn: 'Secret', source: 'secondary' },
  { code: 'tuyet-mat', nameVi: 'Tuyệt mật', nameEn: 'Top secret', source: 'secondary' },
] as const);

export type PriorityCode = (typeof PRIORITIES)[number]['code'];
export type BussinessDocTypeCode = (typeof BUSSINESS_DOC_TYPES)[number]['code'];
export type ReceiverTypeCode = (typeof RECEIVER_TYPES)[number]['code'];
export type SteeringTypeCode = SteeringTypeEntry['code'];

export function isCodeOf(list: readonly { code: string }[], value: string | undefined): boolean {
  return value !== undefined && list.some((e) => e.code === value);
}
