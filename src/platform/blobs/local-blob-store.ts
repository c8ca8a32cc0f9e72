/**
 * Blobs on local disk under `<root>/sha256/ab/cd/<hash>`. Writes go to `<root>/tmp`, are fsynced,
 * renamed into place and the directory fsynced, so a blob that `commit()` returned survives a crash
 * and a half-written one is never visible under its address.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { platformErrors } from '../errors.ts';
import { isSha256Hex, type BlobRef, type BlobStore, type BlobWriter } from './blob-store.ts';

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

  constructor(root: string) {
    this.root = root;
    this.tmpDir = join(root, 'tmp');
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
    const handle: FileHandle = await open(tmpPath, 'wx', 0o640);
    const hash = createHash('sha256');
    let size = 0;
    let state: 'open' | 'committed' | 'aborted' = 'open';
    const pathOf = (sha256: string) => this.pathOf(sha256);
    return {
      get bytesWritten() {
        return size;
      },
      async write(chunk) {
        if (state !== 'open') throw new Error(`blob writer is ${state}`);
        if (chunk.byteLength === 0) return;
        hash.update(chunk);
        size += chunk.byteLength;
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      },
      async commit() {
        if (state !== 'open') throw new Error(`blob writer is ${state}`);
        state = 'committed';
        const sha256 = hash.digest('hex');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        const finalPath = pathOf(sha256);
        const existing = await stat(finalPath).catch(() => undefined);
        if (existing) {
          await unlink(tmpPath);
          return { sha256, size };
        }
        const dir = dirname(finalPath);
        await mkdir(dir, { recursive: true });
        await rename(tmpPath, finalPath);
        await fsyncDirectory(dir);
        return { sha256, size };
      },
      async abort() {
        if (state !== 'open') return;
        state = 'aborted';
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
