// Shapes of the office API as the interface uses them.
export interface Doc {
  id: number;
  direction: 'incoming' | 'outgoing';
  state: string;
  subject: string;
  summary: string | null;
  typeName: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  promulgationDate: string | null;
  priority: number;
  fromCode: string | null;
  fromName: string | null;
  signerName: string | null;
  signerPosition: string | null;
  incomingNumber: number | null;
  deadline: string | null;
  directive: string | null;
  returnReason: string | null;
  pendingRequest: string | null;
  pendingReason: string | null;
  recipientsText: string | null;
  signatureStatus: string;
  signatureNote: string | null;
  paper: boolean;
  responseForId: number | null;
  receivedAt: string | null;
  registeredAt: string | null;
  issuedAt: string | null;
  createdAt: string;
}
export interface Attachment {
  id: number;
  name: string;
  contentType: string;
  size: number;
}
export interface Detail {
  document: Doc;
  attachments: Attachment[];
  assignments: {
    id: number;
    role: 'lead' | 'support';
    userName: string | null;
    departmentName: string | null;
    deadline: string | null;
    opinion: string | null;
    state: string;
    assignedByName: string | null;
  }[];
  recipients: {
    id: number;
    code: string;
    name: string | null;
    statusCode: string | null;
    statusDescription: string | null;
    statusAt: string | null;
    /** Its answer to a replacement of this document: pending, agreed (15), refused (16), withdrawn. */
    replacement: string | null;
    replacementDocumentId: number | null;
    replacementNote: string | null;
  }[];
  events: {
    id: number;
    direction: 'sent' | 'received';
    partyCode: string;
    statusCode: string;
    description: string | null;
    at: string;
  }[];
  actions: string[];
}
export interface Page {
  items: Doc[];
  /** Counted on the first page only (null after a cursor), up to a cap: `totalCapped` means "or more". */
  total: number | null;
  totalCapped: boolean;
  /** Keyset pagination: pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
