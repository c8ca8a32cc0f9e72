/**
 * Database schema of the axis (schema `axis`). Package bytes never live here: rows carry the
 * SHA-256 of the blob in the platform's blob store (design.md §3). Generated into
 * `migrations/axis/` by `drizzle-kit generate --config drizzle/axis.config.ts`.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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
import { SIGNATURE_POLICIES } from '../domain/signature-policy.ts';
import { VALIDATION_MODES, type RecordedFinding } from '../domain/acceptance-rule.ts';

export const axis = pgSchema('axis');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Agencies (cơ quan) as a tree of levels 1–4, QCVN 102 code + QĐ 20/2020 code (standards-vn §1.2). */
export const agencies = axis.table(
  'agencies',
  {
    /** Numeric id the VXP directory answers as `id`/`pid`. */
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    codeQd20: text('code_qd20'),
    name: text('name').notNull(),
    level: smallint('level').notNull(),
    parentCode: text('parent_code'),
    mail: text('mail'),
    phone: text('phone'),
    fax: text('fax'),
    validFrom: at('valid_from'),
    validTo: at('valid_to'),
    /** The 2025 reorganisation: a retired code's documents go to its successor. */
    successorCode: text('successor_code'),
    /** Issue 4: signature policy applied to packages from and to this agency (domain/signature-policy.ts). */
    signaturePolicy: text('signature_policy', { enum: SIGNATURE_POLICIES }).notNull().default('flag'),
    /** Validation mode of packages from and to this agency (domain/acceptance-rule.ts); null: the axis default. */
    validationMode: text('validation_mode', { enum: VALIDATION_MODES }),
    status: text('status', { enum: ['active', 'suspended', 'retired'] })
      .notNull()
      .default('active'),
    /** Incremented on every change (getSynchronizeUnit `version`). */
    version: integer('version').notNull().default(1),
    deletedAt: at('deleted_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agencies_code_key').on(t.code),
    uniqueIndex('agencies_code_qd20_key').on(t.codeQd20),
    index('agencies_parent_idx').on(t.parentCode),
  ],
);

/** Systems (hệ thống QLVB) that call the axis with an HMAC secret; `secret` is AES-256-GCM ciphertext. */
export const systems = axis.table('systems', {
  systemId: text('system_id').primaryKey(),
  secretCiphertext: text('secret_ciphertext').notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  name: text('name'),
  createdAt: at('created_at').notNull().defaultNow(),
  secretRotatedAt: at('secret_rotated_at').notNull().defaultNow(),
});

/** Which agencies a system sends and receives for (a SaaS system serves many). */
export const systemAgencies = axis.table(
  'system_agencies',
  {
    systemId: text('system_id')
      .notNull()
      .references(() => systems.systemId, { onDelete: 'cascade' }),
    agencyCode: text('agency_code').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.systemId, t.agencyCode] }),
    index('system_agencies_agency_idx').on(t.agencyCode),
  ],
);

/** One row per accepted package; the bytes are the blob `sha256`. */
export const packages = axis.table(
  'packages',
  {
    docId: text('doc_id').primaryKey(),
    senderSystem: text('sender_system').notNull(),
    fromOrganId: text('from_organ_id').notNull(),
    kind: text('kind', { enum: ['edoc', 'status'] }).notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    documentId: text('document_id'),
    /** "0" new, "1" revoke, "2" update, "3" replace (edoc only). */
    bussinessDocType: smallint('bussiness_doc_type'),
    /** ResponseFor/DocumentId (status packages, revokes). */
    responseForDocumentId: text('response_for_document_id'),
    /** The package this one is about (status, revoke, update, replace), when resolved. */
    refDocId: text('ref_doc_id'),
    statusCode: text('status_code'),
    subject: text('subject'),
    notation: text('notation'),
    /** Sorted, comma-joined final recipient codes: key of the DocumentId idempotency rule. */
    recipientsKey: text('recipients_key').notNull(),
    /** Byte offset in the ORIGINAL bytes where the axis TraceHeader is spliced in when serving. */
    traceInsertOffset: bigint('trace_insert_offset', { mode: 'number' }).notNull(),
    /** The exact XML fragment inserted at that offset. */
    traceXml: text('trace_xml').notNull(),
    /** Early placeholder for signature results, superseded by the signature columns below; stays '{}'. */
    signatureFlags: jsonb('signature_flags')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /**
     * Issue 4: the XML signature of the ORIGINAL bytes, verified on ingest (use-cases/verify-package-signature.ts).
     * Null on packages received before verification existed.
     */
    signed: boolean('signed'),
    signatureStatus: text('signature_status', { enum: ['valid', 'invalid', 'unsigned', 'indeterminate'] }),
    /** False: the axis had no trust folder, only integrity was checked ("chain not checked"). */
    signatureChainChecked: boolean('signature_chain_checked'),
    signerSubject: text('signer_subject'),
    signatureAlgorithm: text('signature_algorithm'),
    signatureWeak: boolean('signature_weak'),
    /** Content defects the axis accepted the package with (domain/acceptance-rule.ts): code, severity, path. */
    findings: jsonb('findings')
      .$type<readonly RecordedFinding[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('packages_sender_sha_key').on(t.senderSystem, t.sha256),
    uniqueIndex('packages_new_document_key')
      .on(t.fromOrganId, t.documentId, t.recipientsKey)
      .where(sql`kind = 'edoc' and bussiness_doc_type = 0 and document_id is not null`),
    index('packages_document_idx').on(t.documentId),
    index('packages_sender_created_idx').on(t.senderSystem, t.createdAt),
  ],
);

/** One delivery per (package, final recipient); `id` is the receiver's docId. */
export const deliveries = axis.table(
  'deliveries',
  {
    id: text('id').primaryKey(),
    docId: text('doc_id')
      .notNull()
      .references(() => packages.docId),
    kind: text('kind', { enum: ['edoc', 'status'] }).notNull(),
    recipientCode: text('recipient_code').notNull(),
    /** The code the sender addressed when the axis redirected to a successor. */
    addressedCode: text('addressed_code'),
    fromOrganId: text('from_organ_id').notNull(),
    state: text('state', { enum: ['pending', 'processing', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    retryCount: smallint('retry_count').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    fetchedAt: at('fetched_at'),
    ackedAt: at('acked_at'),
    /** Latest business status code (01–06, 13, 15, 16) of this recipient for this document. */
    statusCode: text('status_code'),
    /** Last code of the 01–06 progression (13/15/16 do not move it). */
    progressCode: text('progress_code'),
    statusDescription: text('status_description'),
    statusAt: at('status_at'),
    /** A revoke/update/replace request awaiting 15/16 from this recipient. */
    pendingRequest: text('pending_request', { enum: ['revoke', 'update', 'replace'] }),
    /** Effect of an accepted (15) request. */
    effect: text('effect', { enum: ['revoked', 'updated', 'replaced'] }),
    /** The package whose request is pending or took effect (revoke/update/replace). */
    requestDocId: text('request_doc_id'),
  },
  (t) => [
    uniqueIndex('deliveries_doc_recipient_key').on(t.docId, t.recipientCode),
    // The inbox's partial index (recipient_code, kind, created_at, id) WHERE state IN ('pending',
    // 'processing') is `deliveries_open_inbox_idx` in migrations/axis-api/ (added with the REST API).
    // Other states (failed, done) for the sender's and the operator's views.
    index('deliveries_recipient_state_idx').on(t.recipientCode, t.state, t.createdAt),
  ],
);

/** History of business statuses per (document, recipient). */
export const statusEvents = axis.table(
  'status_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => deliveries.id),
    docId: text('doc_id').notNull(),
    recipientCode: text('recipient_code').notNull(),
    statusCode: text('status_code').notNull(),
    description: text('description'),
    fromOrganId: text('from_organ_id').notNull(),
    statusDocId: text('status_doc_id').notNull(),
    /** Timestamp written in the status package (agency time). */
    statedAt: text('stated_at'),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [index('status_events_doc_idx').on(t.docId, t.recipientCode, t.id)],
);

/** Idempotency-Key of REST sends (and any caller-provided key). */
export const idempotencyKeys = axis.table(
  'idempotency_keys',
  {
    systemId: text('system_id').notNull(),
    key: text('key').notNull(),
    docId: text('doc_id').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.key] })],
);

/** Append-only, hash-chained evidence log. Never updated in place (design.md §3). */
export const evidence = axis.table(
  'evidence',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    eventType: text('event_type').notNull(),
    docId: text('doc_id'),
    packageSha256: text('package_sha256'),
    actor: text('actor'),
    at: at('at').notNull(),
    details: jsonb('details').notNull(),
  },
  (t) => [
    index('evidence_doc_idx').on(t.docId, t.seq),
    // `axis evidence export <docId>` also gathers the events of packages that refer to the document.
    index('evidence_ref_doc_idx').on(sql`(details->>'refDocId')`, t.seq),
  ],
);

/** Single-row head of the evidence chain: the row lock serialises appends. */
export const evidenceHead = axis.table('evidence_head', {
  id: smallint('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
