/**
 * The monitor context: national dashboards and open statistics, from read models projected
 * incrementally out of the axis evidence log.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config, Database, Logger } from '../platform/index.ts';
import { registerMonitorRoutes } from './http/routes.ts';
import { createReadModelStore } from './storage/read-model-store.ts';
import {
  prepareProjection,
  projectAppendedEvidence,
  projectNextBatch,
  resetProjection,
} from './storage/projection-store.ts';
import { startProjector, type Projector } from './use-cases/run-projector.ts';
import { DEFAULT_TARGETS, type Targets } from './use-cases/get-dashboard.ts';

export {
  prepareProjection,
  projectAppendedEvidence,
  projectNextBatch,
  resetProjection,
  createReadModelStore,
  DEFAULT_TARGETS,
};
export type { MonitorEvent } from './domain/monitor-event.ts';
export { toMonitorEvent } from './storage/axis-evidence-source.ts';
export type { Projector, Targets };

/** The working group's operator token: MONITOR_TOKEN, else derived from the secret key (stable across restarts). */
export function monitorOperatorToken(config: Pick<Config, 'monitorToken' | 'secretKey'>): string {
  return (
    config.monitorToken ??
    createHmac('sha256', config.secretKey)
      .update('lienthong monitor operator token')
      .digest('base64url')
      .slice(0, 32)
  );
}

export interface MonitorContext {
  readonly projector: Projector;
  close(): Promise<void>;
}

/** Mounts the routes and starts the projector loop; `close()` stops the loop after its batch in flight. */
export async function mountMonitor(
  app: FastifyInstance,
  deps: { config: Config; database: Database; logger: Logger; targets?: Targets; intervalMs?: number },
): Promise<MonitorContext> {
  const projector = startProjector({
    projectNextBatch: () => projectNextBatch(deps.database),
    logger: deps.logger,
    intervalMs: deps.intervalMs ?? 1000,
  });
  // Wake-up on new events: any write to the axis over HTTP in this process projects right away; the
  // interval catches writes made by other processes (several instances, the bulk seeder).
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && (req.url.startsWith('/vxp') || req.url.startsWith('/api/v1/axis')))
      projector.wake();
  });
  app.addHook('onClose', async () => {
    await projector.stop();
  });
  await registerMonitorRoutes(app, {
    store: createReadModelStore(deps.database),
    token: monitorOperatorToken(deps.config),
    targets: deps.targets ?? DEFAULT_TARGETS,
    now: () => new Date(),
  });
  return { projector, close: () => projector.stop() };
}
