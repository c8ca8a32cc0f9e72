/**
 * Ports of the office use cases: the store (implemented over the `office` schema in storage/) and the
 * gateway to the axis (implemented with axis-client over HTTP — the office never imports the axis).
 */
import type { Readable } from 'node:stream';
import type { Role } from '../domain/roles.ts';

export interface AgencyRecord {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly abbreviation: string;
  readonly axisSystemId: string | null;
  /** Encrypted secret (never returned by the API). */
  readonly axisSecret: string | null;
}

export interface DepartmentRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly name: string;
  readonly abbreviation: string;
}

export interface UserRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly departmentId: number | null;
  readonly username: string;
  readonly fullName: string;
  readonly position: string | null;
  readonly role: Role;
  readonly passwordHash: string;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly active: boolean;
}

export interface DocumentRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly direction: 'incoming' | 'outgoing';
  readonly state: string;
  readonly subject: string;
  readonly summary: string | null;
  readonly typeName: string | null;
  readonly typeAbbreviation: string | null;
  readonly codeNumber: string | null;
  readonly codeNotation: string | null;
  readonly promulgationDate: string | null;
  readonly promulgationPlace: string | null;
  readonly priority: number;
  readonly fromCode: string | null;
  readonly fromName: string | null;
  readonly signerName: string | null;
  readonly signerPosition: string | null;
  readonly edxmlDocumentId: string | null;
  readonly axisDeliveryId: string | null;
  readonly axisDocId: string | null;
  readonly packageSha256: string | null;
  readonly incomingNumber: number | null;
  readonly incomingYear: number | null;
  readonly issueSeries: string | null;
  readonly issueNumber: number | null;
  readonly issueYear: number | null;
  readonly paper: boolean;
  readonly signatureStatus: string;
  readonly signatureNote: string | null;
  readonly leaderSignedBy: number | null;
  readonly leaderSignedAt: Date | null;
  readonly agencySignedAt: Date | null;
  readonly approvedBy: number | null;
  readonly approvedAt: Date | null;
  readonly deadline: string | null;
  readonly directive: string | null;
  readonly returnReason: string | null;
  readonly pendingRequest: string | null;
  readonly pendingReason: string | null;
  readonly responseForId: number | null;
  readonly dossierId: number | null;
  readonly recipientsText: string | null;
  /** Signature verification report of a received package (see SignatureReport). */
  readonly signatureReport?: unknown;
  /** Link to another document of the agency: this one `replaces` or `updates` it. */
  readonly relatedDocumentId?: number | null;
  readonly relation?: string | null;
  /** An update/replace package received for this document, not answered yet (blob SHA-256). */
  readonly pendingPackageSha256?: string | null;
  readonly receivedAt: Date | null;
  readonly registeredAt: Date | null;
  readonly issuedAt: Date | null;
  readonly completedAt: Date | null;
  readonly createdBy: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewDocument = Partial<Omit<DocumentRecord, 'id' | 'createdAt' | 'updatedAt'>> &
  Pick<DocumentRecord, 'agencyId' | 'direction' | 'state' | 'subject'>;
export type DocumentPatch = Partial<Omit<DocumentRecord, 'id' | 'agencyId' | 'direction' | 'createdAt'>>;

export interface AttachmentRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly documentId: number;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly origin: string;
  readonly extractedText?: string | null;
  readonly createdAt: Date;
}

export interface AssignmentRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly documentId: number;
  readonly userId: number | null;
  readonly departmentId: number | null;
  readonly role: 'lead' | 'support';
  readonly state: string;
  readonly deadline: string | null;
  readonly opinion: string | null;
  readonly assignedBy: number;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

export interface RecipientRecord {
  readonly id: number;
  readonly documentId: number;
  readonly code: string;
  readonly name: string | null;
  readonly statusCode: string | null;
  readonly statusDescription: string | null;
  readonly statusAt: Date | null;
  /** This recipient's answer to a replacement of the document (null: none asked). */
  readonly replacement: ReplacementAnswerState | null;
  readonly replacementDocumentId: number | null;
  readonly replacementNote: string | null;
  readonly replacementAt: Date | null;
}

/** A recipient's answer to a replacement (BussinessDocType 3): asked, agreed (15), refused (16), withdrawn. */
export type ReplacementAnswerState = 'pending' | 'agreed' | 'refused' | 'withdrawn';

export interface StatusEventRecord {
  readonly id: number;
  readonly documentId: number;
  readonly direction: 'sent' | 'received';
  readonly partyCode: string;
  readonly statusCode: string;
  readonly description: string | null;
  readonly statusDocId: string | null;
  readonly at: Date;
}

export interface OutboxRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly documentId: number;
  readonly kind: 'status' | 'edoc';
  readonly payload: OutboxPayload;
  readonly attempts: number;
}

/** What the worker needs to build and send a package later (status) or the package blob (edoc). */
export type OutboxPayload =
  | {
      readonly kind: 'status';
      /** Agencies the status goes to (the sender; or the recipients for 13). */
      readonly to: readonly string[];
      /** receiver: 01–06, 15, 16 about a document we received; sender: 13 about one we sent. */
      readonly role: 'receiver' | 'sender';
      readonly responseForOrganId: string;
      readonly statusCode: string;
      readonly description: string;
      readonly staff?: string;
      readonly department?: string;
      readonly at: string;
    }
  | {
      readonly kind: 'edoc';
      readonly packageSha256: string;
      readonly to: readonly string[];
      /** An update of a document already sent: its axis DocId stays the original's. */
      readonly purpose?: 'update';
    };

/** Work dossier (hồ sơ công việc, Decree 30/2020 Art. 28–31). */
export interface DossierRecord {
  readonly id: number;
  readonly agencyId: number;
  readonly year: number;
  readonly code: string;
  readonly title: string;
  /** Retention in years; null = permanent. */
  readonly retentionYears: number | null;
  readonly state: 'open' | 'closed' | 'archived';
  readonly ownerId: number | null;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly archivedAt: Date | null;
}

export interface DocumentFilter {
  readonly direction?: 'incoming' | 'outgoing';
  readonly states?: readonly string[];
  /** Free text, matched diacritic-insensitively on the folded search text. */
  readonly text?: string;
  readonly priorityAtLeast?: number;
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly year?: number;
  /** Registered documents only, ordered by register number (sổ đăng ký). */
  readonly register?: boolean;
  readonly overdueBefore?: string;
  /** Type abbreviation (QĐ, CV, …) or name (Decree 30 Art. 7). */
  readonly type?: string;
  /** Sender agency code (incoming). */
  readonly fromCode?: string;
  readonly limit: number;
  readonly offset: number;
  /** Keyset pagination: the `nextCursor` of the previous page (offset is then ignored). */
  readonly cursor?: string;
}

/** One page of a list; `total` is counted on the first page only, up to a cap (`totalCapped`). */
export interface DocumentPage {
  readonly items: DocumentRecord[];
  readonly total: number | null;
  /** The list holds more than `total` documents (the count stopped at the cap). */
  readonly totalCapped: boolean;
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** One step of the review and approval chain of an outgoing draft. */
export interface ReviewStepRecord {
  readonly id: number;
  readonly documentId: number;
  readonly round: number;
  readonly position: number;
  readonly reviewerId: number;
  /** waiting | current | approved | returned | skipped */
  readonly state: string;
  readonly comment: string | null;
  readonly actedAt: Date | null;
  readonly createdAt: Date;
}

/** Reads and writes of the review chain and of document links (storage/workflow-store.ts). */
export interface WorkflowStore {
  addReviewSteps(
    agencyId: number,
    documentId: number,
    round: number,
    reviewerIds: readonly number[],
  ): Promise<ReviewStepRecord[]>;
  /** Every step of every round, oldest first. */
  listReviewSteps(agencyId: number, documentId: number): Promise<ReviewStepRecord[]>;
  setReviewStep(
    agencyId: number,
    id: number,
    patch: { state: string; comment?: string | null; actedAt?: Date | null; reviewerId?: number },
  ): Promise<void>;
  /**
   * Drafts waiting for this reviewer now (their step is `current`); with `unchained`, also drafts
   * submitted without a chain (any leader approves those).
   */
  listReviewQueue(agencyId: number, reviewerId: number, unchained: boolean): Promise<DocumentRecord[]>;
  /** Documents of the agency linked to this one (relatedDocumentId = id). */
  listLinkedDocuments(agencyId: number, id: number): Promise<DocumentRecord[]>;
  /** A compact version of the recipient timeline of a document, for change detection (ETag). */
  timelineVersion(agencyId: number, documentId: number): Promise<string>;
}

export interface OfficeStore extends WorkflowStore {
  transaction<T>(work: (store: OfficeStore) => Promise<T>): Promise<T>;

  createAgency(input: Omit<AgencyRecord, 'id'>): Promise<AgencyRecord>;
  getAgency(id: number): Promise<AgencyRecord | undefined>;
  getAgencyByCode(code: string): Promise<AgencyRecord | undefined>;
  listAgencies(): Promise<AgencyRecord[]>;
  setAxisCredentials(agencyId: number, systemId: string, encryptedSecret: string): Promise<void>;

  createDepartment(input: Omit<DepartmentRecord, 'id'>): Promise<DepartmentRecord>;
  listDepartments(agencyId: number): Promise<DepartmentRecord[]>;

  createUser(input: Omit<UserRecord, 'id' | 'failedLogins' | 'lockedUntil' | 'active'>): Promise<UserRecord>;
  getUserByUsername(username: string): Promise<UserRecord | undefined>;
  getUser(agencyId: number, id: number): Promise<UserRecord | undefined>;
  /** Only for resolving a session: every other lookup is scoped by agency. */
  getUserById(id: number): Promise<UserRecord | undefined>;
  listUsers(agencyId: number): Promise<UserRecord[]>;
  /** Deactivates (or reactivates) a user of the agency; false when no such user. */
  setUserActive(agencyId: number, id: number, active: boolean): Promise<boolean>;
  setLoginFailures(userId: number, failures: number, lockedUntil: Date | null): Promise<void>;

  createSession(input: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    expiresAt: Date;
  }): Promise<void>;
  getSession(tokenHash: string): Promise<{ userId: number; csrfToken: string; expiresAt: Date } | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  insertDocument(input: NewDocument): Promise<DocumentRecord>;
  getDocument(agencyId: number, id: number): Promise<DocumentRecord | undefined>;
  /** Locks the row (SELECT … FOR UPDATE) inside a transaction. */
  lockDocument(agencyId: number, id: number): Promise<DocumentRecord | undefined>;
  updateDocument(agencyId: number, id: number, patch: DocumentPatch): Promise<DocumentRecord>;
  refreshSearchText(agencyId: number, id: number, extra?: string): Promise<void>;
  listDocuments(agencyId: number, filter: DocumentFilter): Promise<DocumentPage>;
  findByDeliveryId(agencyId: number, deliveryId: string): Promise<DocumentRecord | undefined>;
  findOutgoingByAxisDocId(agencyId: number, axisDocId: string): Promise<DocumentRecord | undefined>;
  findOutgoingByEdxmlId(agencyId: number, edxmlDocumentId: string): Promise<DocumentRecord | undefined>;
  findIncomingByEdxmlId(agencyId: number, edxmlDocumentId: string): Promise<DocumentRecord[]>;

  addAttachment(input: Omit<AttachmentRecord, 'id' | 'createdAt'>): Promise<AttachmentRecord>;
  listAttachments(agencyId: number, documentId: number): Promise<AttachmentRecord[]>;
  /** Replaces an attachment's bytes (a signed revision of the same PDF). */
  replaceAttachmentContent(
    agencyId: number,
    id: number,
    content: { sha256: string; size: number; origin: string },
  ): Promise<void>;
  getAttachment(agencyId: number, id: number): Promise<AttachmentRecord | undefined>;

  /** Next value of a per-agency, per-year, per-series counter; the row stays locked until commit. */
  nextCounter(agencyId: number, year: number, series: string): Promise<number>;

  addAssignment(input: Omit<AssignmentRecord, 'id' | 'createdAt' | 'completedAt' | 'state'>): Promise<void>;
  listAssignments(agencyId: number, documentId: number): Promise<AssignmentRecord[]>;
  setAssignmentsState(
    agencyId: number,
    documentId: number,
    userId: number | null,
    state: string,
  ): Promise<void>;
  listTasks(
    agencyId: number,
    userId: number,
  ): Promise<{ assignment: AssignmentRecord; document: DocumentRecord }[]>;

  /** Open assignments per person or unit: how many are overdue (deadline < today) and due by `soon`. */
  deadlineSummary(
    agencyId: number,
    today: string,
    soon: string,
  ): Promise<
    { userId: number | null; departmentId: number | null; overdue: number; dueSoon: number; open: number }[]
  >;

  addRecipients(
    agencyId: number,
    documentId: number,
    list: readonly { code: string; name: string | null }[],
  ): Promise<void>;
  listRecipients(agencyId: number, documentId: number): Promise<RecipientRecord[]>;
  setRecipientStatus(
    agencyId: number,
    documentId: number,
    code: string,
    status: { code: string; description: string | null; at: Date },
  ): Promise<void>;

  /** The recipients `codes` of document `documentId` are asked to accept replacement `replacementDocumentId`. */
  askReplacement(
    agencyId: number,
    documentId: number,
    codes: readonly string[],
    replacementDocumentId: number,
    at: Date,
  ): Promise<void>;
  /**
   * Records a recipient's answer to the replacement it was asked about (only a `pending` one);
   * false when none was pending.
   */
  answerReplacement(
    agencyId: number,
    documentId: number,
    code: string,
    answer: { state: Exclude<ReplacementAnswerState, 'pending'>; note: string | null; at: Date },
  ): Promise<boolean>;

  addStatusEvent(input: Omit<StatusEventRecord, 'id'> & { agencyId: number }): Promise<boolean>;
  listStatusEvents(agencyId: number, documentId: number): Promise<StatusEventRecord[]>;

  enqueue(agencyId: number, documentId: number, payload: OutboxPayload): Promise<void>;
  pendingOutbox(agencyId: number, limit: number): Promise<OutboxRecord[]>;
  markOutboxSent(id: number, at: Date): Promise<void>;
  markOutboxFailed(id: number, error: string): Promise<void>;
  listIssuedAwaitingStatus(agencyId: number, limit: number): Promise<DocumentRecord[]>;

  createDossier(
    input: Omit<DossierRecord, 'id' | 'openedAt' | 'closedAt' | 'archivedAt' | 'state'>,
  ): Promise<DossierRecord>;
  getDossier(agencyId: number, id: number): Promise<DossierRecord | undefined>;
  listDossiers(agencyId: number, year: number): Promise<(DossierRecord & { documentCount: number })[]>;
  updateDossier(
    agencyId: number,
    id: number,
    patch: Partial<Pick<DossierRecord, 'state' | 'closedAt' | 'archivedAt'>>,
  ): Promise<DossierRecord>;

  audit(entry: {
    agencyId: number | null;
    userId: number | null;
    action: string;
    objectType?: string;
    objectId?: string | number;
    details?: Record<string, unknown>;
  }): Promise<void>;
  listAudit(
    agencyId: number,
    limit: number,
  ): Promise<
    {
      id: number;
      userId: number | null;
      action: string;
      objectType: string | null;
      objectId: string | null;
      details: unknown;
      at: Date;
    }[]
  >;

  tryLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}

/** One agency's connection to the axis (REST API of the axis, through axis-client). */
export interface AxisGateway {
  /** One page of deliveries of one kind (the axis lists documents and status packages separately). */
  inbox(
    kind: 'edoc' | 'status',
    cursor?: string,
  ): Promise<{
    items: { deliveryId: string; docId: string; kind: 'edoc' | 'status'; from: string }[];
    nextCursor: string | null;
  }>;
  fetchPackage(deliveryId: string): Promise<Readable>;
  /** The original bytes of a delivery, as the sender signed them (no axis TraceHeader). */
  fetchOriginalPackage(deliveryId: string): Promise<{ stream: Readable; sha256: string | null }>;
  acknowledge(deliveryId: string, result: 'done' | 'fail', description?: string): Promise<void>;
  send(
    pkg: Uint8Array | Readable,
    options: { to?: readonly string[]; idempotencyKey: string },
  ): Promise<{
    docId: string;
    recipients: readonly { code: string }[];
  }>;
  agencies(query?: {
    level?: number;
    q?: string;
  }): Promise<{ code: string; name: string; level: number; parentCode: string | null }[]>;
}

export type AxisGatewayFactory = (agency: AgencyRecord) => AxisGateway;
