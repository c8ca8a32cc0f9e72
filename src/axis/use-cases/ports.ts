/**
 * The stores the axis use cases need. `storage/` implements them on the platform database; each use
 * case names only the ones it uses.
 */
import type { BlobStore, Clock } from '../../platform/index.ts';
import type { EdxmlPackage, PackageLayout } from '../../standards/index.ts';
import type { Agency, AgencyStatus } from '../domain/agency.ts';
import type { ChainedEvidence, EvidenceEvent, ChainCheck } from '../domain/evidence-chain.ts';
import type { SignaturePolicy, SignatureVerdict } from '../domain/signature-policy.ts';
import type { RecordedFinding, ValidationMode } from '../domain/acceptance-rule.ts';
import type { SignatureVerifier } from './verify-package-signature.ts';
import type { PendingRequest, RequestEffect, StatusCode } from '../domain/business-status.ts';

export type { BlobStore, Clock };

export interface AgencyInput {
  code: string;
  name: string;
  codeQd20?: string | null;
  parentCode?: string | null;
  level?: number;
  mail?: string | null;
  phone?: string | null;
  fax?: string | null;
  validFrom?: Date | null;
  validTo?: Date | null;
  successorCode?: string | null;
  status?: AgencyStatus;
}

export interface AgencyStore {
  get(code: string): Promise<Agency | undefined>;
  /** Agencies by QCVN 102 code or by QĐ 20 code; keys are the codes asked for. */
  getMany(codes: readonly string[]): Promise<Map<string, Agency>>;
  /** Inserts; throws `axis.agency_exists` when the code (or QĐ 20 code) is taken. */
  insert(input: AgencyInput & { level: number }, at: Date): Promise<Agency>;
  /** Inserts or updates by code, in one transaction; returns counts. */
  upsertMany(
    inputs: readonly (AgencyInput & { level: number })[],
    at: Date,
  ): Promise<{ inserted: number; updated: number }>;
  /** Issue 4: sets the agency's signature policy; undefined when the code is unknown. */
  setSignaturePolicy(code: string, policy: SignaturePolicy, at: Date): Promise<Agency | undefined>;
  /** Sets the agency's validation mode (null: the axis default); undefined when the code is unknown. */
  setValidationMode(code: string, mode: ValidationMode | null, at: Date): Promise<Agency | undefined>;
  /** Marks an agency deleted/retired (VXP deleteAgency). */
  retire(code: string, at: Date): Promise<boolean>;
  list(filter?: { level?: number; includeDeleted?: boolean }): Promise<Agency[]>;
  count(): Promise<number>;
}

export interface SystemRecord {
  readonly systemId: string;
  readonly status: 'active' | 'suspended';
  readonly name: string | null;
  readonly agencies: readonly string[];
  readonly createdAt: Date;
  readonly secretRotatedAt: Date;
}

export interface SystemCredentials extends SystemRecord {
  /** Decrypted HMAC secret. Never log it. */
  readonly secret: string;
}

export interface SystemStore {
  /** Throws `axis.system_exists`. */
  create(
    input: { systemId: string; secret: string; agencies: readonly string[]; name?: string },
    at: Date,
  ): Promise<SystemRecord>;
  get(systemId: string): Promise<SystemRecord | undefined>;
  getCredentials(systemId: string): Promise<SystemCredentials | undefined>;
  list(): Promise<SystemRecord[]>;
  setSecret(systemId: string, secret: string, at: Date): Promise<boolean>;
  setStatus(systemId: string, status: 'active' | 'suspended'): Promise<boolean>;
  grant(systemId: string, agencies: readonly string[]): Promise<void>;
}

export interface PackageRecord {
  readonly docId: string;
  readonly senderSystem: string;
  readonly fromOrganId: string;
  readonly kind: 'edoc' | 'status';
  readonly sha256: string;
  readonly size: number;
  readonly documentId: string | null;
  readonly bussinessDocType: number | null;
  readonly responseForDocumentId: string | null;
  readonly refDocId: string | null;
  readonly statusCode: string | null;
  readonly subject: string | null;
  readonly notation: string | null;
  readonly recipientsKey: string;
  readonly traceInsertOffset: number;
  readonly traceXml: string;
  readonly createdAt: Date;
  /** Issue 4: the signature verdict of the original bytes (use-cases/verify-package-signature.ts). */
  readonly signed?: boolean | null;
  readonly signatureStatus?: SignatureVerdict['status'] | null;
  readonly signatureChainChecked?: boolean | null;
  readonly signerSubject?: string | null;
  readonly signatureAlgorithm?: string | null;
  readonly signatureWeak?: boolean | null;
  /** Content defects the package was accepted with (domain/acceptance-rule.ts). */
  readonly findings?: readonly RecordedFinding[];
}

export type TransportState = 'pending' | 'processing' | 'done' | 'failed';

export interface DeliveryRecord {
  readonly id: string;
  readonly docId: string;
  readonly kind: 'edoc' | 'status';
  readonly recipientCode: string;
  readonly addressedCode: string | null;
  readonly fromOrganId: string;
  readonly state: TransportState;
  readonly retryCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly fetchedAt: Date | null;
  readonly ackedAt: Date | null;
  readonly statusCode: string | null;
  readonly progressCode: string | null;
  readonly statusDescription: string | null;
  readonly statusAt: Date | null;
  readonly pendingRequest: PendingRequest | null;
  readonly effect: RequestEffect | null;
  readonly requestDocId: string | null;
}

/** A business-state change of an existing delivery, applied only if the state is still `expected`. */
export interface DeliveryStateChange {
  readonly deliveryId: string;
  readonly expected: Pick<DeliveryRecord, 'statusCode' | 'progressCode' | 'pendingRequest' | 'effect'>;
  readonly next: {
    statusCode: string | null;
    progressCode: string | null;
    pendingRequest: PendingRequest | null;
    effect: RequestEffect | null;
    requestDocId: string | null;
    statusDescription: string | null;
  };
  /** When set, a row of the status history is written. */
  readonly statusEvent?: {
    statusCode: StatusCode;
    description: string | null;
    fromOrganId: string;
    statedAt: string | null;
  };
}

/** Everything one accepted send writes, atomically. */
export interface SendRecord {
  readonly package: Omit<PackageRecord, 'createdAt'> & { createdAt: Date };
  readonly deliveries: readonly { id: string; recipientCode: string; addressedCode: string | null }[];
  readonly stateChanges: readonly DeliveryStateChange[];
  readonly idempotencyKey?: string;
  readonly events: readonly EvidenceEvent[];
  /**
   * Makes the package's blob durable. The store calls it inside its transaction once the package row
   * is in and before the commit (design.md §3: a committed row never points to a missing blob; a
   * duplicate never commits its blob). May be called again after a rolled-back attempt.
   */
  readonly commitBlob?: () => Promise<void>;
}

export type RecordOutcome =
  | { kind: 'recorded' }
  /** A concurrent identical send won the race: answer with its docId. */
  | { kind: 'duplicate'; docId: string }
  /** A delivery's business state moved since it was read: the caller re-plans. */
  | { kind: 'state_conflict' };

export interface PackageStore {
  get(docId: string): Promise<PackageRecord | undefined>;
  findBySenderSha(senderSystem: string, sha256: string): Promise<PackageRecord | undefined>;
  findNewDocument(
    fromOrganId: string,
    documentId: string,
    recipientsKey: string,
  ): Promise<PackageRecord | undefined>;
  findByIdempotencyKey(systemId: string, key: string): Promise<PackageRecord | undefined>;
  /** Edoc packages with this DocumentId sent by `fromOrganId` (any, when undefined), newest first. */
  findByDocumentId(documentId: string, fromOrganId?: string): Promise<PackageRecord[]>;
  record(send: SendRecord): Promise<RecordOutcome>;
}

export interface InboxQuery {
  readonly recipientCodes: readonly string[];
  readonly kind: 'edoc' | 'status';
  /** Transport states listed (default: pending and processing). */
  readonly states?: readonly TransportState[];
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly offset: number;
}

export interface SentRow {
  readonly package: PackageRecord;
  readonly delivery: DeliveryRecord;
}

export interface DeliveryStore {
  get(id: string): Promise<DeliveryRecord | undefined>;
  listInbox(query: InboxQuery): Promise<DeliveryRecord[]>;
  countInbox(query: Omit<InboxQuery, 'limit' | 'offset'>): Promise<number>;
  /** Deliveries whose id, or whose package docId, is `idOrDocId`, addressed to one of `recipientCodes`. */
  findForRecipients(idOrDocId: string, recipientCodes: readonly string[]): Promise<DeliveryRecord[]>;
  forPackage(docId: string): Promise<DeliveryRecord[]>;
  /** Edoc deliveries of packages with this DocumentId to `recipientCode`, newest first. */
  findByDocumentAndRecipient(documentId: string, recipientCode: string): Promise<DeliveryRecord[]>;
  /** Sets fetchedAt on first fetch and appends `events` in the same transaction (only then). */
  markFetched(id: string, at: Date, events: readonly EvidenceEvent[]): Promise<boolean>;
  /**
   * Transport acknowledgement. `done` and a `fail` past the retry bound are final. Returns the
   * updated row, or undefined when the delivery is already final.
   */
  acknowledge(
    id: string,
    outcome: 'done' | 'fail' | 'processing',
    at: Date,
    maxRetries: number,
    events: (next: DeliveryRecord) => readonly EvidenceEvent[],
  ): Promise<DeliveryRecord | undefined>;
  listSent(query: {
    senderSystem: string;
    docId?: string;
    kind?: 'edoc' | 'status';
    limit: number;
    offset: number;
  }): Promise<SentRow[]>;
  statusHistory(docId: string): Promise<
    {
      deliveryId: string;
      recipientCode: string;
      statusCode: string;
      description: string | null;
      fromOrganId: string;
      statusDocId: string;
      statedAt: string | null;
      receivedAt: Date;
    }[]
  >;
}

export interface EvidenceStore {
  append(events: readonly EvidenceEvent[]): Promise<ChainedEvidence[]>;
  verify(onProgress?: (checked: number) => void): Promise<ChainCheck>;
  /** Every event about a package: its own and those of packages that refer to it. */
  forDocument(docId: string): Promise<ChainedEvidence[]>;
  count(): Promise<number>;
}

/** Reads an edXML package from a stream (the standards library behind a port). */
export interface PackageReader {
  read(source: AsyncIterable<Uint8Array>): Promise<ReadPackage>;
  /** The XML fragment of the axis TraceHeader to insert at `layout.traceInsertOffset`. */
  traceHeaderXml(layout: PackageLayout, trace: { organId: string; timestamp: string }): string;
}

export interface ValidationFinding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

export interface ReadPackage {
  readonly package: EdxmlPackage;
  readonly layout: PackageLayout;
  readonly findings: readonly ValidationFinding[];
}

export interface AxisStores {
  readonly agencies: AgencyStore;
  readonly systems: SystemStore;
  readonly packages: PackageStore;
  readonly deliveries: DeliveryStore;
  readonly evidence: EvidenceStore;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly reader: PackageReader;
  /** Issue 4: verifies package signatures on ingest; when absent, packages are recorded unchecked. */
  readonly signatures?: SignatureVerifier;
  /** Axis-wide validation mode (config AXIS_VALIDATION); absent: lenient (domain/acceptance-rule.ts). */
  readonly validationMode?: ValidationMode;
}
