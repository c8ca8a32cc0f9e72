/**
 * LISTEN on one PostgreSQL notification channel for the life of the process: a dedicated connection
 * (not a pool slot) that reconnects with back-off, or `pglite.listen` on the embedded database.
 * `onReset` runs whenever notifications may have been missed (the connection dropped), so callers
 * can drop what they derived from them.
 */
import pg from 'pg';
import type { Database, Logger } from '../../platform/index.ts';

export interface ChannelListener {
  /** True while notifications are being received (after LISTEN succeeded, until a disconnect). */
  listening(): boolean;
  close(): Promise<void>;
}

export async function listenToChannel(
  database: Database,
  channel: string,
  onMessage: (payload: string) => void,
  options: { logger?: Logger | undefined; onReset?: () => void } = {},
): Promise<ChannelListener> {
  const { logger, onReset } = options;
  if (database.kind === 'pglite' && database.pglite) {
    const unsubscribe = await database.pglite.listen(channel, onMessage);
    return { listening: () => true, close: unsubscribe };
  }
  if (!database.pool) return { listening: () => false, close: async () => {} };

  const config = (database.pool as unknown as { options: pg.ClientConfig }).options;
  let closing = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (delayMs: number): Promise<void> => {
    if (closing) return;
    const next = new pg.Client(config);
    next.on('notification', (msg) => onMessage(msg.payload ?? ''));
    next.on('error', (err) => {
      logger?.warn({ err, channel }, 'notification connection lost; reconnecting');
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      onReset?.();
      retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      onReset?.(); // anything derived before LISTEN took effect may be stale
    } catch (err) {
      logger?.warn({ err, channel }, 'notification connection failed; retrying');
      await next.end().catch(() => {});
      if (!closing) retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs);
    }
  };
  await connect(500);
  return {
    listening: () => client !== undefined,
    async close() {
      closing = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
