/**
 * Database schema of the office (schema `office`): multi-tenant document management per Decree
 * 30/2020. Every row that belongs to an agency carries `agency_id`, and every query filters on it.
 * Attachment bytes live in the blob store; rows hold their SHA-256 (design.md §3). Generated into
 * `migrations/office/` by `drizzle-kit generate --config drizzle/office.config.ts`; the search vector
 * and its index are hand-written migrations (0001, 0005).
 */
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const office = pgSchema('office');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });

/** Tenants: one agency (cơ quan) per row, with its axis credentials (secret AES-256-GCM encrypted). */
export const agencies = office.table(
  'agencies',
  {
    id: id(),
    /** QCVN 102 agency code (mã định danh), e.g. 000.00.00.G22. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Abbreviation used in ký hiệu (e.g. VPCP, UBND). */
    abbreviation: text('abbreviation').notNull(),
    axisSystemId: text('axis_system_id'),
    axisSecret: text('axis_secret'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agencies_code_key').on(t.code)],
);

export const departments = office.table(
  'departments',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    name: text('name').notNull(),
    /** Abbreviation of the unit, used in the ký hiệu of a công văn (e.g. TTĐT). */
    abbreviation: text('abbreviation').notNull(),
  },
  (t) => [uniqueIndex('departments_agency_abbr_key').on(t.agencyId, t.abbreviation)],
);

export const users = office.table(
  'users',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    departmentId: ref('department_id'),
    username: text('username').notNull(),
    fullName: text('full_name').notNull(),
    position: text('position'),
    /** clerk (văn thư), leader (lãnh đạo), officer (chuyên viên), admin (quản trị cơ quan). */
    role: text('role', { enum: ['clerk', 'leader', 'officer', 'admin'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: at('locked_until'),
    active: boolean('active').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(t.username), index('users_agency_idx').on(t.agencyId)],
);

/** Sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const sessions = office.table(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: ref('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Incoming and outgoing documents: the registers are views over this one table (anchors §4.6.5). */
export const documents = office.table(
  'documents',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    direction: text('direction', { enum: ['incoming', 'outgoing'] }).notNull(),
    /**
     * incoming: pending (chờ tiếp nhận) → registered (03) → assigned (04) → processing (05) → done (06),
     * or returned (02), cancelled (revoked by the sender, 15);
     * outgoing: draft → submitted → approved → issued, revoked.
     */
    state: text('state').notNull(),
    subject: text('subject').notNull(),
    summary: text('summary'),
    /** Document type name (Decree 30 Art. 7) and its abbreviation. */
    typeName: text('type_name'),
    typeAbbreviation: text('type_abbreviation'),
    codeNumber: text('code_number'),
    codeNotation: text('code_notation'),
    promulgationDate: date('promulgation_date', { mode: 'string' }),
    promulgationPlace: text('promulgation_place'),
    /** Độ khẩn 0–4 (edXML Priority). */
    priority: smallint('priority').notNull().default(0),
    fromCode: text('from_code'),
    fromName: text('from_name'),
    signerName: text('signer_name'),
    signerPosition: text('signer_position'),
    /** edXML DocumentId (issuer,date,số/ký hiệu) used in status packages. */
    edxmlDocumentId: text('edxml_document_id'),
    /** Incoming: the axis delivery id; outgoing: the axis DocId returned at send. */
    axisDeliveryId: text('axis_delivery_id'),
    axisDocId: text('axis_doc_id'),
    packageSha256: text('package_sha256'),
    /** Số đến (Art. 22) and its year. */
    incomingNumber: integer('incoming_number'),
    incomingYear: integer('incoming_year'),
    /** Outgoing numbering (Art. 15): series and number within the year. */
    issueSeries: text('issue_series'),
    issueNumber: integer('issue_number'),
    issueYear: integer('issue_year'),
    paper: boolean('paper').notNull().default(false),
    /** verified | invalid | not_verified | unsigned */
    signatureStatus: text('signature_status').notNull().default('not_verified'),
    signatureNote: text('signature_note'),
    leaderSignedBy: ref('leader_signed_by'),
    leaderSignedAt: at('leader_signed_at'),
    agencySignedAt: at('agency_signed_at'),
    approvedBy: ref('approved_by'),
    approvedAt: at('approved_at'),
    deadline: date('deadline', { mode: 'string' }),
    directive: text('directive'),
    returnReason: text('return_reason'),
    /** A revoke/update/replace request from the sender awaiting the clerk's answer (15/16). */
    pendingRequest: text('pending_request'),
    pendingReason: text('pending_reason'),
    responseForId: ref('response_for_id'),
    dossierId: ref('dossier_id'),
    recipientsText: text('recipients_text'),
    /** Signature verification report of a received package (src/trust): signer, algorithm, problems. */
    signatureReport: jsonb('signature_report'),
    /**
     * Link to another document of the same agency: an outgoing replacement `replaces` the one it
     * replaces; an incoming replacement `replaces` the received original (BussinessDocType 3).
     */
    relatedDocumentId: ref('related_document_id'),
    relation: text('relation'),
    /** An update/replace package received for this document and not answered yet (blob SHA-256). */
    pendingPackageSha256: text('pending_package_sha256'),
    /**
     * Folded text (lt_fold): subject, summary, number, sender, PDF text. Searched through the generated
     * column `search_vector` (tsvector 'simple' over it) and its GIN index, declared in the hand-written
     * migration 0005 and not here, so that selects never carry it.
     */
    searchText: text('search_text').notNull().default(''),
    receivedAt: at('received_at'),
    registeredAt: at('registered_at'),
    issuedAt: at('issued_at'),
    completedAt: at('completed_at'),
    createdBy: ref('created_by'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('documents_list_idx').on(t.agencyId, t.direction, t.state, t.priority, t.id),
    // Lists over several states (incoming-all, outgoing-all, search by direction): urgent first, newest.
    index('documents_direction_priority_idx').on(t.agencyId, t.direction, t.priority, t.id),
    index('documents_agency_created_idx').on(t.agencyId, t.id),
    // Search, newest first, is served by documents_search_window_idx (agency_id, created_at, id) INCLUDE
    // (search_vector, …): hand-written in migration 0007, since drizzle cannot declare INCLUDE.
    uniqueIndex('documents_incoming_number_key')
      .on(t.agencyId, t.incomingYear, t.incomingNumber)
      .where(sql`incoming_number IS NOT NULL`),
    uniqueIndex('documents_issue_number_key')
      .on(t.agencyId, t.issueYear, t.issueSeries, t.issueNumber)
      .where(sql`issue_number IS NOT NULL`),
    uniqueIndex('documents_delivery_key')
      .on(t.agencyId, t.axisDeliveryId)
      .where(sql`direction = 'incoming' AND axis_delivery_id IS NOT NULL`),
    index('documents_axis_doc_idx').on(t.axisDocId),
    index('documents_related_idx')
      .on(t.agencyId, t.relatedDocumentId)
      .where(sql`related_document_id IS NOT NULL`),
    index('documents_deadline_idx')
      .on(t.agencyId, t.deadline)
      .where(sql`deadline IS NOT NULL`),
  ],
);

export const attachments = office.table(
  'attachments',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** scan | edxml | draft | signed */
    origin: text('origin').notNull().default('draft'),
    /** Text extracted from a PDF (pdfjs), searched with the document. */
    extractedText: text('extracted_text'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_document_idx').on(t.agencyId, t.documentId)],
);

/** Per-agency counters (số đến per year; số văn bản đi per series and year), locked in the numbering transaction. */
export const counters = office.table(
  'counters',
  {
    agencyId: ref('agency_id').notNull(),
    year: integer('year').notNull(),
    series: text('series').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year, t.series] })],
);

/** Handling assignments (Art. 23): lead (chủ trì) and support (phối hợp) units or people. */
export const assignments = office.table(
  'assignments',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    userId: ref('user_id'),
    departmentId: ref('department_id'),
    role: text('role', { enum: ['lead', 'support'] }).notNull(),
    /** assigned | processing | done */
    state: text('state').notNull().default('assigned'),
    deadline: date('deadline', { mode: 'string' }),
    opinion: text('opinion'),
    assignedBy: ref('assigned_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    completedAt: at('completed_at'),
  },
  (t) => [
    index('assignments_user_idx').on(t.agencyId, t.userId, t.state),
    index('assignments_document_idx').on(t.documentId),
  ],
);

/**
 * Review and approval chain of an outgoing draft (Decree 30/2020 Art. 10–13): the drafter submits to
 * an ordered list of reviewers (e.g. head of department, then the leader); each approves or sends
 * back with a comment; the last one approves and signs. A resubmission opens a new round.
 */
export const reviewSteps = office.table(
  'review_steps',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    round: integer('round').notNull(),
    position: integer('position').notNull(),
    reviewerId: ref('reviewer_id').notNull(),
    /** waiting | current | approved | returned | skipped */
    state: text('state').notNull(),
    comment: text('comment'),
    actedAt: at('acted_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_steps_document_round_position_key').on(t.documentId, t.round, t.position),
    index('review_steps_reviewer_idx').on(t.agencyId, t.reviewerId, t.state),
  ],
);

/** Recipients of an outgoing document and the last status each reported (01–16). */
export const recipients = office.table(
  'recipients',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    code: text('code').notNull(),
    name: text('name'),
    statusCode: text('status_code'),
    statusDescription: text('status_description'),
    statusAt: at('status_at'),
    /**
     * This recipient's answer to the replacement of this (original) document (BussinessDocType 3):
     * `pending` once the replacement is issued, `agreed` (15) or `refused` (16) when it answers,
     * `withdrawn` when the replacement is revoked first. The original is replaced for a recipient
     * only when it agreed.
     */
    replacement: text('replacement', { enum: ['pending', 'agreed', 'refused', 'withdrawn'] }),
    /** The replacement document that asked (our outgoing document that `replaces` this one). */
    replacementDocumentId: ref('replacement_document_id'),
    /** The recipient's description with its answer: the reason of a refusal. */
    replacementNote: text('replacement_note'),
    replacementAt: at('replacement_at'),
  },
  (t) => [uniqueIndex('recipients_document_code_key').on(t.documentId, t.code)],
);

/** Timeline of status packages, sent (by us as receiver) and received (from recipients of our documents). */
export const statusEvents = office.table(
  'status_events',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    direction: text('direction', { enum: ['sent', 'received'] }).notNull(),
    /** The other party: the sender we report to, or the recipient that reported. */
    partyCode: text('party_code').notNull(),
    statusCode: text('status_code').notNull(),
    description: text('description'),
    statusDocId: text('status_doc_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('status_events_document_idx').on(t.documentId, t.at),
    uniqueIndex('status_events_received_key')
      .on(t.agencyId, t.statusDocId)
      .where(sql`direction = 'received' AND status_doc_id IS NOT NULL`),
  ],
);

/** Packages waiting to go to the axis (status packages and outgoing documents); sent by the worker. */
export const outbox = office.table(
  'outbox',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    documentId: ref('document_id').notNull(),
    kind: text('kind', { enum: ['status', 'edoc'] }).notNull(),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`sent_at IS NULL`),
  ],
);

/** Work dossiers (hồ sơ công việc, Art. 28–31). */
export const dossiers = office.table(
  'dossiers',
  {
    id: id(),
    agencyId: ref('agency_id').notNull(),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    /** Retention in years; null = permanent (vĩnh viễn). */
    retentionYears: integer('retention_years'),
    state: text('state', { enum: ['open', 'closed', 'archived'] })
      .notNull()
      .default('open'),
    ownerId: ref('owner_id'),
    openedAt: at('opened_at').notNull().defaultNow(),
    closedAt: at('closed_at'),
    archivedAt: at('archived_at'),
  },
  (t) => [uniqueIndex('dossiers_agency_year_code_key').on(t.agencyId, t.year, t.code)],
);

/** Audit trail of every action (append-only). */
export const auditLog = office.table(
  'audit_log',
  {
    id: id(),
    agencyId: ref('agency_id'),
    userId: ref('user_id'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    details: jsonb('details'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('audit_agency_at_idx').on(t.agencyId, t.at)],
);

/** Leases so that one instance at a time runs the axis synchronisation of an agency. */
export const leases = office.table('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: at('expires_at').notNull(),
});
