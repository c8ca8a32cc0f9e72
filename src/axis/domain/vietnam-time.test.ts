import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatEdxmlTimestamp,
  formatVxpTimestamp,
  parseDateFilter,
  parseVxpTimestamp,
} from './vietnam-time.ts';

describe('Vietnam time formats', () => {
  it("parses the SDK timestamp ddMMyyyy'T'HHmmss+SSSS as Asia/Ho_Chi_Minh with milliseconds", () => {
    assert.equal(parseVxpTimestamp('23102025T162842+0123')?.toISOString(), '2025-10-23T09:28:42.123Z');
    const now = new Date('2026-01-15T03:04:05.678Z');
    assert.equal(parseVxpTimestamp(formatVxpTimestamp(now))?.getTime(), now.getTime());
  });

  it('refuses malformed and impossible timestamps', () => {
    for (const bad of [
      '23102025T162842',
      '2025-10-23T16:28:42Z',
      '31022026T000000+0000',
      '23102025T162842+1000',
      '',
    ]) {
      assert.equal(parseVxpTimestamp(bad), undefined, bad);
    }
  });

  it('formats edXML timestamps in Vietnam time and parses date filters', () => {
    assert.equal(formatEdxmlTimestamp(new Date('2025-12-31T17:30:00Z')), '2026/01/01 00:30:00');
    assert.equal(parseDateFilter('15/01/2026')?.toISOString(), '2026-01-14T17:00:00.000Z');
    assert.equal(parseDateFilter('2026-01-15', true)?.toISOString(), '2026-01-15T16:59:59.999Z');
    assert.equal(parseDateFilter('yesterday'), undefined);
  });
});
