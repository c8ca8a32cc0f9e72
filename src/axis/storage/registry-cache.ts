/**
 * The registry as the send path reads it: agency look-ups answered from memory. Every send asks for
 * the sender's and the recipients' agencies (acceptance, signature policy, routing), and agencies
 * change a few times a day, so a database read per send is pure overhead.
 *
 * Fresh by construction, not by a time-to-live: statement triggers on `axis.agencies`, `axis.systems`
 * and `axis.system_agencies`
 * (migrations/axis-api/0001_registry_notify.sql) notifies `axis_registry` at the commit of ANY change
 * — this process, another instance, the CLI, plain SQL — and the cache is emptied when the
 * notification arrives (within milliseconds). Until the LISTEN is confirmed, and after a lost
 * connection, nothing is cached. A read that started before an invalidation never fills the cache.
 * Writes through this store empty it at once, so a process always reads its own writes.
 * Off until `cache.start()` (the server starts it with its routes and stops it on close), so a
 * one-shot CLI command never holds a listening connection open.
 */
import type { Database, Logger } from '../../platform/index.ts';
import type { Agency } from '../domain/agency.ts';
import type { AgencyStore } from '../use-cases/ports.ts';
import { listenToChannel, type ChannelListener } from './channel-listener.ts';

export const REGISTRY_CHANNEL = 'axis_registry';

/** Codes cached at most (a national registry holds ~12,000 agencies). */
const MAX_ENTRIES = 50_000;

export interface RegistryCacheControl {
  /** Starts listening for registry changes; the cache answers only from then on. */
  start(): Promise<void>;
  /** True while change notifications arrive (caches derived from the registry may then be kept longer). */
  listening(): boolean;
  /** Runs on every registry change notification (agencies, systems, grants) and on reconnects. */
  onChange(listener: () => void): void;
  /** Stops listening (the store keeps working, uncached). */
  close(): Promise<void>;
}

export interface CachedAgencyStore extends AgencyStore {
  readonly cache: RegistryCacheControl;
}

export function withRegistryCache(
  inner: AgencyStore,
  database: Database,
  options: { logger?: Logger | undefined } = {},
): CachedAgencyStore {
  /** code → agency, or null for a code the registry does not know. */
  const cache = new Map<string, Agency | null>();
  let generation = 0;
  let listener: ChannelListener | undefined;
  let closed = false;
  const listeners: (() => void)[] = [];
  const invalidate = () => {
    generation += 1;
    cache.clear();
    for (const l of listeners) l();
  };
  let starting: Promise<void> | undefined;
  const start = () =>
    (starting ??= listenToChannel(database, REGISTRY_CHANNEL, invalidate, {
      logger: options.logger,
      onReset: invalidate,
    }).then(
      async (l) => {
        if (closed) await l.close();
        else listener = l;
      },
      () => undefined, // without notifications the cache simply stays off
    ));

  const writing =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } finally {
        invalidate();
      }
    };

  return {
    ...inner,
    async getMany(codes) {
      if (!listener?.listening()) return inner.getMany(codes);
      const result = new Map<string, Agency>();
      const missing: string[] = [];
      for (const code of new Set(codes)) {
        const hit = cache.get(code);
        if (hit === undefined) missing.push(code);
        else if (hit !== null) result.set(code, hit);
      }
      if (missing.length === 0) return result;
      const before = generation;
      const found = await inner.getMany(missing);
      const fill = generation === before && listener.listening();
      if (fill && cache.size + missing.length > MAX_ENTRIES) cache.clear();
      for (const code of missing) {
        const agency = found.get(code);
        if (agency) result.set(code, agency);
        if (fill) cache.set(code, agency ?? null);
      }
      return result;
    },
    insert: writing((input, at) => inner.insert(input, at)),
    upsertMany: writing((inputs, at) => inner.upsertMany(inputs, at)),
    setSignaturePolicy: writing((code, policy, at) => inner.setSignaturePolicy(code, policy, at)),
    setValidationMode: writing((code, mode, at) => inner.setValidationMode(code, mode, at)),
    retire: writing((code, at) => inner.retire(code, at)),
    cache: {
      start,
      listening: () => listener?.listening() ?? false,
      onChange: (l) => void listeners.push(l),
      async close() {
        closed = true;
        invalidate();
        await starting;
        await listener?.close();
        listener = undefined;
      },
    },
  };
}
