/**
 * validatePackage: "parse leniently, validate strictly" (issue 2 §2). The parser keeps whatever real
 * systems send; this reports EVERY deviation from QCVN 102:2016/SĐ1:2022 (and the Decree 30 rules
 * the package carries) as findings with a stable code, the element path, a severity and messages
 * (catalogue: validation-findings.ts). `valid` = no error-level finding.
 *
 * Cheap by design (the benchmark parses + validates a 367 KB package in < 5 ms): it reads only the
 * model; attachments are never re-decoded (base64 is checked by the parser while decoding).
 *
 * Length limits (standards-vn.md §1.3) come from Bkav's validator, probably copied from the QCVN
 * data-format table, with a buggy checker; the official table was not available. They are reported
 * as WARNINGS: rejecting on an unverified limit would refuse documents a conforming sender may
 * legitimately produce, while a warning still tells a receiver with narrower columns.
 */
import { parseAgencyCode } from '../codes/agency-code.ts';
import { parseDocumentId } from '../codes/document-id.ts';
import { parseDocumentNumber } from '../codes/document-number.ts';
import { isEdxmlDate, isEdxmlTimestamp } from '../codes/edxml-date.ts';
import { edxmlDocumentType, edxmlDocumentTypesByName } from '../catalogues/edxml-document-types.ts';
import {
  BUSSINESS_DOC_TYPES,
  CHANGE_FLAGS,
  PAPER_FLAGS,
  PRIORITIES,
  RECEIVER_TYPES,
  STEERING_TYPES,
  isCodeOf,
} from '../catalogues/enumerations.ts';
import { statusCodeEntry, type StatusCodeEntry } from '../catalogues/status-codes.ts';
import type { EdxmlPackage, MessageHeader, Organization, ResponseFor, StaffInfo } from './model.ts';
import { FINDINGS, type Finding, type FindingCode, type ValidationReport } from './validation-findings.ts';

export type { Finding, FindingCode, FindingSeverity, ValidationReport } from './validation-findings.ts';
export { FINDINGS } from './validation-findings.ts';

/** Advisory maximum lengths in characters [secondary: Bkav Checker, standards-vn.md §1.3]. */
export const ADVISORY_LENGTHS = Object.freeze({
  organName: 200,
  organizationInCharge: 200,
  organAdd: 250,
  email: 100,
  telephone: 20,
  fax: 20,
  codeNumber: 11,
  codeNotation: 30,
  place: 50,
  typeName: 100,
  subject: 500,
  content: 500,
  competence: 100,
  position: 100,
  fullName: 50,
  sphereOfPromulgation: 100,
  typerNotation: 10,
  toPlace: 150,
  appendix: 250,
  attachmentName: 200,
});

const NON_NEGATIVE_INTEGER = /^\d{1,9}$/;
const MIME_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(?:\s*;.*)?$/;

class Findings {
  readonly list: Finding[] = [];

  add(code: FindingCode, path: string, value?: string, detail?: { vi: string; en: string }): void {
    const spec = FINDINGS[code];
    const finding: Finding = {
      code,
      path,
      severity: spec.severity,
      vi: detail ? `${spec.vi}: ${detail.vi}` : spec.vi,
      en: detail ? `${spec.en}: ${detail.en}` : spec.en,
    };
    if (value !== undefined) finding.value = value.length > 200 ? value.slice(0, 200) + '…' : value;
    this.list.push(finding);
  }
}

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function charLength(value: string): number {
  // Code points, not UTF-16 units (only differs for characters outside the BMP).
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** Validates a parsed package. Never throws on any model the parser produces. */
export function validatePackage(pkg: EdxmlPackage): ValidationReport {
  const f = new Findings();
  const header = pkg.header;
  const h = 'MessageHeader';

  const required = (value: string | undefined, path: string): boolean => {
    if (blank(value)) {
      f.add('edxml.required_missing', path);
      return false;
    }
    return true;
  };
  const length = (value: string | undefined, limit: number, path: string) => {
    if (value !== undefined && value.length > limit && charLength(value) > limit) {
      f.add('edxml.too_long', path, value, {
        vi: `tối đa ${limit} ký tự`,
        en: `at most ${limit} characters`,
      });
    }
  };
  const date = (value: string | undefined, path: string) => {
    if (!blank(value) && !isEdxmlDate((value as string).trim())) f.add('edxml.bad_date', path, value);
  };
  const timestamp = (value: string | undefined, path: string) => {
    if (!blank(value) && !isEdxmlTimestamp((value as string).trim()))
      f.add('edxml.bad_timestamp', path, value);
  };
  const agencyCode = (value: string | undefined, path: string) => {
    if (blank(value)) return;
    const info = parseAgencyCode(value as string);
    if (!info.valid) f.add('edxml.bad_agency_code', path, value, { vi: info.vi, en: info.en });
  };
  const enumeration = (list: readonly { code: string }[], value: string | undefined, path: string) => {
    if (!blank(value) && !isCodeOf(list, (value as string).trim())) {
      f.add('edxml.bad_enum', path, value, {
        vi: `cho phép ${list.map((e) => e.code).join(', ')}`,
        en: `allowed ${list.map((e) => e.code).join(', ')}`,
      });
    }
  };
  const documentId = (value: string | undefined, path: string) => {
    if (blank(value)) return;
    const id = parseDocumentId(value as string);
    if (id.kind === 'unstructured') {
      f.add('edxml.document_id_unstructured', path, value);
      return;
    }
    if (!id.dateValid)
      f.add('edxml.bad_document_id', path, value, { vi: `ngày ${id.date}`, en: `date ${id.date}` });
    if (!id.organ.valid) f.add('edxml.bad_agency_code', path, value, { vi: id.organ.vi, en: id.organ.en });
    if (!id.number.ok) f.add('edxml.bad_code_notation', path, value, { vi: id.number.vi, en: id.number.en });
  };
  const organization = (org: Organization, path: string, requireName: boolean) => {
    if (required(org.organId, `${path}/OrganId`)) agencyCode(org.organId, `${path}/OrganId`);
    if (requireName) required(org.organName, `${path}/OrganName`);
    length(org.organName, ADVISORY_LENGTHS.organName, `${path}/OrganName`);
    length(org.organizationInCharge, ADVISORY_LENGTHS.organizationInCharge, `${path}/OrganizationInCharge`);
    length(org.organAdd, ADVISORY_LENGTHS.organAdd, `${path}/OrganAdd`);
    length(org.email, ADVISORY_LENGTHS.email, `${path}/Email`);
    length(org.telephone, ADVISORY_LENGTHS.telephone, `${path}/Telephone`);
    length(org.fax, ADVISORY_LENGTHS.fax, `${path}/Fax`);
  };
  const responseFor = (r: ResponseFor, path: string, status: boolean) => {
    if (required(r.organId, `${path}/OrganId`)) agencyCode(r.organId, `${path}/OrganId`);
    if (status) required(r.documentId, `${path}/DocumentId`);
    documentId(r.documentId, `${path}/DocumentId`);
    if (!blank(r.code)) {
      const n = parseDocumentNumber(r.code as string);
      if (!n.ok) f.add('edxml.bad_code_notation', `${path}/Code`, r.code, { vi: n.vi, en: n.en });
    }
    date(r.promulgationDate, `${path}/PromulgationDate`);
    // The DocumentId names the answered document's date and number: they should agree.
    const id = blank(r.documentId) ? undefined : parseDocumentId(r.documentId as string);
    if (id?.kind === 'structured') {
      const differences: string[] = [];
      const promulgated = r.promulgationDate?.trim();
      if (promulgated && promulgated !== id.date) differences.push(`PromulgationDate ${promulgated}`);
      const code = r.code?.normalize('NFC').trim();
      if (code && code !== id.documentNumber) differences.push(`Code ${code}`);
      if (differences.length > 0) {
        const list = differences.join('; ');
        f.add('edxml.document_id_mismatch', `${path}/DocumentId`, r.documentId, { vi: list, en: list });
      }
    }
  };
  const staffInfo = (s: StaffInfo | undefined, path: string) => {
    if (!s) {
      f.add('edxml.recommended_missing', path);
      return;
    }
    if (blank(s.staff)) f.add('edxml.recommended_missing', `${path}/Staff`);
  };

  // --- From (both kinds)
  if (header.from) organization(header.from, `${h}/From`, true);
  else f.add('edxml.required_missing', `${h}/From`);

  if (pkg.kind === 'status') {
    validateStatus(pkg.status, header, f, { required, timestamp, responseFor, staffInfo });
  } else {
    validateDocumentHeader(header, f, {
      required,
      length,
      date,
      timestamp,
      enumeration,
      documentId,
      organization,
      responseFor,
      agencyCode,
    });
  }

  // --- TraceHeaderList (both kinds; the axis appends entries)
  header.traceHeaders.forEach((t, i) => {
    const path = `TraceHeaderList/TraceHeader[${i + 1}]`;
    if (required(t.organId, `${path}/OrganId`)) agencyCode(t.organId, `${path}/OrganId`);
    if (required(t.timestamp, `${path}/Timestamp`)) timestamp(t.timestamp, `${path}/Timestamp`);
  });

  validateManifest(pkg, f, length);

  if (pkg.kind === 'edoc' && !pkg.signature) f.add('edxml.signature_missing', 'edXMLHeader/Signature');
  for (const path of pkg.unknownElements ?? []) f.add('edxml.unknown_element', path);

  return { valid: !f.list.some((x) => x.severity === 'error'), findings: f.list };
}

interface DocumentChecks {
  required: (value: string | undefined, path: string) => boolean;
  length: (value: string | undefined, limit: number, path: string) => void;
  date: (value: string | undefined, path: string) => void;
  timestamp: (value: string | undefined, path: string) => void;
  enumeration: (list: readonly { code: string }[], value: string | undefined, path: string) => void;
  documentId: (value: string | undefined, path: string) => void;
  organization: (org: Organization, path: string, requireName: boolean) => void;
  responseFor: (r: ResponseFor, path: string, status: boolean) => void;
  agencyCode: (value: string | undefined, path: string) => void;
}

/** Document package header: Decree 30 Art. 8.2 components as QCVN 102 carries them. */
function validateDocumentHeader(header: MessageHeader, f: Findings, c: DocumentChecks): void {
  const h = 'MessageHeader';

  // To: at least one, no repeated OrganId (standards-vn.md §1.3).
  if (header.to.length === 0) f.add('edxml.to_empty', `${h}/To`);
  const seen = new Map<string, number>();
  header.to.forEach((to, i) => {
    const path = `${h}/To[${i + 1}]`;
    c.organization(to, path, false);
    const id = to.organId?.trim();
    if (id) {
      const first = seen.get(id);
      if (first !== undefined) {
        f.add('edxml.to_duplicate', `${path}/OrganId`, id, {
          vi: `trùng To[${first}]`,
          en: `same as To[${first}]`,
        });
      } else {
        seen.set(id, i + 1);
      }
    }
  });

  // DocumentId, Code (số, ký hiệu), PromulgationInfo (place, date).
  if (c.required(header.documentId, `${h}/DocumentId`)) c.documentId(header.documentId, `${h}/DocumentId`);
  const code = header.code;
  if (!code) f.add('edxml.required_missing', `${h}/Code`);
  else {
    if (
      c.required(code.codeNumber, `${h}/Code/CodeNumber`) &&
      !NON_NEGATIVE_INTEGER.test((code.codeNumber as string).trim())
    ) {
      f.add('edxml.bad_number', `${h}/Code/CodeNumber`, code.codeNumber, {
        vi: 'số văn bản là chữ số Ả Rập (Nghị định 30/2020 Điều 15)',
        en: 'the document number is Arabic digits (Decree 30/2020 Art. 15)',
      });
    }
    c.length(code.codeNumber, ADVISORY_LENGTHS.codeNumber, `${h}/Code/CodeNumber`);
    if (c.required(code.codeNotation, `${h}/Code/CodeNotation`)) {
      const n = parseDocumentNumber(`1/${(code.codeNotation as string).trim()}`);
      if (!n.ok)
        f.add('edxml.bad_code_notation', `${h}/Code/CodeNotation`, code.codeNotation, { vi: n.vi, en: n.en });
    }
    c.length(code.codeNotation, ADVISORY_LENGTHS.codeNotation, `${h}/Code/CodeNotation`);
  }
  const info = header.promulgationInfo;
  if (!info) f.add('edxml.required_missing', `${h}/PromulgationInfo`);
  else {
    c.required(info.place, `${h}/PromulgationInfo/Place`);
    c.length(info.place, ADVISORY_LENGTHS.place, `${h}/PromulgationInfo/Place`);
    if (c.required(info.promulgationDate, `${h}/PromulgationInfo/PromulgationDate`)) {
      c.date(info.promulgationDate, `${h}/PromulgationInfo/PromulgationDate`);
    }
  }
  checkDocumentIdConsistency(header, f);

  // DocumentType: Type ∈ {1, 2}, TypeDetail a row of list A/B, TypeName the row's name.
  const type = header.documentType;
  if (!type) f.add('edxml.required_missing', `${h}/DocumentType`);
  else {
    const typeOk = c.required(type.type, `${h}/DocumentType/Type`);
    if (typeOk && !['1', '2'].includes((type.type as string).trim())) {
      f.add('edxml.bad_enum', `${h}/DocumentType/Type`, type.type, {
        vi: 'cho phép 1, 2',
        en: 'allowed 1, 2',
      });
    }
    const detailOk = c.required(type.typeDetail, `${h}/DocumentType/TypeDetail`);
    c.required(type.typeName, `${h}/DocumentType/TypeName`);
    c.length(type.typeName, ADVISORY_LENGTHS.typeName, `${h}/DocumentType/TypeName`);
    if (typeOk && detailOk && ['1', '2'].includes((type.type as string).trim())) {
      const row = edxmlDocumentType(type.type as string, type.typeDetail as string);
      if (!row) {
        const byName = type.typeName ? edxmlDocumentTypesByName(type.typeName) : [];
        const hint = byName[0];
        f.add(
          'edxml.bad_document_type',
          `${h}/DocumentType/TypeDetail`,
          `${type.type}/${type.typeDetail}`,
          hint
            ? {
                vi: `"${type.typeName}" là Type ${hint.type}, TypeDetail ${hint.typeDetail}`,
                en: `"${type.typeName}" is Type ${hint.type}, TypeDetail ${hint.typeDetail}`,
              }
            : undefined,
        );
      } else if (!blank(type.typeName) && !edxmlDocumentTypesByName(type.typeName as string).includes(row)) {
        f.add('edxml.type_name_mismatch', `${h}/DocumentType/TypeName`, type.typeName, {
          vi: `dòng ${row.list}${row.typeDetail} là "${row.nameVi}"`,
          en: `row ${row.list}${row.typeDetail} is "${row.nameVi}"`,
        });
      }
    }
  }

  // Subject (trích yếu) required; Content, SignerInfo.
  c.required(header.subject, `${h}/Subject`);
  c.length(header.subject, ADVISORY_LENGTHS.subject, `${h}/Subject`);
  c.length(header.content, ADVISORY_LENGTHS.content, `${h}/Content`);
  const signer = header.signerInfo;
  if (!signer) f.add('edxml.required_missing', `${h}/SignerInfo`);
  else {
    c.required(signer.position, `${h}/SignerInfo/Position`);
    c.required(signer.fullName, `${h}/SignerInfo/FullName`);
    c.length(signer.competence, ADVISORY_LENGTHS.competence, `${h}/SignerInfo/Competence`);
    c.length(signer.position, ADVISORY_LENGTHS.position, `${h}/SignerInfo/Position`);
    c.length(signer.fullName, ADVISORY_LENGTHS.fullName, `${h}/SignerInfo/FullName`);
  }
  c.date(header.dueDate, `${h}/DueDate`);
  const promulgated = header.promulgationInfo?.promulgationDate?.trim();
  const due = header.dueDate?.trim();
  if (due && promulgated && isEdxmlDate(due) && isEdxmlDate(promulgated) && due < promulgated) {
    f.add('edxml.due_before_promulgation', `${h}/DueDate`, due, {
      vi: `ban hành ${promulgated}`,
      en: `promulgated ${promulgated}`,
    });
  }

  // OtherInfo
  const other = header.otherInfo;
  if (other) {
    const p = `${h}/OtherInfo`;
    c.enumeration(PRIORITIES, other.priority, `${p}/Priority`);
    c.length(other.sphereOfPromulgation, ADVISORY_LENGTHS.sphereOfPromulgation, `${p}/SphereOfPromulgation`);
    c.length(other.typerNotation, ADVISORY_LENGTHS.typerNotation, `${p}/TyperNotation`);
    for (const [value, name] of [
      [other.promulgationAmount, 'PromulgationAmount'],
      [other.pageAmount, 'PageAmount'],
    ] as const) {
      if (!blank(value) && !NON_NEGATIVE_INTEGER.test((value as string).trim()))
        f.add('edxml.bad_number', `${p}/${name}`, value);
    }
    if (!blank(other.direction) && !['true', 'false'].includes((other.direction as string).trim())) {
      f.add('edxml.bad_boolean', `${p}/Direction`, other.direction);
    }
    other.appendixes?.forEach((a, i) =>
      c.length(a, ADVISORY_LENGTHS.appendix, `${p}/Appendixes/Appendix[${i + 1}]`),
    );
  }

  header.responseFor.forEach((r, i) => c.responseFor(r, `${h}/ResponseFor[${i + 1}]`, false));
  c.enumeration(STEERING_TYPES, header.steeringType, `${h}/SteeringType`);
  header.toPlaces?.forEach((place, i) =>
    c.length(place, ADVISORY_LENGTHS.toPlace, `${h}/ToPlaces/Place[${i + 1}]`),
  );

  validateBussiness(header, f, c);
}

/** TraceHeaderList/Bussiness: new, revoke, update, replace (standards-vn.md §1.3). */
function validateBussiness(header: MessageHeader, f: Findings, c: DocumentChecks): void {
  const b = header.bussiness;
  const p = 'TraceHeaderList/Bussiness';
  if (!b) return;
  c.documentId(b.documentId, `${p}/DocumentId`);
  const docType = b.bussinessDocType?.trim();
  if (c.required(b.bussinessDocType, `${p}/BussinessDocType`))
    c.enumeration(BUSSINESS_DOC_TYPES, docType, `${p}/BussinessDocType`);
  c.enumeration(PAPER_FLAGS, b.paper, `${p}/Paper`);
  const info = b.bussinessDocumentInfo;
  if (info) {
    const ip = `${p}/BussinessDocumentInfo`;
    c.enumeration(CHANGE_FLAGS, info.documentInfo, `${ip}/DocumentInfo`);
    c.enumeration(CHANGE_FLAGS, info.documentReceiver, `${ip}/DocumentReceiver`);
    info.receiverList?.forEach((r, i) => {
      const rp = `${ip}/ReceiverList/Receiver[${i + 1}]`;
      if (c.required(r.organId, `${rp}/OrganId`)) c.agencyCode(r.organId, `${rp}/OrganId`);
      if (c.required(r.receiverType, `${rp}/ReceiverType`))
        c.enumeration(RECEIVER_TYPES, r.receiverType, `${rp}/ReceiverType`);
    });
    if (info.documentReceiver?.trim() === '1' && (info.receiverList ?? []).length === 0) {
      f.add('edxml.required_missing', `${ip}/ReceiverList`, undefined, {
        vi: 'DocumentReceiver = 1 (đổi nơi nhận) cần danh sách Receiver',
        en: 'DocumentReceiver = 1 (recipients changed) needs the Receiver list',
      });
    }
  }
  const replaced = new Map<string, number>();
  b.replacementInfoList?.forEach((r, i) => {
    const rp = `${p}/ReplacementInfoList/ReplacementInfo[${i + 1}]`;
    const key = `${r.documentId ?? ''}|${r.organIdList.join(',')}`;
    const first = replaced.get(key);
    if (first !== undefined) {
      f.add('edxml.replacement_duplicate', rp, r.documentId, {
        vi: `trùng ReplacementInfo[${first}]`,
        en: `same as ReplacementInfo[${first}]`,
      });
    } else {
      replaced.set(key, i + 1);
    }
    if (c.required(r.documentId, `${rp}/DocumentId`)) c.documentId(r.documentId, `${rp}/DocumentId`);
    if (r.organIdList.length === 0) f.add('edxml.required_missing', `${rp}/OrganIdList`);
    r.organIdList.forEach((id, j) => c.agencyCode(id, `${rp}/OrganIdList/OrganId[${j + 1}]`));
  });

  if (docType === '3' && (b.replacementInfoList ?? []).length === 0) {
    f.add('edxml.required_missing', `${p}/ReplacementInfoList`, undefined, {
      vi: 'văn bản thay thế (BussinessDocType 3) cần ReplacementInfoList',
      en: 'a replacement (BussinessDocType 3) needs ReplacementInfoList',
    });
  }
  if (docType === '2' && !info) {
    f.add('edxml.bussiness_inconsistent', `${p}/BussinessDocumentInfo`, undefined, {
      vi: 'văn bản cập nhật (2) nên nói rõ thông tin nào thay đổi',
      en: 'an update (2) should say what changed',
    });
  }
  if ((docType === '1' || docType === '2') && blank(b.documentId) && header.responseFor.length === 0) {
    f.add('edxml.bussiness_inconsistent', `${p}/DocumentId`, undefined, {
      vi: 'thu hồi/cập nhật cần chỉ ra văn bản gốc (Bussiness/DocumentId hoặc ResponseFor)',
      en: 'a revoke/update must identify the original document (Bussiness/DocumentId or ResponseFor)',
    });
  }
  if (docType === '0' && (b.replacementInfoList !== undefined || info !== undefined)) {
    f.add('edxml.bussiness_inconsistent', p, undefined, {
      vi: 'văn bản mới (0) không mang thông tin cập nhật/thay thế',
      en: 'a new document (0) carries no update/replacement data',
    });
  }
  c.length(b.bussinessDocReason, 1000, `${p}/BussinessDocReason`);
}

/** DocumentId = <From OrganId>,<PromulgationDate>,<CodeNumber>/<CodeNotation> in official samples. */
function checkDocumentIdConsistency(header: MessageHeader, f: Findings): void {
  if (blank(header.documentId)) return;
  const id = parseDocumentId(header.documentId as string);
  if (id.kind !== 'structured') return;
  const differences: string[] = [];
  const from = header.from?.organId?.trim();
  if (from && id.organId !== from) differences.push(`OrganId ${from}`);
  const date = header.promulgationInfo?.promulgationDate?.trim();
  if (date && id.date !== date) differences.push(`PromulgationDate ${date}`);
  const number = header.code?.codeNumber?.trim();
  const notation = header.code?.codeNotation?.trim();
  if (number && notation && id.documentNumber !== `${number}/${notation}`.normalize('NFC')) {
    differences.push(`Code ${number}/${notation}`);
  }
  if (differences.length > 0) {
    const list = differences.join('; ');
    f.add('edxml.document_id_mismatch', 'MessageHeader/DocumentId', header.documentId, {
      vi: list,
      en: list,
    });
  }
}

interface StatusChecks {
  required: (value: string | undefined, path: string) => boolean;
  timestamp: (value: string | undefined, path: string) => void;
  responseFor: (r: ResponseFor, path: string, status: boolean) => void;
  staffInfo: (s: StaffInfo | undefined, path: string) => void;
}

/** Status package (standards-vn.md §1.5). */
function validateStatus(
  status: { statusCode?: string; description?: string; timestamp?: string; staffInfo?: StaffInfo },
  header: MessageHeader,
  f: Findings,
  c: StatusChecks,
): void {
  const h = 'MessageHeader';
  if (header.responseFor.length === 0) f.add('edxml.required_missing', `${h}/ResponseFor`);
  header.responseFor.forEach((r, i) => c.responseFor(r, `${h}/ResponseFor[${i + 1}]`, true));
  c.staffInfo(status.staffInfo, `${h}/StaffInfo`);
  const code = status.statusCode?.trim();
  let entry: StatusCodeEntry | undefined;
  if (c.required(status.statusCode, `${h}/StatusCode`)) {
    entry = statusCodeEntry(code);
    if (!entry) {
      f.add('edxml.bad_enum', `${h}/StatusCode`, status.statusCode, {
        vi: 'cho phép 01–06, 13, 15, 16',
        en: 'allowed 01–06, 13, 15, 16',
      });
    }
  }
  if (c.required(status.timestamp, `${h}/Timestamp`)) c.timestamp(status.timestamp, `${h}/Timestamp`);
  if ((code === '02' || code === '13') && blank(status.description)) {
    f.add('edxml.recommended_missing', `${h}/Description`, undefined, {
      vi: 'từ chối / lấy lại cần nêu lý do',
      en: 'a rejection / take-back needs a reason',
    });
  }
  // Who sends: 13 comes from the document's issuer, every other code from a receiver.
  const from = header.from?.organId?.trim();
  const issuerId = header.responseFor[0]?.documentId;
  const issuer = issuerId ? parseDocumentId(issuerId) : undefined;
  if (entry && from && issuer?.kind === 'structured' && issuer.organ.valid) {
    const fromIssuer = issuer.organId === from;
    if (entry.sentBy === 'sender' ? !fromIssuer : fromIssuer) {
      f.add('edxml.status_sender_mismatch', `${h}/From/OrganId`, from, {
        vi: `mã ${entry.code} do ${entry.sentBy === 'sender' ? 'bên gửi' : 'bên nhận'} gửi`,
        en: `code ${entry.code} is sent by the ${entry.sentBy}`,
      });
    }
  }
  if (header.to.length > 0) f.add('edxml.unexpected_element', `${h}/To`);
}

/** Manifest references ↔ attachments, one to one by ContentId (standards-vn.md §1.7). */
function validateManifest(
  pkg: EdxmlPackage,
  f: Findings,
  length: (value: string | undefined, limit: number, path: string) => void,
): void {
  const references = new Map<string, number>();
  pkg.manifest.forEach((r, i) => {
    const path = `edXMLManifest/Reference[${i + 1}]`;
    const id = r.contentId?.trim();
    if (!id) {
      f.add('edxml.required_missing', `${path}/ContentId`);
      return;
    }
    if (references.has(id)) f.add('edxml.content_id_duplicate', `${path}/ContentId`, id);
    else references.set(id, i);
    length(r.attachmentName, ADVISORY_LENGTHS.attachmentName, `${path}/AttachmentName`);
  });
  const attachments = new Map<string, number>();
  pkg.attachments.forEach((a, i) => {
    const path = `AttachmentEncoded/Attachment[${i + 1}]`;
    length(a.name, ADVISORY_LENGTHS.attachmentName, `${path}/AttachmentName`);
    if (blank(a.name)) f.add('edxml.required_missing', `${path}/AttachmentName`);
    if (!blank(a.contentType) && !MIME_TYPE.test((a.contentType as string).trim())) {
      f.add('edxml.bad_content_type', `${path}/ContentType`, a.contentType);
    }
    if (a.size === 0) f.add('edxml.attachment_empty', `${path}/ContentTransferEncoded`);
    const id = a.contentId?.trim();
    if (!id) {
      f.add('edxml.required_missing', `${path}/ContentId`);
      return;
    }
    if (attachments.has(id)) {
      f.add('edxml.content_id_duplicate', `${path}/ContentId`, id);
      return;
    }
    attachments.set(id, i);
    const refIndex = references.get(id);
    if (refIndex === undefined) {
      f.add('edxml.attachment_without_reference', `${path}/ContentId`, id);
      return;
    }
    const ref = pkg.manifest[refIndex];
    if (
      ref &&
      ((ref.contentType !== undefined && ref.contentType !== a.contentType) ||
        (ref.attachmentName !== undefined && ref.attachmentName !== a.name))
    ) {
      f.add('edxml.reference_mismatch', `edXMLManifest/Reference[${refIndex + 1}]`, id);
    }
  });
  for (const [id, i] of references) {
    if (!attachments.has(id))
      f.add('edxml.reference_without_attachment', `edXMLManifest/Reference[${i + 1}]/ContentId`, id);
  }
  if (pkg.kind === 'status' && (pkg.attachments.length > 0 || pkg.manifest.length > 0)) {
    f.add('edxml.unexpected_element', pkg.attachments.length > 0 ? 'AttachmentEncoded' : 'edXMLManifest');
  }
  if (pkg.manifestVersion !== undefined && pkg.manifestVersion !== '1.0') {
    f.add('edxml.bad_enum', 'edXMLManifest/@version', pkg.manifestVersion, {
      vi: 'cho phép 1.0',
      en: 'allowed 1.0',
    });
  }
}
