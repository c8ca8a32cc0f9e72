import { randomBytes } from 'node:crypto';

/** Random bytes drawn 4 KB at a time from the CSPRNG (one call per 256 docIds, not one each). */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomSlice16(): Buffer {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/**
 * A new docId: a UUID version 7 (RFC 9562), time-ordered so B-tree inserts stay at the right edge
 * of the index, random enough (74 bits) that a docId cannot be guessed.
 */
export function newDocId(now: Date = new Date()): string {
  const bytes = Buffer.from(randomSlice16());
  bytes.writeUIntBE(now.getTime(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isDocId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
