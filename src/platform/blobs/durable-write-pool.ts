/**
 * Durable small-file writes off the main thread, in few system calls. Making one small blob durable
 * takes eight file-system operations (open, write, fdatasync, close, rename, open the directory, fsync
 * it, close it); through fs/promises each is a promise, a FileHandle and a libuv threadpool round
 * trip, about 0.1 ms of main-thread CPU per blob in all — a tenth of the axis's send path. Here the
 * whole sequence runs as plain synchronous calls on a small pool of worker threads (they block on
 * fsync, the event loop does not) and the main thread pays one message each way.
 *
 * Used by LocalBlobStore for blobs that were buffered whole in memory; large (streamed) blobs keep
 * their temporary file and the promise path.
 */
import { Worker } from 'node:worker_threads';

/** Runs in each worker thread (CommonJS, evaluated from this string). */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', (job) => {
  let fd;
  try {
    if (job.mkdir) fs.mkdirSync(job.dir, { recursive: true });
    fd = fs.openSync(job.tmpPath, 'wx', 0o640);
    const data = new Uint8Array(job.data);
    for (let at = 0; at < data.byteLength; ) at += fs.writeSync(fd, data, at, data.byteLength - at);
    fs.fdatasyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(job.tmpPath, job.finalPath);
    const dirFd = fs.openSync(job.dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
    parentPort.postMessage({ id: job.id });
  } catch (err) {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
    try { fs.rmSync(job.tmpPath, { force: true }); } catch {}
    parentPort.postMessage({ id: job.id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

export interface DurableWrite {
  /** Written first (exclusive create), then renamed to `finalPath`. */
  readonly tmpPath: string;
  readonly finalPath: string;
  /** The directory of `finalPath`, fsynced after the rename. */
  readonly dir: string;
  /** Create `dir` first (recursive). */
  readonly mkdir: boolean;
  /** The bytes; the pool takes (transfers) this buffer. */
  readonly data: ArrayBuffer;
}

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
}

interface Pending {
  /** The thread the job went to. */
  readonly thread: PoolWorker;
  resolve(): void;
  reject(err: Error): void;
}

export class DurableWritePool {
  private readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `size` threads: fsyncs wait on the disk, so a few in parallel keep group commits short. */
  constructor(size = 4) {
    this.size = size;
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const entry: PoolWorker = { worker, inFlight: 0 };
    worker.on('message', (message: { id: number; error?: { message: string; code?: string } }) => {
      entry.inFlight -= 1;
      if (entry.inFlight === 0) worker.unref();
      const job = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!job) return;
      if (!message.error) return job.resolve();
      const err = new Error(message.error.message) as NodeJS.ErrnoException;
      if (message.error.code) err.code = message.error.code;
      job.reject(err);
    });
    worker.on('error', (err: Error) => this.fail(entry, err));
    worker.on('exit', (code) => this.fail(entry, new Error(`blob write thread exited (${code})`)));
    worker.unref();
    return entry;
  }

  /** A thread died: its jobs' outcome is unknown — they fail (the caller aborts), and it is replaced. */
  private fail(entry: PoolWorker, err: Error): void {
    const index = this.workers.indexOf(entry);
    if (index === -1) return;
    this.workers.splice(index, 1);
    for (const [id, job] of this.pending) {
      if (job.thread === entry) {
        this.pending.delete(id);
        job.reject(err);
      }
    }
  }

  write(job: DurableWrite): Promise<void> {
    // The least busy thread; a new one while fewer than `size` run and all are busy.
    let entry = this.workers.reduce<PoolWorker | undefined>(
      (best, w) => (!best || w.inFlight < best.inFlight ? w : best),
      undefined,
    );
    if (!entry || (entry.inFlight > 0 && this.workers.length < this.size)) {
      entry = this.spawn();
      this.workers.push(entry);
    }
    const id = this.nextId++;
    const target = entry;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { thread: target, resolve, reject });
      if (target.inFlight === 0) target.worker.ref();
      target.inFlight += 1;
      target.worker.postMessage({ ...job, id }, [job.data]);
    });
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}

/** One pool per process, shared by every LocalBlobStore. */
export const durableWrites = new DurableWritePool();
