/**
 * A package to upload: bytes in memory, a file on disk, or a stream. Both protocols need the SHA-256
 * before the body is sent (`hash-file` header on VXP, the signed body digest on REST), so a stream is
 * spooled once to a temporary file while it is hashed; memory stays flat for packages of any size.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';

export type PackageInput =
  | Uint8Array
  | string
  | { readonly path: string }
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

export interface PreparedPackage {
  readonly size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
  /** A fresh stream of the bytes (callable more than once, e.g. for a retry). */
  open(): Readable;
  /** The bytes when they are already in memory. */
  readonly bytes: Uint8Array | undefined;
  /** Removes the temporary spool file, if any. */
  dispose(): Promise<void>;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Strings are taken as package text (UTF-8), never as a path; pass `{ path }` for a file. */
export async function preparePackage(input: PackageInput): Promise<PreparedPackage> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    return {
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      open: () => Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
      dispose: async () => {},
    };
  }
  if ('path' in input && typeof input.path === 'string' && !(input instanceof Readable)) {
    const path = input.path;
    const info = await stat(path);
    return {
      size: info.size,
      sha256: await hashFile(path),
      bytes: undefined,
      open: () => createReadStream(path),
      dispose: async () => {},
    };
  }
  const source =
    input instanceof ReadableStream ? Readable.fromWeb(input as WebReadableStream<Uint8Array>) : input;
  const spool = join(tmpdir(), `lienthong-upload-${randomUUID()}.edxml`);
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      source as AsyncIterable<Uint8Array>,
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.byteLength;
          yield chunk;
        }
      },
      createWriteStream(spool, { mode: 0o600 }),
    );
  } catch (err) {
    await rm(spool, { force: true });
    throw err;
  }
  return {
    size,
    sha256: hash.digest('hex'),
    bytes: undefined,
    open: () => createReadStream(spool),
    dispose: () => rm(spool, { force: true }),
  };
}

/**
 * A multipart/form-data body with one file part, streamed (never buffered) and with an exact length so
 * the server can refuse an oversize upload before reading it.
 */
export function multipartBody(
  field: string,
  filename: string,
  contentType: string,
  prepared: PreparedPackage,
): { contentType: string; length: number; stream: Readable } {
  const boundary = `----LienThong${randomUUID().replaceAll('-', '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename.replaceAll('"', '')}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of prepared.open()) yield chunk as Buffer;
    yield tail;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + prepared.size + tail.length,
    stream: Readable.from(parts(), { objectMode: false }),
  };
}
