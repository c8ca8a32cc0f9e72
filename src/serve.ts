/**
 * Serving with several HTTP worker processes (HTTP_WORKERS, PostgreSQL only). One Node process runs
 * its JavaScript on one thread; on a machine with several cores the axis's send path is bound by that
 * thread long before the cores or the database are busy. With `HTTP_WORKERS=n` the process becomes a
 * node:cluster primary that migrates the database once, then forks n workers, each a whole server
 * (startServer) accepting on the same port (the primary hands connections out in turn). Everything a
 * worker keeps in memory is either a cache invalidated through PostgreSQL (registry, credentials:
 * LISTEN/NOTIFY) or per-process by nature (group commit batches, long-poll waiters woken by NOTIFY),
 * so any worker can serve any request. The office's background jobs run in the first worker only.
 *
 * A worker that dies is forked again (after a pause that grows while workers keep dying). Workers stop
 * with their primary: on SIGTERM/SIGINT (close), and on their own when the primary is gone (SIGKILL):
 * the IPC channel closes and they shut down, so no orphan keeps the port.
 */
import cluster, { type Worker } from 'node:cluster';
import { openPlatform, startServer, type ContextName } from './main.ts';
import type { RunningDemo } from './demo/index.ts';
import type { Config, Logger } from './platform/index.ts';

export interface Served {
  /** `single`: one process (HTTP_WORKERS=1); `primary`: forks and watches the workers; `worker`: one of them. */
  readonly role: 'single' | 'primary' | 'worker';
  readonly url: string;
  readonly port: number;
  readonly demo: RunningDemo | undefined;
  /** Process ids serving HTTP (the workers' in a cluster). */
  workerPids(): number[];
  close(): Promise<void>;
}

interface StartMessage {
  readonly type: 'lienthong:start';
  readonly index: number;
}

const isStart = (m: unknown): m is StartMessage =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'lienthong:start';

/** Starts the server as configured: in this process, or as the primary or a worker of a cluster. */
export async function serve(
  config: Config,
  contexts: readonly ContextName[],
  logger: Logger,
): Promise<Served> {
  if (config.httpWorkers <= 1) {
    const running = await startServer(config, contexts);
    return {
      role: 'single',
      url: running.url,
      port: running.port,
      demo: running.demo,
      workerPids: () => [process.pid],
      close: () => running.close(),
    };
  }
  return cluster.isPrimary ? servePrimary(config, logger) : serveWorker(config, contexts);
}

async function servePrimary(config: Config, logger: Logger): Promise<Served> {
  // Migrate once, before any worker opens the database (each would wait on the migration lock).
  const platform = await openPlatform(config, logger);
  await platform.close();

  const workers = new Map<number, Worker>();
  let stopping = false;
  let port = config.port;
  let recentDeaths = 0;
  let started = false;

  /**
   * Forks worker `index`; resolves with the port once it listens. Only the first worker's failure to
   * start is fatal (a configuration or database problem every worker would share); any other death,
   * before or after listening, is logged and the worker forked again after a pause.
   */
  const fork = (index: number): Promise<number | undefined> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      workers.set(index, worker);
      let listening = false;
      // Writing to a worker that just died (EPIPE): its 'exit' follows and decides what happens.
      worker.on('error', (err) => logger.warn({ err, worker: index }, 'HTTP worker channel error'));
      // The worker asks once its listener is in place (a message sent on 'online' could arrive
      // while it is still loading modules, and be lost).
      worker.on('message', (message: unknown) => {
        if ((message as { type?: unknown })?.type === 'lienthong:ready')
          worker.send({ type: 'lienthong:start', index } satisfies StartMessage);
      });
      worker.once('listening', (address) => {
        listening = true;
        resolve(address.port);
      });
      worker.once('exit', (code, signal) => {
        if (workers.get(index) === worker) workers.delete(index);
        if (stopping) return resolve(undefined);
        if (!listening && index === 0 && !started) {
          reject(new Error(`HTTP worker ${index} exited before listening (${signal ?? code})`));
          return;
        }
        recentDeaths += 1;
        setTimeout(() => (recentDeaths = Math.max(0, recentDeaths - 1)), 60_000).unref();
        const delay = Math.min(30_000, 500 * 2 ** Math.min(6, recentDeaths - 1));
        logger.error(
          { worker: index, pid: worker.process.pid, code, signal, listening, restartInMs: delay },
          'HTTP worker died',
        );
        setTimeout(() => {
          if (stopping) return;
          fork(index).catch((err: unknown) =>
            logger.error({ err, worker: index }, 'HTTP worker restart failed'),
          );
        }, delay).unref();
        if (!listening) resolve(undefined);
      });
    });

  const stopAll = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      [...workers.values()].map(
        (worker) =>
          new Promise<void>((done) => {
            if (worker.isDead()) return done();
            const force = setTimeout(() => worker.process.kill('SIGKILL'), 15_000);
            worker.once('exit', () => {
              clearTimeout(force);
              done();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    // The first worker binds the port (an ephemeral one when PORT=0); the others share it.
    port = (await fork(0)) ?? port;
    started = true;
    await Promise.all(Array.from({ length: config.httpWorkers - 1 }, (_, i) => fork(i + 1)));
  } catch (err) {
    await stopAll();
    throw err;
  }
  logger.info({ workers: config.httpWorkers, port }, 'HTTP workers listening');
  return {
    role: 'primary',
    url: config.publicUrl ?? `http://localhost:${port}`,
    port,
    demo: undefined,
    workerPids: () => [...workers.values()].flatMap((w) => (w.process.pid ? [w.process.pid] : [])),
    close: stopAll,
  };
}

async function serveWorker(config: Config, contexts: readonly ContextName[]): Promise<Served> {
  const start = await new Promise<StartMessage>((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isStart(message)) return;
      process.off('message', onMessage);
      resolve(message);
    };
    process.on('message', onMessage);
    process.send!({ type: 'lienthong:ready' });
  });
  const running = await startServer(config, contexts, { backgroundJobs: start.index === 0 });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= running.close());
  // The primary is gone (even by SIGKILL): stop rather than linger on the shared port. Closing then
  // tells the dead primary about it (EPIPE on the channel): expected, not a crash.
  cluster.worker?.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_IPC_CHANNEL_CLOSED') throw err;
  });
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void close().finally(() => process.exit(0));
  });
  return {
    role: 'worker',
    url: running.url,
    port: running.port,
    demo: running.demo,
    workerPids: () => [process.pid],
    close,
  };
}
