/**
 * Keeps the read models up to date inside the server process: applies batches while there is
 * evidence to read, then sleeps until the next tick or an explicit wake-up (after a send). One batch
 * at a time; `stop()` waits for the batch in flight, so closing the server never cuts a transaction.
 */
export interface ProjectionBatch {
  readonly rows: number;
  readonly lastSeq: number;
}

export interface ProjectorLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface Projector {
  /** Ask for a run as soon as possible (coalesced). */
  wake(): void;
  /** Runs until the evidence is exhausted; resolves with the last projected sequence number. */
  catchUp(): Promise<number>;
  stop(): Promise<void>;
  readonly lastSeq: number;
}

export function startProjector(options: {
  projectNextBatch: () => Promise<ProjectionBatch>;
  logger: ProjectorLogger;
  intervalMs?: number;
}): Projector {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let lastSeq = 0;
  let timer: NodeJS.Timeout | null = null;

  const drain = async (): Promise<number> => {
    for (;;) {
      const batch = await options.projectNextBatch();
      lastSeq = batch.lastSeq;
      if (batch.rows === 0 || stopped) return lastSeq;
    }
  };

  const run = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drain();
        } while (again && !stopped);
      } catch (err) {
        options.logger.warn({ err }, 'monitor projector batch failed; retrying on the next tick');
      } finally {
        running = null;
      }
      return lastSeq;
    })();
    return running;
  };

  const tick = () => {
    if (stopped) return;
    void run().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, 0);

  return {
    wake() {
      if (!stopped) void run();
    },
    async catchUp() {
      if (running) await running;
      return run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
    get lastSeq() {
      return lastSeq;
    },
  };
}
