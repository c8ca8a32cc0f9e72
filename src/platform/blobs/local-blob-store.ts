/**
 * Blobs on local disk under `<root>/sha256/ab/cd/<hash>`. Writes go to `<root>/tmp`, are fsynced,
 * renamed into place and the directory fsynced, so a blob that `commit()` returned survives a crash
 * and a half-written one is never visible under its address. Small blobs (buffered whole) take that
 * path in one job on a worker thread (durable-write-pool.ts); large ones stream to their temporary
 * file as they arrive.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { platformErrors } from '../errors.ts';
import { durableWrites } from './durable-write-pool.ts';
import { isSha256Hex, type BlobRef, type BlobStore, type BlobWriter } from './blob-store.ts';

/** Bytes a writer keeps in memory before it opens its temporary file. */
const BUFFER_LIMIT = 256 * 1024;

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class LocalBlobStore implements BlobStore {
  readonly root: string;
  private readonly tmpDir: string;
  private ready: Promise<void> | undefined;
  /** Directories known to exist (the two hash-prefix levels: at most 65,536 leaves). */
  private readonly knownDirs = new Set<string>();

  constructor(root: string) {
    this.root = root;
    this.tmpDir = join(root, 'tmp');
  }

  private rememberDir(dir: string): void {
    if (this.knownDirs.size >= 65_536 * 2) this.knownDirs.clear();
    this.knownDirs.add(dir);
  }

  private ensureRoot(): Promise<void> {
    this.ready ??= mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw platformErrors.error('platform.blob_not_found', { sha256 });
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async createWriter(): Promise<BlobWriter> {
    await this.ensureRoot();
    const tmpPath = join(this.tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let state: 'open' | 'committed' | 'aborted' = 'open';
    // Small blobs (most packages) stay in memory until commit and reach the disk in one write; a
    // blob that grows past BUFFER_LIMIT goes to its temporary file from then on (flat memory).
    let buffered: Uint8Array[] = [];
    let bufferedBytes = 0;
    let handle: FileHandle | undefined;
    const writeAll = async (file: FileHandle, chunks: readonly Uint8Array[]) => {
      let pending = chunks.filter((c) => c.byteLength > 0);
      while (pending.length > 0) {
        let { bytesWritten } = await file.writev(pending);
        const rest: Uint8Array[] = [];
        for (const chunk of pending) {
          if (bytesWritten >= chunk.byteLength) bytesWritten -= chunk.byteLength;
          else {
            rest.push(chunk.subarray(bytesWritten));
            bytesWritten = 0;
          }
        }
        pending = rest;
      }
    };
    const spill = async () => {
      handle ??= await open(tmpPath, 'wx', 0o640);
      await writeAll(handle, buffered);
      buffered = [];
      bufferedBytes = 0;
    };
    return {
      get bytesWritten() {
        return size;
      },
      write: async (chunk) => {
        if (state !== 'open') throw new Error(`blob writer is ${state}`);
        if (chunk.byteLength === 0) return;
        hash.update(chunk);
        size += chunk.byteLength;
        // The caller may reuse its buffer once the write resolves: keep a copy while buffering.
        buffered.push(handle ? chunk : Uint8Array.prototype.slice.call(chunk));
        bufferedBytes += chunk.byteLength;
        if (handle || bufferedBytes > BUFFER_LIMIT) await spill();
      },
      commit: async () => {
        if (state !== 'open') throw new Error(`blob writer is ${state}`);
        state = 'committed';
        const sha256 = hash.digest('hex');
        if (!handle) {
          // Buffered whole: one durable write on the pool's threads (durable-write-pool.ts).
          const finalPath = this.pathOf(sha256);
          const dir = dirname(finalPath);
          // The buffered chunks are the writer's own copies: one that fills its whole ArrayBuffer is
          // handed over as is, several are joined into a new one.
          const only = buffered.length === 1 ? buffered[0]! : undefined;
          let data: Uint8Array;
          if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) data = only;
          else {
            data = new Uint8Array(bufferedBytes);
            let at = 0;
            for (const chunk of buffered) {
              data.set(chunk, at);
              at += chunk.byteLength;
            }
          }
          buffered = [];
          await durableWrites.write({
            tmpPath,
            finalPath,
            dir,
            mkdir: !this.knownDirs.has(dir),
            data: data.buffer as ArrayBuffer,
          });
          this.rememberDir(dir);
          return { sha256, size };
        }
        try {
          await spill();
          await handle.datasync();
        } finally {
          await handle?.close();
        }
        const finalPath = this.pathOf(sha256);
        const dir = dirname(finalPath);
        if (!this.knownDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          this.rememberDir(dir);
        }
        // Equal content has the same address: renaming over an existing blob replaces it with the
        // same bytes, so no existence check is needed first.
        await rename(tmpPath, finalPath);
        await fsyncDirectory(dir);
        return { sha256, size };
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        buffered = [];
        if (!handle) return;
        await handle.close().catch(() => undefined);
        await rm(tmpPath, { force: true });
      },
    };
  }

  async put(data: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<BlobRef> {
    const writer = await this.createWriter();
    try {
      if (data instanceof Uint8Array) {
        await writer.write(data);
      } else {
        for await (const chunk of data as AsyncIterable<Uint8Array | string>) {
          await writer.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        }
      }
      return await writer.commit();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  }

  async read(sha256: string, range?: { start?: number; end?: number }): Promise<Readable> {
    const path = this.pathOf(sha256);
    const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw platformErrors.error('platform.blob_not_found', { sha256 });
      throw err;
    });
    return createReadStream('', {
      fd: handle,
      start: range?.start,
      end: range?.end,
      highWaterMark: 256 * 1024,
    });
  }

  async readAll(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw platformErrors.error('platform.blob_not_found', { sha256 });
      throw err;
    });
  }

  async stat(sha256: string): Promise<BlobRef | undefined> {
    if (!isSha256Hex(sha256)) return undefined;
    const info = await stat(this.pathOf(sha256)).catch(() => undefined);
    return info ? { sha256, size: info.size } : undefined;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== undefined;
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
