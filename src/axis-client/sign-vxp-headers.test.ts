import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  encodeVxpHeaderValue,
  formatVxpTimestamp,
  parseVxpTimestamp,
  signVxpHeaders,
} from './sign-vxp-headers.ts';

void test('formats the timestamp as ddMMyyyyTHHmmss+SSSS in Vietnam time, the suffix being milliseconds', () => {
  // 09:28:42.123 UTC is 16:28:42.123 in Hà Nội.
  assert.equal(formatVxpTimestamp(new Date('2025-10-23T09:28:42.123Z')), '23102025T162842+0123');
  // Crossing midnight: 20:00 UTC on 31 Dec is 03:00 on 1 Jan in Vietnam.
  assert.equal(formatVxpTimestamp(new Date('2025-12-31T20:00:00.007Z')), '01012026T030000+0007');
});

void test('parses a timestamp back to the same instant and refuses malformed or overflowing ones', () => {
  const instant = new Date('2026-03-01T01:02:03.456Z');
  assert.equal(parseVxpTimestamp(formatVxpTimestamp(instant))?.toISOString(), instant.toISOString());
  assert.equal(parseVxpTimestamp('31022026T100000+0000'), undefined);
  assert.equal(parseVxpTimestamp('2026-03-01T10:00:00Z'), undefined);
  assert.equal(parseVxpTimestamp(''), undefined);
});

void test('signs the JSON of the XroadVnpt- copies with HMAC-SHA256 keyed by the secret', () => {
  const now = new Date('2025-10-23T09:28:42.123Z');
  const signed = signVxpHeaders(
    { from: '000.00.00.G22', servicetype: 'eDoc', messagetype: 'edoc', 'hash-file': 'ab'.repeat(32) },
    { systemId: 'vxp.saas.02', secret: 'bí-mật', now, contentType: 'multipart/form-data; boundary=x' },
  );
  const expectedJson =
    '{"XroadVnpt-systemid":"vxp.saas.02","XroadVnpt-timestamp":"23102025T162842+0123",' +
    '"XroadVnpt-from":"000.00.00.G22","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":"edoc",' +
    `"XroadVnpt-hash-file":"${'ab'.repeat(32)}"}`;
  const expectedHash = createHmac('sha256', Buffer.from('bí-mật', 'utf8')).update(expectedJson).digest('hex');
  assert.equal(signed.signHeader, expectedJson);
  assert.equal(signed.hash, expectedHash);
  assert.deepEqual(signed.headers, {
    'Content-Type': 'multipart/form-data; boundary=x',
    systemid: 'vxp.saas.02',
    timestamp: '23102025T162842+0123',
    from: '000.00.00.G22',
    servicetype: 'eDoc',
    messagetype: 'edoc',
    'hash-file': 'ab'.repeat(32),
    'XroadVnpt-systemid': 'vxp.saas.02',
    'XroadVnpt-timestamp': '23102025T162842+0123',
    'XroadVnpt-from': '000.00.00.G22',
    'XroadVnpt-servicetype': 'eDoc',
    'XroadVnpt-messagetype': 'edoc',
    'XroadVnpt-hash-file': 'ab'.repeat(32),
    'XroadVnpt-sign-header-key': 'systemid;timestamp;from;servicetype;messagetype;hash-file',
    'XroadVnpt-sign-header': expectedJson,
    'XroadVnpt-hash-header': expectedHash,
    'User-Agent': 'JAVASDKAgent/1.0.0 XRoad/VPCP',
    'XroadVnpt-version': '3.0.201608',
  });
});

void test('a different secret or a changed parameter gives a different signature', () => {
  const now = new Date();
  const base = signVxpHeaders({ docId: 'A' }, { systemId: 's', secret: 'k1', now });
  assert.notEqual(base.hash, signVxpHeaders({ docId: 'A' }, { systemId: 's', secret: 'k2', now }).hash);
  assert.notEqual(base.hash, signVxpHeaders({ docId: 'B' }, { systemId: 's', secret: 'k1', now }).hash);
});

void test('leaves out undefined parameters and percent-encodes non-ASCII values', () => {
  const signed = signVxpHeaders(
    { description: 'Đã tiếp nhận', to: undefined },
    { systemId: 's', secret: 'k', now: new Date() },
  );
  assert.equal(signed.headers.description, encodeURIComponent('Đã tiếp nhận'));
  assert.equal(decodeURIComponent(signed.headers.description), 'Đã tiếp nhận');
  assert.equal('to' in signed.headers, false);
  assert.equal(signed.headers['XroadVnpt-sign-header-key'], 'systemid;timestamp;description');
  assert.equal(encodeVxpHeaderValue('plain ascii'), 'plain ascii');
});

void test('refuses to let a parameter override systemid or timestamp', () => {
  assert.throws(
    () => signVxpHeaders({ systemid: 'other' }, { systemId: 's', secret: 'k', now: new Date() }),
    /reserved/,
  );
});
