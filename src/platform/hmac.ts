/**
 * HMAC-SHA256 (RFC 2104) with the key's two padded blocks hashed once and kept: each message then
 * costs two `Hash.copy()` and the message hashing, about 2 µs, where `createHmac` sets up its key on
 * every call (about 10 µs; it runs once per axis request). Keys are the systems' secrets, held in
 * memory already by the credentials cache; at most MAX_KEYS are kept.
 */
import { createHash, type Hash } from 'node:crypto';

const BLOCK = 64;
const MAX_KEYS = 10_000;
const prepared = new Map<string, { inner: Hash; outer: Hash }>();

function prepare(secret: string): { inner: Hash; outer: Hash } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
  const ipad = Buffer.alloc(BLOCK, 0x36);
  const opad = Buffer.alloc(BLOCK, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i]! ^= key[i]!;
    opad[i]! ^= key[i]!;
  }
  return { inner: createHash('sha256').update(ipad), outer: createHash('sha256').update(opad) };
}

/** HMAC-SHA256 of `message` (a string is hashed as `encoding`) under the UTF-8 bytes of `secret`. */
export function hmacSha256(
  secret: string,
  message: string | Uint8Array,
  encoding: 'utf8' | 'latin1' = 'utf8',
): Buffer {
  let keys = prepared.get(secret);
  if (!keys) {
    if (prepared.size >= MAX_KEYS) prepared.clear();
    keys = prepare(secret);
    prepared.set(secret, keys);
  }
  const inner = keys.inner.copy();
  if (typeof message === 'string') inner.update(message, encoding);
  else inner.update(message);
  return keys.outer.copy().update(inner.digest()).digest();
}
