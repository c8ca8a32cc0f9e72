/**
 * The office context: agency document management (quản lý văn bản và điều hành) per Decree 30/2020,
 * multi-tenant. Reaches the axis only through axis-client over HTTP. The only file other contexts
 * (and src/main.ts) import.
 */
import type { FastifyInstance } from 'fastify';
import type { BlobStore, Clock, Database, Logger } from '../platform/index.ts';
import { systemClock } from '../platform/index.ts';
import { startAxisSyncWorker, type AxisSyncWorker } from './jobs/axis-sync-worker.ts';
import { officeRoutes } from './http/routes.ts';
import { createAxisGatewayFactory } from './storage/axis-gateway.ts';
import { createOfficeStore } from './storage/office-store.ts';
import { createSecretCipher, type SecretCipher } from './storage/secret-cipher.ts';
import { pdfTextOrEmpty } from './storage/pdf-text.ts';
import { createOfficeSignatureVerifier } from './storage/trust-verifier.ts';
import type { DocumentSigners, OfficeDeps, SignatureVerifier } from './use-cases/deps.ts';
import { createAgency, createUser, setAxisCredentials } from './use-cases/manage-accounts.ts';
import type { AgencyRecord, AxisGatewayFactory, DepartmentRecord, UserRecord } from './use-cases/ports.ts';

export { officeErrors, type OfficeErrorCode } from './domain/errors.ts';
export { ROLES, ROLE_NAMES, type Role } from './domain/roles.ts';
export { OFFICE_PREFIX, SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './http/routes.ts';
export type { AgencyRecord, DepartmentRecord, UserRecord, OfficeStore } from './use-cases/ports.ts';
export type {
  Actor,
  DocumentSigners,
  OfficeDeps,
  SignatureReport,
  SignatureVerifier,
} from './use-cases/deps.ts';

export interface OfficeOptions {
  readonly database: Database;
  readonly blobs: BlobStore;
  /** config.secretKey: encrypts the agencies' axis secrets at rest. */
  readonly secretKey: Buffer;
  /** Base URL of the axis, resolved at call time (embedded mode: this server's own loopback address). */
  readonly axisEndpoint: () => string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Pull/send interval of the background job (ms, default 3000); 0 = no timer (tests call syncNow). */
  readonly syncIntervalMs?: number;
  readonly verifySignature?: SignatureVerifier;
  /** Trust folder (TRUST_DIR) whose anchors received signatures chain to; unset: integrity only. */
  readonly trustDir?: string | undefined;
  /** Replaces the HTTP gateway (never needed in production; the office always goes over HTTP). */
  readonly axisGateway?: AxisGatewayFactory;
  readonly loginRateLimit?: number;
  /** Signing keys of leaders and agencies (src/trust signers); without them signatures stay pending. */
  readonly signers?: DocumentSigners;
}

export interface Office {
  readonly deps: OfficeDeps;
  /** Mounts the REST API under /api/v1/office. */
  routes(app: FastifyInstance): Promise<void>;
  /** Starts the background axis synchronisation (idempotent). */
  start(): void;
  /** Stops the background job and waits for a pass in progress. */
  stop(): Promise<void>;
  /** Sets where signing keys come from (configured after start, e.g. by the demo or an operator). */
  useSigners(signers: DocumentSigners | undefined): void;
  /** One synchronisation pass now (tests, CLI). */
  syncNow(agencyId?: number): Promise<void>;
  createAgency(input: {
    code: string;
    name: string;
    abbreviation: string;
    axisSystemId?: string;
    axisSecret?: string;
  }): Promise<AgencyRecord>;
  setAxisCredentials(agencyId: number, systemId: string, secret: string): Promise<void>;
  createDepartment(input: {
    agencyId: number;
    name: string;
    abbreviation: string;
  }): Promise<DepartmentRecord>;
  createUser(input: {
    agencyId: number;
    username: string;
    password: string;
    fullName: string;
    role: 'clerk' | 'leader' | 'officer' | 'admin';
    departmentId?: number | null;
    position?: string | null;
  }): Promise<UserRecord>;
}

export function createOffice(options: OfficeOptions): Office {
  const store = createOfficeStore(options.database.db);
  const cipher: SecretCipher = createSecretCipher(options.secretKey);
  let signers = options.signers;
  const deps: OfficeDeps = {
    store,
    blobs: options.blobs,
    clock: options.clock ?? systemClock,
    axis: options.axisGateway ?? createAxisGatewayFactory({ endpoint: options.axisEndpoint, cipher }),
    verifySignature: options.verifySignature ?? createOfficeSignatureVerifier({ trustDir: options.trustDir }),
    extractText: pdfTextOrEmpty,
    signers: {
      leader: async (agency, userId) => signers?.leader(agency, userId),
      agency: async (agency) => signers?.agency(agency),
    },
    logger: options.logger,
  };
  const interval = options.syncIntervalMs ?? 3000;
  let worker: AxisSyncWorker | undefined;
  const ensureWorker = (autoStart: boolean) =>
    (worker ??= startAxisSyncWorker(deps, { intervalMs: interval || 3000, autoStart }));
  return {
    deps,
    routes: (app) =>
      officeRoutes(app, {
        deps,
        nudge: (agencyId) => ensureWorker(interval > 0).nudge(agencyId),
        ...(options.loginRateLimit !== undefined ? { loginRateLimit: options.loginRateLimit } : {}),
      }),
    start() {
      ensureWorker(interval > 0);
    },
    async stop() {
      await worker?.stop();
    },
    useSigners(next) {
      signers = next;
    },
    syncNow: (agencyId) => ensureWorker(interval > 0).runOnce(agencyId),
    createAgency: (input) => createAgency({ store, cipher }, input),
    setAxisCredentials: (agencyId, systemId, secret) =>
      setAxisCredentials({ store, cipher }, agencyId, systemId, secret),
    async createDepartment(input) {
      const dept = await store.createDepartment({
        ...input,
        name: input.name.normalize('NFC'),
        abbreviation: input.abbreviation.normalize('NFC'),
      });
      await store.audit({
        agencyId: input.agencyId,
        userId: null,
        action: 'department.created',
        objectType: 'department',
        objectId: dept.id,
      });
      return dept;
    },
    createUser: (input) => createUser({ store }, input),
  };
}
