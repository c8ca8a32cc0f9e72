import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookFetch, ForbiddenAddressError, isForbiddenAddress } from './screened-fetch.ts';

void test('private, loopback, link-local and reserved addresses are forbidden, in every notation', () => {
  for (const address of [
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1', // the same, in hex
    '::ffff:a9fe:a9fe', // 169.254.169.254 in hex
    'not-an-address',
  ])
    assert.equal(isForbiddenAddress(address), true, address);
  for (const address of ['8.8.8.8', '203.162.4.190', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
    assert.equal(isForbiddenAddress(address), false, address);
});

void test('the webhook client refuses a local receiver (by address and by name) unless allowed', async () => {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const post = (f: typeof fetch, url: string) =>
    f(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"event":"test"}',
      signal: AbortSignal.timeout(5000),
    });
  try {
    const screened = createWebhookFetch({ allowPrivate: false });
    await assert.rejects(post(screened, `http://127.0.0.1:${port}/hook`), ForbiddenAddressError);
    await assert.rejects(post(screened, `http://[::ffff:127.0.0.1]:${port}/hook`), ForbiddenAddressError);
    await assert.rejects(post(screened, `http://localhost:${port}/hook`), ForbiddenAddressError);
    assert.equal(hits, 0, 'nothing reached the receiver');

    const open = createWebhookFetch({ allowPrivate: true });
    assert.equal((await post(open, `http://127.0.0.1:${port}/hook`)).status, 204);
    assert.equal(hits, 1);
  } finally {
    server.close();
  }
});
