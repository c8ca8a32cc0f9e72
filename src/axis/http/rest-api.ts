/**
 * Assembles the REST API of the axis: its stores (webhooks, statistics, inbox pages), the inbox
 * notifier (LISTEN/NOTIFY) and the webhook worker, around the axis core's stores and use cases.
 */
import type { FastifyInstance } from 'fastify';
import type { Database, Logger } from '../../platform/index.ts';
import { createWebhookFetch } from '../jobs/screened-fetch.ts';
import { startWebhookWorker, type WebhookWorker } from '../jobs/webhook-worker.ts';
import { createInboxNotifier, type InboxNotifier } from '../storage/inbox-notifier.ts';
import { createInboxPageStore } from '../storage/inbox-page-store.ts';
import { createStatisticsStore } from '../storage/statistics-store.ts';
import { createWebhookStore } from '../storage/webhook-store.ts';
import { DEFAULT_WEBHOOK_POLICY, type WebhookDeliveryPolicy } from '../use-cases/deliver-webhooks.ts';
import type { AxisStores } from '../use-cases/ports.ts';
import type { WebhookStore } from '../use-cases/webhook-ports.ts';
import { registerAxisRestRoutes } from './rest-routes.ts';

export interface AxisRestApiOptions {
  readonly database: Database;
  readonly stores: AxisStores;
  readonly maxPackageBytes: number;
  readonly timestampWindowSeconds: number;
  readonly axisOrganId: string;
  readonly logger?: Logger;
  /** Deliver webhooks from this process (default true; any number of instances may run the worker). */
  readonly webhookWorker?: boolean;
  readonly webhookPolicy?: Partial<WebhookDeliveryPolicy>;
  readonly webhookPollMs?: number;
  /** HTTP client of the webhook worker (tests). */
  readonly fetch?: typeof fetch;
  /**
   * Let webhooks reach loopback, private and reserved addresses (AXIS_WEBHOOK_ALLOW_PRIVATE; default
   * false: jobs/screened-fetch.ts refuses them, against SSRF).
   */
  readonly webhookAllowPrivate?: boolean;
}

export interface AxisRestApi {
  /** Fastify plugin adding /api/v1/axis/…; register on the root instance (it sets its own prefix). */
  plugin(app: FastifyInstance): Promise<void>;
  readonly notifier: InboxNotifier;
  readonly webhooks: WebhookStore;
  readonly webhookWorker: WebhookWorker | undefined;
  close(): Promise<void>;
}

export async function createAxisRestApi(options: AxisRestApiOptions): Promise<AxisRestApi> {
  const notifier = await createInboxNotifier(options.database, options.logger);
  const webhooks = createWebhookStore(options.database);
  const webhookWorker =
    options.webhookWorker === false
      ? undefined
      : startWebhookWorker(
          {
            webhooks,
            systems: options.stores.systems,
            clock: options.stores.clock,
            fetch:
              options.fetch ?? createWebhookFetch({ allowPrivate: options.webhookAllowPrivate ?? false }),
          },
          {
            notifier,
            ...(options.logger ? { logger: options.logger } : {}),
            ...(options.webhookPollMs ? { pollMs: options.webhookPollMs } : {}),
            policy: { ...DEFAULT_WEBHOOK_POLICY, ...options.webhookPolicy },
          },
        );
  const deps = {
    stores: options.stores,
    webhooks,
    statistics: createStatisticsStore(options.database),
    inboxPages: createInboxPageStore(options.database),
    notifier,
    maxPackageBytes: options.maxPackageBytes,
    timestampWindowSeconds: options.timestampWindowSeconds,
    axisOrganId: options.axisOrganId,
  };
  return {
    plugin: (app) => registerAxisRestRoutes(app, deps),
    notifier,
    webhooks,
    webhookWorker,
    async close() {
      await webhookWorker?.stop();
      await notifier.close();
    },
  };
}
