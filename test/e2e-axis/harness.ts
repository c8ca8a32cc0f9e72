/**
 * A real axis over real HTTP for the end-to-end journeys: the production server factory with the VXP
 * routes under /vxp and the REST API under /api/v1/axis, on a fresh migrated database (PGlite, or
 * PostgreSQL when DATABASE_URL is set) and a temporary blob store. Agencies and systems are created
 * through the axis use cases; everything else goes through src/axis-client over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { createAxis, DEFAULT_AXIS_ORGAN_ID, type Axis } from '../../src/axis/index.ts';
import { createAxisRestApi, type AxisRestApi } from '../../src/axis/http/rest-api.ts';
import { registerAgency } from '../../src/axis/use-cases/register-agency.ts';
import { registerSystem } from '../../src/axis/use-cases/register-system.ts';
import type { WebhookDeliveryPolicy } from '../../src/axis/use-cases/deliver-webhooks.ts';
import {
  createAxisRestClient,
  createVxpClient,
  type AxisRestClient,
  type VxpClient,
} from '../../src/axis-client/index.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  type Clock,
  type HttpServer,
} from '../../src/platform/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export interface TestSystem {
  readonly systemId: string;
  readonly secret: string;
  readonly agencies: readonly string[];
  readonly vxp: VxpClient;
  readonly rest: AxisRestClient;
}

export interface AxisHarness {
  readonly url: string;
  readonly vxpEndpoint: string;
  readonly axis: Axis;
  readonly rest: AxisRestApi;
  readonly database: TestDatabase;
  readonly server: HttpServer;
  addAgency(
    code: string,
    name: string,
    extra?: {
      parentCode?: string;
      successorCode?: string;
      status?: 'active' | 'suspended' | 'retired';
      validTo?: Date;
    },
  ): Promise<void>;
  addSystem(systemId: string, agencies: readonly string[]): Promise<TestSystem>;
  close(): Promise<void>;
}

export async function startAxisHarness(
  options: {
    maxPackageBytes?: number;
    clock?: Clock;
    webhookPolicy?: Partial<WebhookDeliveryPolicy>;
    webhookPollMs?: number;
    webhookAllowPrivate?: boolean;
    /** Trust folder the axis verifies package signatures against (integrity only without it). */
    trustDir?: string;
  } = {},
): Promise<AxisHarness> {
  const database = await createTestDatabase();
  const dir = await tempDir('axis-e2e-');
  const blobs = new LocalBlobStore(`${dir.path}/blobs`);
  const maxPackageBytes = options.maxPackageBytes ?? 64 * 1024 * 1024;
  const axis = createAxis({
    database,
    blobs,
    secretKey: randomBytes(32),
    maxPackageBytes,
    vxpTimestampWindowSeconds: 900,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.trustDir ? { trustDir: options.trustDir } : {}),
  });
  const rest = await createAxisRestApi({
    database,
    stores: axis.stores,
    maxPackageBytes,
    timestampWindowSeconds: 900,
    axisOrganId: DEFAULT_AXIS_ORGAN_ID,
    ...(options.webhookPolicy ? { webhookPolicy: options.webhookPolicy } : {}),
    webhookPollMs: options.webhookPollMs ?? 200,
    // Test receivers listen on 127.0.0.1, which the production default refuses (SSRF screen).
    webhookAllowPrivate: options.webhookAllowPrivate ?? true,
  });
  const server = await createHttpServer({ logger: createLogger('silent'), bodyLimit: maxPackageBytes });
  await server.register((app) => axis.vxpPlugin(app), { prefix: '/vxp' });
  await server.register((app) => rest.plugin(app));
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const deps = { ...axis.stores };
  return {
    url,
    vxpEndpoint: `${url}/vxp`,
    axis,
    rest,
    database,
    server,
    async addAgency(code, name, extra = {}) {
      await registerAgency(deps, {
        code,
        name,
        ...(extra.parentCode ? { parentCode: extra.parentCode } : {}),
        ...(extra.successorCode ? { successorCode: extra.successorCode } : {}),
        ...(extra.status ? { status: extra.status } : {}),
        ...(extra.validTo ? { validTo: extra.validTo } : {}),
      });
    },
    async addSystem(systemId, agencies) {
      const secret = randomBytes(24).toString('base64url');
      await registerSystem(deps, { systemId, secret, agencies });
      return {
        systemId,
        secret,
        agencies,
        vxp: createVxpClient({ endpoint: `${url}/vxp`, systemId, secret }),
        rest: createAxisRestClient({ endpoint: url, systemId, secret }),
      };
    },
    async close() {
      await server.close();
      await rest.close();
      await database.close();
      await dir.cleanup();
    },
  };
}
