/**
 * Composition root: builds the platform's stores from the configuration, hands them to each
 * context and mounts the contexts' routes on one HTTP server. `lienthong serve <context>` runs one
 * context alone; `npm start` (serve all) runs every context in one process.
 */
import { join } from 'node:path';
import { createAxis, createAxisRestApi, DEFAULT_AXIS_ORGAN_ID } from './axis/index.ts';
import { mountMonitor } from './monitor/index.ts';
import { createOffice } from './office/index.ts';
import { prepareDemoTrust, startDemo, type DemoOffice, type RunningDemo } from './demo/index.ts';
import { fileURLToPath } from 'node:url';
import { registerWebApp } from './platform/http/web-app.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  migrateDatabase,
  openDatabase,
  type BlobStore,
  type Config,
  type Database,
  type HttpServer,
  type Logger,
} from './platform/index.ts';

export const CONTEXTS = ['axis', 'office', 'monitor'] as const;
export type ContextName = (typeof CONTEXTS)[number];

export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: Database;
  readonly blobs: BlobStore;
  close(): Promise<void>;
}

/** Opens the database (migrating it) and the blob store. */
export async function openPlatform(
  config: Config,
  logger = createLogger(config.logLevel),
): Promise<Platform> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const blobs = new LocalBlobStore(join(config.dataDir, 'blobs'));
  return { config, logger, database, blobs, close: () => database.close() };
}

export interface RunningServer {
  readonly platform: Platform;
  readonly server: HttpServer;
  /** The port it listens on (the one chosen when PORT is 0). */
  readonly port: number;
  readonly url: string;
  /** The living demo (config.demo): seeded nation and traffic simulator. */
  readonly demo: RunningDemo | undefined;
  close(): Promise<void>;
}

/** The built web apps (office at `/`, monitor at `/giam-sat/`): `npm run build` writes them here. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface BuildOptions {
  /**
   * Run the office's background jobs (incoming documents from the axis, deadlines) in this process
   * (default true). With several HTTP workers only the first runs them; the axis webhook worker and
   * the monitor projector are safe in every process (row claims and a checkpoint lock) and always run.
   */
  readonly backgroundJobs?: boolean;
}

export async function buildServer(
  platform: Platform,
  contexts: readonly ContextName[] = CONTEXTS,
  options: BuildOptions = {},
): Promise<HttpServer> {
  const server = await createHttpServer({
    logger: platform.logger,
    bodyLimit: platform.config.maxPackageBytes,
    readinessChecks: { database: () => platform.database.ping() },
  });
  if (contexts.includes('axis')) {
    const axis = createAxis({
      database: platform.database,
      blobs: platform.blobs,
      secretKey: platform.config.secretKey,
      maxPackageBytes: platform.config.maxPackageBytes,
      vxpTimestampWindowSeconds: platform.config.vxpTimestampWindowSeconds,
      trustDir: platform.config.trustDir,
      validationMode: platform.config.axisValidationMode,
    });
    // The official SDK's service.endpoint is http://host:port/vxp (standards-vn §2.2).
    await server.register(axis.vxpPlugin, { prefix: '/vxp' });
    // REST API for new systems (/api/v1/axis), its long-poll notifier and webhook worker.
    const rest = await createAxisRestApi({
      database: platform.database,
      stores: axis.stores,
      maxPackageBytes: platform.config.maxPackageBytes,
      timestampWindowSeconds: platform.config.vxpTimestampWindowSeconds,
      axisOrganId: DEFAULT_AXIS_ORGAN_ID,
      logger: platform.logger,
      webhookAllowPrivate: platform.config.axisWebhookAllowPrivate,
    });
    server.addHook('onClose', () => rest.close());
    await server.register((app) => rest.plugin(app));
  }
  if (contexts.includes('monitor')) {
    await mountMonitor(server, {
      config: platform.config,
      database: platform.database,
      logger: platform.logger,
    });
  }
  if (contexts.includes('office')) {
    const office = createOffice({
      database: platform.database,
      blobs: platform.blobs,
      secretKey: platform.config.secretKey,
      logger: platform.logger,
      trustDir: platform.config.trustDir,
      // The office reaches the axis over HTTP with each agency's credentials, like any agency system
      // (design.md §1); embedded, that is this very server on loopback.
      axisEndpoint: () => {
        const address = server.server.address();
        const port = typeof address === 'object' && address ? address.port : platform.config.port;
        return `http://127.0.0.1:${port}`;
      },
    });
    server.decorate('office', office);
    await server.register((app) => office.routes(app));
    if (options.backgroundJobs !== false) server.addHook('onListen', async () => office.start());
    server.addHook('preClose', () => office.stop());
  }
  if (contexts.includes('office') || contexts.includes('monitor')) {
    await registerWebApp(server, WEB_DIST_DIR);
  }
  return server;
}

export async function startServer(
  given: Config,
  contexts: readonly ContextName[] = CONTEXTS,
  options: BuildOptions = {},
): Promise<RunningServer> {
  // The demo signs with its own test CA; without a TRUST_DIR the axis trusts that CA.
  const demoTrust = given.demo && contexts.includes('axis') ? await prepareDemoTrust(given) : undefined;
  const config = demoTrust?.config ?? given;
  const platform = await openPlatform(config);
  let server: HttpServer;
  try {
    server = await buildServer(platform, contexts, options);
    await server.listen({ port: config.port, host: config.host });
  } catch (err) {
    await platform.close();
    throw err;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  let demo: RunningDemo | undefined;
  if (config.demo && contexts.includes('axis')) {
    try {
      demo = await startDemo({
        ...platform,
        endpoint: `http://127.0.0.1:${port}/vxp`,
        publicUrl: url,
        office: (server as unknown as { office?: DemoOffice }).office,
        pki: demoTrust?.pki,
      });
    } catch (err) {
      await server.close();
      await platform.close();
      throw err;
    }
  }
  return {
    platform,
    server,
    port,
    url,
    demo,
    async close() {
      await demo?.stop();
      await server.close();
      await platform.close();
    },
  };
}
