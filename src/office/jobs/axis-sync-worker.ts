/**
 * Background synchronisation with the axis: for every agency with axis credentials, send what is
 * queued (outgoing documents, status packages), pull the inbox (documents and statuses), then send
 * the 01s just queued. A database lease per agency keeps two instances from pulling the same inbox
 * at once. A change made through the API nudges its agency so statuses leave within a second.
 */
import { randomUUID } from 'node:crypto';
import type { OfficeDeps } from '../use-cases/deps.ts';
import { flushOutbox } from '../use-cases/flush-outbox.ts';
import { pullInbox } from '../use-cases/receive-from-axis.ts';
import type { AgencyRecord } from '../use-cases/ports.ts';

export interface AxisSyncWorker {
  /** Runs one pass now (all agencies, or one) and resolves when it is done. */
  runOnce(agencyId?: number): Promise<void>;
  nudge(agencyId: number): void;
  stop(): Promise<void>;
}

const LEASE_MS = 60_000;

export function startAxisSyncWorker(
  deps: OfficeDeps,
  options: { intervalMs: number; autoStart?: boolean },
): AxisSyncWorker {
  const holder = randomUUID();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const nudged = new Set<number>();
  let nudgeTimer: NodeJS.Timeout | undefined;

  async function syncAgency(agency: AgencyRecord): Promise<void> {
    const lease = `axis-sync:${agency.id}`;
    if (!(await deps.store.tryLease(lease, holder, LEASE_MS, deps.clock.now()))) return;
    try {
      await flushOutbox(deps, agency);
      const pulled = await pullInbox(deps, agency);
      if (pulled.documents > 0 || pulled.statuses > 0) await flushOutbox(deps, agency);
    } catch (err) {
      deps.logger?.warn({ err, agency: agency.code }, 'office: axis synchronisation failed');
    } finally {
      await deps.store.releaseLease(lease, holder).catch(() => undefined);
    }
  }

  async function pass(agencyId?: number): Promise<void> {
    const agencies = (await deps.store.listAgencies()).filter(
      (a) => a.axisSystemId && a.axisSecret && (agencyId === undefined || a.id === agencyId),
    );
    for (const agency of agencies) {
      if (stopped) return;
      await syncAgency(agency);
    }
  }

  /** Passes never overlap: each waits for the previous one. */
  function enqueue(agencyId?: number): Promise<void> {
    running = running
      .then(() => (stopped ? undefined : pass(agencyId)))
      .catch((err: unknown) => {
        deps.logger?.warn({ err }, 'office: axis synchronisation pass failed');
      });
    return running;
  }

  const timer =
    options.autoStart === false ? undefined : setInterval(() => void enqueue(), options.intervalMs);
  timer?.unref();

  return {
    runOnce: (agencyId) => enqueue(agencyId),
    nudge(agencyId) {
      if (stopped) return;
      nudged.add(agencyId);
      nudgeTimer ??= setTimeout(() => {
        nudgeTimer = undefined;
        const ids = [...nudged];
        nudged.clear();
        for (const id of ids) void enqueue(id);
      }, 50);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudgeTimer) clearTimeout(nudgeTimer);
      await running;
    },
  };
}
