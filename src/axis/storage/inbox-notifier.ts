/**
 * Wakes long-polling inbox requests (and the webhook worker) when deliveries are committed. The
 * `deliveries` insert trigger (migrations/axis-api) calls `pg_notify('axis_inbox', <recipient codes>)`,
 * which PostgreSQL delivers at commit to every listening instance, so several stateless instances behind
 * a load balancer all wake; on PGlite the same notification arrives through `pglite.listen`. Inside
 * one process the notifications fan out through an in-process emitter.
 */
import { EventEmitter } from 'node:events';
import type { Database, Logger } from '../../platform/index.ts';
import { listenToChannel } from './channel-listener.ts';

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

  const listener = await listenToChannel(database, INBOX_CHANNEL, (payload) => dispatch(payload || '*'), {
    logger,
    // Waiters re-check the inbox after a reconnect, so nothing committed meanwhile is missed for long.
    onReset: () => emitter.emit('all'),
  });

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
      emitter.emit('all');
      emitter.removeAllListeners();
      await listener.close();
    },
  };
}
