/**
 * The element layout of QCVN 102 packages (standards-vn.md §1.3–1.5) as data, shared by the parser
 * (element → model) and the builder (model → element, in this order, which is the SDK's order as
 * seen in the official samples). One table, so parse and build cannot drift apart.
 */

/** A field of a model object and the element that carries it. */
export type FieldSpec =
  /** `<El>text</El>` → `key: string`. */
  | { kind: 'text'; key: string; element: string }
  /** `<El>…fields…</El>` → `key: object` (optional). */
  | { kind: 'object'; key: string; element: string; fields: readonly FieldSpec[] }
  /** Repeated `<El>` directly in the parent → `key: object[]` (or `string[]` without fields). */
  | { kind: 'repeat'; key: string; element: string; fields?: readonly FieldSpec[] }
  /**
   * `<Wrapper><Item/>*</Wrapper>` → `key: Item[]`. `optional`: the array is undefined when the
   * wrapper is absent (and the wrapper is only built when the array is defined); otherwise the
   * array is always present (empty when the wrapper is absent) and the wrapper always built.
   */
  | {
      kind: 'list';
      key: string;
      element: string;
      item: string;
      fields?: readonly FieldSpec[];
      optional: boolean;
    };

const text = (key: string, element: string): FieldSpec => ({ kind: 'text', key, element });

export const ORGANIZATION_FIELDS: readonly FieldSpec[] = [
  text('organId', 'OrganId'),
  text('organizationInCharge', 'OrganizationInCharge'),
  text('organName', 'OrganName'),
  text('organAdd', 'OrganAdd'),
  text('email', 'Email'),
  text('telephone', 'Telephone'),
  text('fax', 'Fax'),
  text('website', 'Website'),
];

export const RESPONSE_FOR_FIELDS: readonly FieldSpec[] = [
  text('organId', 'OrganId'),
  text('code', 'Code'),
  text('documentId', 'DocumentId'),
  text('promulgationDate', 'PromulgationDate'),
];

export const STAFF_INFO_FIELDS: readonly FieldSpec[] = [
  text('department', 'Department'),
  text('departmentId', 'DepartmentId'),
  text('staff', 'Staff'),
  text('staffId', 'StaffId'),
  text('email', 'Email'),
  text('mobile', 'Mobile'),
];

/** `edXML:MessageHeader` of a document package (the status fields are in STATUS_FIELDS). */
export const MESSAGE_HEADER_FIELDS: readonly FieldSpec[] = [
  { kind: 'object', key: 'from', element: 'From', fields: ORGANIZATION_FIELDS },
  { kind: 'repeat', key: 'to', element: 'To', fields: ORGANIZATION_FIELDS },
  text('documentId', 'DocumentId'),
  {
    kind: 'object',
    key: 'code',
    element: 'Code',
    fields: [text('codeNumber', 'CodeNumber'), text('codeNotation', 'CodeNotation')],
  },
  {
    kind: 'object',
    key: 'promulgationInfo',
    element: 'PromulgationInfo',
    fields: [text('place', 'Place'), text('promulgationDate', 'PromulgationDate')],
  },
  {
    kind: 'object',
    key: 'documentType',
    element: 'DocumentType',
    fields: [text('type', 'Type'), text('typeDetail', 'TypeDetail'), text('typeName', 'TypeName')],
  },
  text('subject', 'Subject'),
  text('content', 'Content'),
  {
    kind: 'object',
    key: 'signerInfo',
    element: 'SignerInfo',
    fields: [text('competence', 'Competence'), text('position', 'Position'), text('fullName', 'FullName')],
  },
  text('dueDate', 'DueDate'),
  {
    kind: 'object',
    key: 'otherInfo',
    element: 'OtherInfo',
    fields: [
      text('priority', 'Priority'),
      text('sphereOfPromulgation', 'SphereOfPromulgation'),
      text('typerNotation', 'TyperNotation'),
      text('promulgationAmount', 'PromulgationAmount'),
      text('pageAmount', 'PageAmount'),
      text('direction', 'Direction'),
      { kind: 'list', key: 'appendixes', element: 'Appendixes', item: 'Appendix', optional: true },
    ],
  },
  { kind: 'repeat', key: 'responseFor', element: 'ResponseFor', fields: RESPONSE_FOR_FIELDS },
  text('steeringType', 'SteeringType'),
  {
    kind: 'object',
    key: 'responseForTask',
    element: 'ResponseForTask',
    fields: [{ kind: 'list', key: 'taskCodes', element: 'TaskCodes', item: 'TaskCode', optional: false }],
  },
  text('applicationType', 'ApplicationType'),
  { kind: 'list', key: 'toPlaces', element: 'ToPlaces', item: 'Place', optional: true },
];

/** Status fields of a status package's MessageHeader (after From and ResponseFor). */
export const STATUS_FIELDS: readonly FieldSpec[] = [
  { kind: 'object', key: 'staffInfo', element: 'StaffInfo', fields: STAFF_INFO_FIELDS },
  text('statusCode', 'StatusCode'),
  text('description', 'Description'),
  text('timestamp', 'Timestamp'),
];

export const BUSSINESS_FIELDS: readonly FieldSpec[] = [
  text('documentId', 'DocumentId'),
  text('bussinessDocType', 'BussinessDocType'),
  text('bussinessDocReason', 'BussinessDocReason'),
  text('paper', 'Paper'),
  {
    kind: 'object',
    key: 'bussinessDocumentInfo',
    element: 'BussinessDocumentInfo',
    fields: [
      text('documentInfo', 'DocumentInfo'),
      text('documentReceiver', 'DocumentReceiver'),
      {
        kind: 'list',
        key: 'receiverList',
        element: 'ReceiverList',
        item: 'Receiver',
        optional: true,
        fields: [text('organId', 'OrganId'), text('receiverType', 'ReceiverType')],
      },
    ],
  },
  {
    kind: 'list',
    key: 'replacementInfoList',
    element: 'ReplacementInfoList',
    item: 'ReplacementInfo',
    optional: true,
    fields: [
      text('documentId', 'DocumentId'),
      { kind: 'list', key: 'organIdList', element: 'OrganIdList', item: 'OrganId', optional: false },
    ],
  },
  { kind: 'object', key: 'staffInfo', element: 'StaffInfo', fields: STAFF_INFO_FIELDS },
];

/** `edXML:TraceHeaderList`; its fields live in `MessageHeader` (`traceHeaders`, `bussiness`). */
export const TRACE_HEADER_LIST_FIELDS: readonly FieldSpec[] = [
  {
    kind: 'repeat',
    key: 'traceHeaders',
    element: 'TraceHeader',
    fields: [text('organId', 'OrganId'), text('timestamp', 'Timestamp')],
  },
  { kind: 'object', key: 'bussiness', element: 'Bussiness', fields: BUSSINESS_FIELDS },
];

export const REFERENCE_FIELDS: readonly FieldSpec[] = [
  text('contentId', 'ContentId'),
  text('contentType', 'ContentType'),
  text('description', 'Description'),
  text('attachmentName', 'AttachmentName'),
];

/** `AttachmentEncoded/Attachment` metadata (ContentTransferEncoded is handled apart). */
export const ATTACHMENT_FIELDS: readonly FieldSpec[] = [
  text('contentId', 'ContentId'),
  text('name', 'AttachmentName'),
  text('description', 'Description'),
  text('contentType', 'ContentType'),
];
