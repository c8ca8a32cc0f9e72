/**
 * Typed model of an edXML package (QCVN 102:2016/BTTTT + Amendment 1:2022, standards-vn.md §1.3–1.7).
 *
 * This shape IS the JSON contract of `lienthong edxml inspect --json` (issue 2 §3): field names are
 * the XML element names in camelCase, `Bussiness` keeps the standard's spelling.
 *
 * Parsing is lenient (standards-vn.md §1.3 "accept any string on input"): every leaf is the exact
 * text of its element, including enumerations ("0", "01") so that round trips are exact and
 * odd real-world values (`28.22.H17`, `74fass22`, `2014/02/30`) survive for `validatePackage` to
 * report. An optional element that is absent is `undefined`; an element present but empty is `''`.
 * Repeated elements are arrays (empty when absent, except where the wrapper element itself is
 * optional and its presence matters: then the array is `undefined` when the wrapper is absent).
 */

/** Namespace of the default namespace and of the `edXML:` prefix in every official sample. */
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** The pre-QCVN 102 envelope (`eDoc`), refused with its own error code. */
export const LEGACY_EDXML_NAMESPACE = 'http://www.go.vn/eDoc';

/** From / To / (status) From: the organisation fields of EDJAR `Organization`. */
export interface Organization {
  organId?: string;
  organizationInCharge?: string;
  organName?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

/** Số và ký hiệu: `CodeNumber` "7816", `CodeNotation` "VPCP-TTĐT". */
export interface DocumentCode {
  codeNumber?: string;
  codeNotation?: string;
}

export interface PromulgationInfo {
  place?: string;
  /** `yyyy/MM/dd` in conforming packages. */
  promulgationDate?: string;
}

export interface DocumentType {
  /** "1" legal normative (QPPL), "2" administrative. */
  type?: string;
  typeDetail?: string;
  typeName?: string;
}

export interface SignerInfo {
  competence?: string;
  position?: string;
  fullName?: string;
}

export interface OtherInfo {
  /** Độ khẩn "0".."4". */
  priority?: string;
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: string;
  pageAmount?: string;
  /** "true" | "false" in samples. */
  direction?: string;
  /** `Appendixes/Appendix*`; undefined when `Appendixes` is absent. */
  appendixes?: string[];
}

/** The document this one answers (edoc) or the document a status is about (status). */
export interface ResponseFor {
  organId?: string;
  /** Here `Code` is one string "7816/VPCP-TTĐT", not CodeNumber/CodeNotation. */
  code?: string;
  promulgationDate?: string;
  documentId?: string;
}

export interface ResponseForTask {
  taskCodes: string[];
}

export interface TraceHeader {
  organId?: string;
  /** `yyyy/MM/dd HH:mm:ss` in conforming packages. */
  timestamp?: string;
}

export interface Receiver {
  organId?: string;
  /** "0" removed from recipients, "1" added. */
  receiverType?: string;
}

export interface BussinessDocumentInfo {
  documentInfo?: string;
  documentReceiver?: string;
  /** `ReceiverList/Receiver*`; undefined when `ReceiverList` is absent. */
  receiverList?: Receiver[];
}

export interface ReplacementInfo {
  documentId?: string;
  /** `OrganIdList/OrganId*`. */
  organIdList: string[];
}

export interface StaffInfo {
  department?: string;
  departmentId?: string;
  staff?: string;
  staffId?: string;
  email?: string;
  mobile?: string;
}

/** `TraceHeaderList/Bussiness` (sic). */
export interface Bussiness {
  documentId?: string;
  /** "0" new, "1" revoke, "2" update, "3" replace. */
  bussinessDocType?: string;
  bussinessDocReason?: string;
  paper?: string;
  bussinessDocumentInfo?: BussinessDocumentInfo;
  /** `ReplacementInfoList/ReplacementInfo*`; undefined when `ReplacementInfoList` is absent. */
  replacementInfoList?: ReplacementInfo[];
  staffInfo?: StaffInfo;
}

/**
 * `edXML:MessageHeader` plus the trace list. Status packages use `from` and `responseFor` here and
 * carry the rest in `EdxmlStatusPackage.status`.
 */
export interface MessageHeader {
  from?: Organization;
  to: Organization[];
  documentId?: string;
  code?: DocumentCode;
  promulgationInfo?: PromulgationInfo;
  documentType?: DocumentType;
  subject?: string;
  content?: string;
  signerInfo?: SignerInfo;
  dueDate?: string;
  otherInfo?: OtherInfo;
  responseFor: ResponseFor[];
  steeringType?: string;
  responseForTask?: ResponseForTask;
  applicationType?: string;
  /** `ToPlaces/Place*` (the "Nơi nhận" lines); undefined when `ToPlaces` is absent. */
  toPlaces?: string[];
  /** `TraceHeaderList/TraceHeader*`, in document order (the axis appends at the end). */
  traceHeaders: TraceHeader[];
  bussiness?: Bussiness;
}

/** Manifest `Reference`, linked by `contentId` to an attachment. */
export interface ManifestReference {
  contentId?: string;
  contentType?: string;
  description?: string;
  attachmentName?: string;
}

/**
 * `AttachmentEncoded/Attachment`: metadata and the digest of the DECODED bytes. The bytes themselves
 * are never in the model; when a blob store was given to the parser they are stored under `sha256`.
 */
export interface AttachmentInfo {
  contentId?: string;
  /** `AttachmentName`. */
  name?: string;
  description?: string;
  contentType?: string;
  /** Decoded size in bytes. */
  size: number;
  /** SHA-256 (lowercase hex) of the decoded bytes = blob address. */
  sha256: string;
}

/**
 * The XML-DSig `<Signature>` element kept byte-exact (standards-vn.md §1.6) for later verification.
 * `xml` is the exact source text from `<Signature` to its end tag; `placement` is its parent.
 */
export interface SignatureElement {
  xml: string;
  placement: 'header' | 'envelope' | 'root';
}

/** Status header of a status package (standards-vn.md §1.5). */
export interface StatusInfo {
  /** Two-digit string "01".."16". */
  statusCode?: string;
  description?: string;
  /** `yyyy/MM/dd HH:mm:ss` in conforming packages. */
  timestamp?: string;
  staffInfo?: StaffInfo;
}

interface PackageBase {
  header: MessageHeader;
  /** `edXMLBody/edXMLManifest/Reference*`; empty when there is no manifest. */
  manifest: ManifestReference[];
  /** `version` attribute of `edXMLManifest`; undefined when the manifest element is absent. */
  manifestVersion?: string;
  attachments: AttachmentInfo[];
  signature?: SignatureElement;
  /**
   * Paths of elements the parser did not recognise (kept so validation can warn; they are not
   * rebuilt). Absent when there were none.
   */
  unknownElements?: string[];
}

/** A document package (văn bản điện tử). */
export interface EdxmlDocumentPackage extends PackageBase {
  kind: 'edoc';
}

/** A status package (gói tin trạng thái): MessageHeader carries `StatusCode`. */
export interface EdxmlStatusPackage extends PackageBase {
  kind: 'status';
  status: StatusInfo;
}

export type EdxmlPackage = EdxmlDocumentPackage | EdxmlStatusPackage;
export type EdxmlKind = EdxmlPackage['kind'];

/**
 * Byte offsets recorded while tokenizing (offsets into the original package bytes). They let the
 * axis splice a TraceHeader into the stored blob without rewriting it (see `appendTraceHeader`).
 */
export interface PackageLayout {
  /** Where a new `TraceHeader` element is inserted. */
  traceInsertOffset: number;
  /**
   * `after-trace-header`: after the last TraceHeader's end tag; `list-start`: right after the
   * TraceHeaderList start tag; `new-list`: no TraceHeaderList, insert a whole list after the
   * MessageHeader end tag.
   */
  traceInsertMode: 'after-trace-header' | 'list-start' | 'new-list';
  /** Prefix bound to the edXML namespace at the insertion point ('' = default namespace). */
  tracePrefix: string;
  /** True when no prefix is bound to the edXML namespace there: the TraceHeader declares it. */
  traceDeclareNamespace?: boolean;
  /** Whitespace preceding the last TraceHeader (or the list), reused to keep the indentation. */
  traceIndent: string;
  /** Byte range [start, end) of `<Signature>…</Signature>` in the source. */
  signatureRange?: { start: number; end: number };
  /** Total size of the package in bytes. */
  byteLength: number;
}

export interface ParseResult {
  /** What `inspect --json` prints. */
  package: EdxmlPackage;
  layout: PackageLayout;
  /** True when the attachments were committed to the blob store given in the options. */
  stored: boolean;
}
