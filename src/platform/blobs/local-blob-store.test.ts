import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalBlobStore } from './local-blob-store.ts';
import { AppError } from '../errors.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

test('stores content under its SHA-256 and reads it back, whole and by range', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    const data = Buffer.from('Văn bản điện tử — liên thông', 'utf8');
    const ref = await store.put(data);
    assert.equal(ref.sha256, sha(data));
    assert.equal(ref.size, data.length);
    assert.deepEqual(await store.readAll(ref.sha256), data);
    // 'Văn' is 4 bytes in UTF-8 (ă takes two); ranges are inclusive like HTTP's.
    assert.equal(await text(await store.read(ref.sha256, { start: 0, end: 3 })), 'Văn');
    assert.deepEqual(await store.stat(ref.sha256), ref);
    assert.ok(await store.has(ref.sha256));
    assert.ok(
      store.pathOf(ref.sha256).includes(join('sha256', ref.sha256.slice(0, 2), ref.sha256.slice(2, 4))),
    );
  } finally {
    await dir.cleanup();
  }
});

test('streams large input in chunks and deduplicates equal content', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    const chunks = Array.from({ length: 64 }, () => randomBytes(64 * 1024));
    const whole = Buffer.concat(chunks);
    const first = await store.put(Readable.from(chunks));
    const second = await store.put(whole);
    assert.deepEqual(first, { sha256: sha(whole), size: whole.length });
    assert.deepEqual(second, first);
    const files = await listFiles(join(dir.path, 'sha256'));
    assert.equal(files.length, 1);
    assert.deepEqual(await listFiles(join(dir.path, 'tmp')), []);
  } finally {
    await dir.cleanup();
  }
});

test('an aborted or failed write leaves nothing behind', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    const writer = await store.createWriter();
    await writer.write(Buffer.from('half a package'));
    assert.equal(writer.bytesWritten, 14);
    await writer.abort();
    async function* failing() {
      yield Buffer.from('first chunk');
      throw new Error('client went away');
    }
    await assert.rejects(store.put(failing()), /client went away/);
    assert.deepEqual(await listFiles(dir.path), []);
  } finally {
    await dir.cleanup();
  }
});

test('unknown or malformed addresses are blob_not_found', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    const missing = 'f'.repeat(64);
    await assert.rejects(
      store.read(missing),
      (err: unknown) => err instanceof AppError && err.code === 'platform.blob_not_found',
    );
    await assert.rejects(
      store.readAll('../../etc/passwd'),
      (err: unknown) => err instanceof AppError && err.code === 'platform.blob_not_found',
    );
    assert.equal(await store.stat('nothex'), undefined);
  } finally {
    await dir.cleanup();
  }
});

test('small blobs committed concurrently (worker-thread path) are all whole and addressable', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    const items = Array.from({ length: 300 }, (_, i) => randomBytes(100 + ((i * 977) % 20_000)));
    const refs = await Promise.all(items.map((data) => store.put(data)));
    for (let i = 0; i < items.length; i++) {
      assert.equal(refs[i]!.sha256, sha(items[i]!));
      assert.deepEqual(await store.readAll(refs[i]!.sha256), items[i]);
    }
    // Nothing left in tmp; exactly one file per blob.
    assert.deepEqual(await listFiles(join(dir.path, 'tmp')), []);
    assert.equal((await listFiles(join(dir.path, 'sha256'))).length, items.length);
    // The same content again replaces the file with equal bytes.
    assert.equal((await store.put(items[0]!)).sha256, refs[0]!.sha256);
  } finally {
    await dir.cleanup();
  }
});

test('a small blob whose directory cannot be made fails its commit and leaves no temporary file', async () => {
  const dir = await tempDir();
  try {
    const store = new LocalBlobStore(dir.path);
    await store.put(Buffer.from('warm-up: creates tmp/'));
    // A file where the address tree should be: mkdir fails inside the worker thread.
    await rm(join(dir.path, 'sha256'), { recursive: true, force: true });
    await writeFile(join(dir.path, 'sha256'), 'not a directory');
    const fresh = new LocalBlobStore(dir.path);
    await assert.rejects(fresh.put(Buffer.from('văn bản')), (err: NodeJS.ErrnoException) => {
      assert.match(String(err.code), /ENOTDIR|EEXIST/);
      return true;
    });
    assert.deepEqual(await listFiles(join(dir.path, 'tmp')), []);
  } finally {
    await dir.cleanup();
  }
});
