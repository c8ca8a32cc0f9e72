import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { hmacSha256 } from './hmac.ts';

test('hmacSha256 equals node:crypto HMAC-SHA256 for short, block-size, long and Unicode keys', () => {
  const keys = [
    '',
    'k',
    'bí mật hệ thống',
    'x'.repeat(64),
    'y'.repeat(65),
    randomBytes(200).toString('base64'),
  ];
  for (const key of keys) {
    for (const message of ['', 'văn bản', randomBytes(1000).toString('latin1')]) {
      for (const encoding of ['utf8', 'latin1'] as const) {
        const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
          .update(message, encoding)
          .digest('hex');
        // Twice: the second call uses the kept key state, which must not have been consumed.
        assert.equal(
          hmacSha256(key, message, encoding).toString('hex'),
          expected,
          `${key.length}/${encoding}`,
        );
        assert.equal(hmacSha256(key, message, encoding).toString('hex'), expected);
      }
    }
    const bytes = randomBytes(300);
    assert.deepEqual(
      hmacSha256(key, bytes),
      createHmac('sha256', Buffer.from(key, 'utf8')).update(bytes).digest(),
    );
  }
  // RFC 4231 test case 2.
  assert.equal(
    hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  );
});
