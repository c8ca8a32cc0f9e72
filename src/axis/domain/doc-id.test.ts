import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDocId, newDocId } from './doc-id.ts';

void test('newDocId: UUID version 7 of the instant, RFC 9562 variant, unique', () => {
  const at = new Date('2026-11-22T10:30:00.123Z');
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const id = newDocId(at);
    assert.ok(isDocId(id), id);
    const hex = id.replaceAll('-', '');
    assert.equal(parseInt(hex.slice(0, 12), 16), at.getTime(), 'the first 48 bits are the milliseconds');
    assert.equal(hex[12], '7', 'version 7');
    assert.ok('89ab'.includes(hex[16]!), 'variant 10');
    ids.add(id);
  }
  assert.equal(ids.size, 10_000, 'no repeats across the random pool refills');
  assert.ok(newDocId(new Date(at.getTime() + 1)) > newDocId(at), 'time-ordered');
});
