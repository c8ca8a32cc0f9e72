/**
 * Wakes long-polling inbox requests (and the webhook worker) when deliveries are committed. The
 * `deliveries` insert trigger (migrations/axis-api) calls `pg_notify('axis_inbox', <recipient codes>)`,
 * which PostgreSQL delivers at commit to every listening instance, so several stateless instances behind
 * a load balancer all wake; on PGlite the same notification arrives through `pglite.listen`. Inside
 * one process the notifications fan out through an in-process emitter.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database, Logger } from '../../platform/index.ts';

export const INBOX_CHANNEL = 'axis_inbox';

export interface InboxNotifier {
  /**
   * Starts watching `codes` now; `wait` resolves true as soon as a delivery to one of them is committed
   * after this call (even before `wait` is called), or false at the timeout or abort.
   */
  watch(codes: readonly string[]): {
    wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
    stop(): void;
  };
  /** Any committed delivery (for the webhook worker). */
  onAny(listener: () => void): () => void;
  close(): Promise<void>;
}

export async function createInboxNotifier(database: Database, logger?: Logger): Promise<InboxNotifier> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const dispatch = (payload: string) => {
    emitter.emit('any');
    const codes = payload === '*' ? ['*'] : payload.split(',');
    for (const code of codes) emitter.emit(`code:${code}`);
    if (payload === '*') emitter.emit('all');
  };

  let closing = false;
  let stopListening: () => Promise<void> = async () => {};

  if (database.kind === 'pglite' && database.pglite) {
    const unsubscribe = await database.pglite.listen(INBOX_CHANNEL, dispatch);
    stopListening = unsubscribe;
  } else if (database.pool) {
    // A dedicated connection (not a pool slot): LISTEN holds it for the life of the process.
    const options = (database.pool as unknown as { options: pg.ClientConfig }).options;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (delayMs: number): Promise<void> => {
      if (closing) return;
      const next = new pg.Client(options);
      next.on('notification', (msg) => dispatch(msg.payload ?? '*'));
      next.on('error', (err) => {
        logger?.warn({ err }, 'inbox notifier connection lost; reconnecting');
        void next.end().catch(() => {});
        if (client === next) client = undefined;
        // Waiters re-check the inbox after a reconnect, so nothing committed meanwhile is missed for long.
        emitter.emit('all');
        retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs);
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${INBOX_CHANNEL}`);
        client = next;
      } catch (err) {
        logger?.warn({ err }, 'inbox notifier could not connect; retrying');
        await next.end().catch(() => {});
        if (!closing) retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs);
      }
    };
    await connect(500);
    stopListening = async () => {
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  }

  return {
    watch(codes) {
      let fired = false;
      let wake: (() => void) | undefined;
      const onEvent = () => {
        fired = true;
        wake?.();
      };
      const events = [...new Set(codes)].map((code) => `code:${code}`).concat('all', 'code:*');
      for (const event of events) emitter.on(event, onEvent);
      const stop = () => {
        for (const event of events) emitter.off(event, onEvent);
      };
      return {
        stop,
        wait(timeoutMs, signal) {
          if (fired) return Promise.resolve(true);
          return new Promise<boolean>((resolve) => {
            const finish = (value: boolean) => {
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
              wake = undefined;
              resolve(value);
            };
            const onAbort = () => finish(false);
            const timer = setTimeout(() => finish(false), timeoutMs);
            signal?.addEventListener('abort', onAbort, { once: true });
            wake = () => finish(true);
          });
        },
      };
    },
    onAny(listener) {
      emitter.on('any', listener);
      return () => emitter.off('any', listener);
    },
    async close() {
      closing = true;
      emitter.emit('all');
      emitter.removeAllListeners();
      await stopListening();
    },
  };
}
