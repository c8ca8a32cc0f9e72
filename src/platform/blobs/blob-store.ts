import type { Readable } from 'node:stream';

/** A stored blob, addressed by the SHA-256 of its bytes (lowercase hex). */
export interface BlobRef {
  readonly sha256: string;
  readonly size: number;
}

/**
 * A write in progress. Bytes are hashed as they arrive; nothing is visible under its address until
 * `commit()`, and `abort()` leaves no trace. A writer is used once.
 */
export interface BlobWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes durable and addressable; returns their address. Idempotent for equal content. */
  commit(): Promise<BlobRef>;
  abort(): Promise<void>;
  readonly bytesWritten: number;
}

/**
 * Content-addressed blob storage. The local-disk implementation is `LocalBlobStore`; an S3-compatible
 * store implements the same interface (temp object + copy on commit, or multipart upload).
 */
export interface BlobStore {
  createWriter(): Promise<BlobWriter>;
  /** Stores a buffer or stream and returns its address. */
  put(data: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<BlobRef>;
  /** Streams a blob; throws `platform.blob_not_found`. `end` is inclusive, like HTTP ranges. */
  read(sha256: string, range?: { start?: number; end?: number }): Promise<Readable>;
  readAll(sha256: string): Promise<Buffer>;
  stat(sha256: string): Promise<BlobRef | undefined>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
