/**
 * The national document exchange axis (Trục liên thông văn bản quốc gia): agency registry,
 * store-and-forward delivery, status relay, evidence log. The only file other contexts import.
 */
import type { FastifyInstance } from 'fastify';
import type { BlobStore, Clock, Database } from '../platform/index.ts';
import { systemClock } from '../platform/index.ts';
import { createAxisStores } from './storage/index.ts';
import { createStandardsPackageReader } from './use-cases/standards-package-reader.ts';
import { createTrustSignatureVerifier } from './use-cases/trust-signature-verifier.ts';
import type { TrustPolicy } from '../trust/index.ts';
import type { AxisStores } from './use-cases/ports.ts';
import type { ValidationMode } from './domain/acceptance-rule.ts';
import { vxpRoutes } from './vxp/vxp-routes.ts';

export type { AxisStores } from './use-cases/ports.ts';
export type * from './use-cases/ports.ts';
export type { Agency } from './domain/agency.ts';
export { axisErrors, type AxisErrorCode } from './domain/errors.ts';
export { VXP_ERROR_CODES, vxpFailure } from './vxp/vxp-error-codes.ts';
export { createAxisStores } from './storage/index.ts';
export { sendPackage } from './use-cases/send-package.ts';
export { listInbox, countInbox } from './use-cases/list-inbox.ts';
export { fetchPackage, readFetched } from './use-cases/fetch-package.ts';
export { acknowledgeDelivery, MAX_DELIVERY_RETRIES } from './use-cases/acknowledge-delivery.ts';
export { listSent } from './use-cases/list-sent.ts';
export { registerAgency, retireAgency, listAgencies } from './use-cases/register-agency.ts';
export { importAgencies, parseAgencyFile } from './use-cases/import-agencies.ts';
export { registerSystem, rotateSecret, setSystemStatus, listSystems } from './use-cases/register-system.ts';
export { verifyEvidence, exportEvidence } from './use-cases/verify-evidence.ts';
export { setSignaturePolicy } from './use-cases/set-signature-policy.ts';
export { setValidationMode } from './use-cases/set-validation-mode.ts';
export { VALIDATION_MODES, type ValidationMode, type RecordedFinding } from './domain/acceptance-rule.ts';
export { isStandardAgencyCode } from './domain/agency.ts';
/** Time-ordered docIds (UUIDv7), for tools that write axis rows in bulk (the demo's history seed). */
export { newDocId } from './domain/doc-id.ts';
export {
  SIGNATURE_POLICIES,
  DEFAULT_SIGNATURE_POLICY,
  isSignaturePolicy,
  type SignaturePolicy,
  type SignatureVerdict,
} from './domain/signature-policy.ts';
export { SEED_AGENCIES_FILE } from './seed/seed-file.ts';
export { createAxisRestApi, type AxisRestApi, type AxisRestApiOptions } from './http/rest-api.ts';

/** OrganId the axis writes in its TraceHeader unless configured otherwise: Văn phòng Chính phủ runs the national axis. */
export const DEFAULT_AXIS_ORGAN_ID = '000.00.00.G22';

export interface AxisOptions {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly secretKey: Buffer;
  readonly maxPackageBytes: number;
  readonly vxpTimestampWindowSeconds: number;
  readonly clock?: Clock;
  readonly axisOrganId?: string;
  readonly rateLimitPerMinute?: number;
  /**
   * Issue 4: trust folder (config TRUST_DIR) against which package signatures are verified on ingest;
   * without one (and without `trustPolicy`) signatures are checked for integrity only.
   */
  readonly trustDir?: string | undefined;
  /** A trust policy built in code (tests); takes precedence over `trustDir`. */
  readonly trustPolicy?: TrustPolicy | undefined;
  /** Axis-wide validation mode (config AXIS_VALIDATION): `strict` refuses any error-level finding. */
  readonly validationMode?: ValidationMode | undefined;
}

export interface Axis {
  readonly stores: AxisStores;
  /** Fastify plugin with the VXP routes; register it with `{ prefix: '/vxp' }`. */
  vxpPlugin: (this: void, app: FastifyInstance) => Promise<void>;
}

/** Builds the axis on the platform's stores. */
export function createAxis(options: AxisOptions): Axis {
  const stores = createAxisStores({
    database: options.database,
    blobs: options.blobs,
    secretKey: options.secretKey,
    clock: options.clock ?? systemClock,
    reader: createStandardsPackageReader({ maxBytes: options.maxPackageBytes }),
    signatures: createTrustSignatureVerifier({ trustDir: options.trustDir, policy: options.trustPolicy }),
    validationMode: options.validationMode,
  });
  return {
    stores,
    vxpPlugin: async (app) => {
      // The registry cache lives as long as the server that serves sends (storage/registry-cache.ts).
      await stores.registryCache.start();
      app.addHook('onClose', () => stores.registryCache.close());
      await vxpRoutes(app, {
        stores,
        timestampWindowSeconds: options.vxpTimestampWindowSeconds,
        maxPackageBytes: options.maxPackageBytes,
        axisOrganId: options.axisOrganId ?? DEFAULT_AXIS_ORGAN_ID,
        ...(options.rateLimitPerMinute !== undefined
          ? { rateLimitPerMinute: options.rateLimitPerMinute }
          : {}),
      });
    },
  };
}
