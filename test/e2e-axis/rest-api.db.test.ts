/**
 * The REST API for new systems over real HTTP: signed requests, idempotent sends, cursor paging,
 * long-poll, fetch/ack scoping, webhooks (signature, retry, disable, durable outbox) and statistics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { AxisRestError, createAxisRestClient, signRestRequest } from '../../src/axis-client/index.ts';
import { multipartBody, preparePackage } from '../../src/axis-client/package-source.ts';
import { startWebhookWorker } from '../../src/axis/jobs/webhook-worker.ts';
import { startAxisHarness, type AxisHarness, type TestSystem } from './harness.ts';
import { buildEdoc, buildStatus } from '../factories/axis-packages.ts';

const G22 = '000.00.00.G22';
const H53 = '000.00.00.H53';

async function setup(options: Parameters<typeof startAxisHarness>[0] = {}) {
  const h = await startAxisHarness(options);
  await h.addAgency(G22, 'Văn phòng Chính phủ');
  await h.addAgency(H53, 'UBND tỉnh Nghệ An');
  await h.addAgency('000.00.00.H26', 'UBND tỉnh Hà Tĩnh');
  const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
  const nghean = await h.addSystem('nghean.qlvb', [H53]);
  const hatinh = await h.addSystem('hatinh.qlvb', ['000.00.00.H26']);
  return { h, vpcp, nghean, hatinh };
}

async function signedFetch(
  h: AxisHarness,
  system: TestSystem,
  method: string,
  path: string,
  init: { body?: Buffer; sha?: string; headers?: Record<string, string>; now?: Date; secret?: string } = {},
) {
  const headers = {
    ...signRestRequest({
      method,
      pathWithQuery: path,
      bodySha256: init.sha ?? (init.body ? createHash('sha256').update(init.body).digest('hex') : undefined),
      systemId: system.systemId,
      secret: init.secret ?? system.secret,
      now: init.now ?? new Date(),
    }),
    ...(init.headers ?? {}),
  };
  return fetch(`${h.url}${path}`, {
    method,
    headers,
    ...(init.body ? { body: new Uint8Array(init.body) } : {}),
  });
}

async function countRows(h: AxisHarness, table: 'packages' | 'deliveries'): Promise<number> {
  const [row] = await h.database.query<{ n: string }>(
    sql`select count(*)::text as n from ${sql.raw(`axis.${table}`)}`,
  );
  return Number(row!.n);
}

void test('send with Idempotency-Key: a retry returns the first receipt; the key on other bytes is a conflict', async () => {
  const { h, vpcp, nghean } = await setup();
  try {
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    const first = await vpcp.rest.send(bytes, { idempotencyKey: 'k-1' });
    assert.equal(first.duplicate, false);
    assert.equal(first.recipients[0]!.code, H53);
    const retry = await vpcp.rest.send(bytes, { idempotencyKey: 'k-1' });
    assert.equal(retry.docId, first.docId);
    assert.equal(retry.duplicate, true);
    const other = await buildEdoc({ from: G22, to: [H53] });
    await assert.rejects(vpcp.rest.send(other.bytes, { idempotencyKey: 'k-1' }), {
      serverCode: 'axis.idempotency_conflict',
    });
    assert.equal(await countRows(h, 'deliveries'), 1);
    assert.equal((await nghean.rest.inbox()).items.length, 1);
  } finally {
    await h.close();
  }
});

void test('send as multipart works like the raw body', async () => {
  const { h, vpcp, nghean } = await setup();
  try {
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    const prepared = await preparePackage(bytes);
    const multipart = multipartBody('file', 'cong-van.edxml', 'application/xml', prepared);
    const chunks: Buffer[] = [];
    for await (const c of multipart.stream) chunks.push(c as Buffer);
    const response = await signedFetch(h, vpcp, 'POST', '/api/v1/axis/packages', {
      body: Buffer.concat(chunks),
      sha: prepared.sha256,
      headers: { 'content-type': multipart.contentType },
    });
    assert.equal(response.status, 201, await response.clone().text());
    const result = (await response.json()) as { docId: string };
    assert.equal((await nghean.rest.inbox()).items[0]!.docId, result.docId);
  } finally {
    await h.close();
  }
});

void test('bad credentials, stale timestamps and tampered bodies are refused with clear codes and change nothing', async () => {
  const { h, vpcp, nghean } = await setup();
  try {
    const wrong = createAxisRestClient({
      endpoint: h.url,
      systemId: vpcp.systemId,
      secret: 'not-the-secret-at-all',
    });
    await assert.rejects(
      wrong.inbox(),
      (err: unknown) =>
        err instanceof AxisRestError &&
        err.httpStatus === 401 &&
        err.serverCode === 'axis.rest_signature_invalid',
    );
    const ghost = createAxisRestClient({
      endpoint: h.url,
      systemId: 'no.such.system',
      secret: 'whatever-secret-123',
    });
    await assert.rejects(ghost.inbox(), { serverCode: 'axis.rest_signature_invalid' });
    const stale = createAxisRestClient({
      endpoint: h.url,
      systemId: vpcp.systemId,
      secret: vpcp.secret,
      now: () => new Date(Date.now() - 3_600_000),
    });
    await assert.rejects(stale.inbox(), { serverCode: 'axis.timestamp_invalid' });
    const missing = await fetch(`${h.url}/api/v1/axis/inbox`);
    assert.equal(missing.status, 401);
    assert.equal(
      ((await missing.json()) as { error: { code: string } }).error.code,
      'axis.rest_auth_missing',
    );

    // The signed digest does not match the package: hash mismatch, nothing stored.
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    const tampered = await signedFetch(h, vpcp, 'POST', '/api/v1/axis/packages', {
      body: bytes,
      sha: createHash('sha256').update('something else').digest('hex'),
      headers: { 'content-type': 'application/xml' },
    });
    assert.equal(tampered.status, 422);
    assert.equal(((await tampered.json()) as { error: { code: string } }).error.code, 'axis.hash_mismatch');
    // The path is signed: the same signature on another path fails.
    const signature = signRestRequest({
      method: 'GET',
      pathWithQuery: '/api/v1/axis/inbox',
      systemId: vpcp.systemId,
      secret: vpcp.secret,
      now: new Date(),
    });
    const moved = await fetch(`${h.url}/api/v1/axis/inbox?agency=${G22}`, { headers: signature });
    assert.equal(moved.status, 401);
    // A JSON body that does not match its signed digest.
    const ack = await signedFetch(h, nghean, 'POST', '/api/v1/axis/deliveries/x/ack', {
      body: Buffer.from('{"result":"done"}'),
      sha: createHash('sha256').update('{"result":"fail"}').digest('hex'),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(ack.status, 422);
    // Empty and oversize-free garbage uploads.
    await assert.rejects(vpcp.rest.send(Buffer.alloc(0)), { serverCode: 'axis.package_missing' });
    await assert.rejects(vpcp.rest.send(Buffer.from('<edXML><unclosed>')), {
      serverCode: 'axis.package_invalid',
    });
    await assert.rejects(vpcp.rest.inbox({ cursor: 'not-a-cursor' }), { serverCode: 'axis.cursor_invalid' });
    assert.equal(await countRows(h, 'packages'), 0);
  } finally {
    await h.close();
  }
});

void test("another agency's delivery id answers not found on fetch and acknowledge", async () => {
  const { h, vpcp, nghean, hatinh } = await setup();
  try {
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    await vpcp.rest.send(bytes);
    const item = (await nghean.rest.inbox()).items[0]!;
    await assert.rejects(hatinh.rest.fetchPackage(item.deliveryId), {
      serverCode: 'axis.not_found',
      httpStatus: 404,
    });
    await assert.rejects(hatinh.rest.acknowledge(item.deliveryId), { serverCode: 'axis.not_found' });
    assert.equal((await nghean.rest.inbox()).items[0]!.state, 'pending');
    await nghean.rest.acknowledge(item.deliveryId, 'processing');
    assert.equal((await nghean.rest.inbox()).items[0]!.state, 'processing');
    await nghean.rest.acknowledge(item.deliveryId, 'done');
    assert.equal((await nghean.rest.inbox()).items.length, 0);
  } finally {
    await h.close();
  }
});

void test('long-poll answers as soon as a delivery arrives, and after the wait when none does', async () => {
  const { h, vpcp, nghean } = await setup();
  try {
    let started = Date.now();
    const empty = await nghean.rest.inbox({ wait: 1 });
    assert.equal(empty.items.length, 0);
    assert.ok(Date.now() - started >= 900, 'waited about a second');

    started = Date.now();
    const waiting = nghean.rest.inbox({ wait: 20 });
    await new Promise((r) => setTimeout(r, 300));
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    const sent = await vpcp.rest.send(bytes);
    const page = await waiting;
    const elapsed = Date.now() - started;
    assert.equal(page.items[0]?.docId, sent.docId);
    assert.ok(elapsed < 10_000, `woke after ${elapsed} ms`);
  } finally {
    await h.close();
  }
});

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

async function webhookReceiver(status: () => number) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    hits,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

void test('webhooks: signed with the system secret, retried with back-off, disabled after persistent failure', async () => {
  const { h, vpcp, nghean } = await setup({
    webhookPolicy: { baseDelayMs: 30, maxDelayMs: 200, maxAttempts: 3, disableAfterFailures: 5 },
    webhookPollMs: 50,
  });
  const good = await webhookReceiver(() => 204);
  let failing = true;
  const flaky = await webhookReceiver(() => (failing ? 500 : 200));
  try {
    const hook = await nghean.rest.createWebhook({ url: good.url, events: ['delivery.created'] });
    assert.equal(hook.enabled, true);
    const statusHook = await vpcp.rest.createWebhook({ url: flaky.url, events: ['status.changed'] });
    await assert.rejects(vpcp.rest.createWebhook({ url: 'ftp://example.org/x' }), {
      serverCode: 'axis.webhook_url_invalid',
    });

    const { bytes, documentId } = await buildEdoc({ from: G22, to: [H53] });
    const sent = await vpcp.rest.send(bytes);
    await until(() => good.hits.length === 1);
    const hit = good.hits[0]!;
    const payload = JSON.parse(hit.body) as { event: string; docId: string; deliveryId: string; to: string };
    assert.equal(payload.event, 'delivery.created');
    assert.equal(payload.docId, sent.docId);
    assert.equal(payload.to, H53);
    // Verify the signature independently: t=<seconds>,v1=hex(HMAC(secret, t + "." + body)).
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hit.headers['x-lienthong-signature']))!;
    assert.equal(v1, createHmac('sha256', nghean.secret).update(`${t}.${hit.body}`).digest('hex'));
    assert.equal(hit.headers['x-lienthong-event'], 'delivery.created');

    // Status changes reach the sender's webhook; it fails three times, the row is given up.
    const status = await buildStatus({
      from: H53,
      responseFor: { organId: G22, documentId },
      statusCode: '01',
    });
    await nghean.rest.send(status, { messagetype: 'status' });
    await until(async () => (await h.rest.webhooks.outboxFor(statusHook.id)).some((r) => r.state === 'dead'));
    assert.equal(flaky.hits.length, 3);
    const [dead] = await h.rest.webhooks.outboxFor(statusHook.id);
    assert.equal(dead!.attempts, 3);
    assert.equal(dead!.lastError, 'HTTP 500');
    // Two more failures make five in a row: the webhook is disabled, with the reason.
    const status03 = await buildStatus({
      from: H53,
      responseFor: { organId: G22, documentId },
      statusCode: '03',
    });
    await nghean.rest.send(status03, { messagetype: 'status' });
    await until(async () => !(await vpcp.rest.listWebhooks())[0]!.enabled);
    const [disabled] = await vpcp.rest.listWebhooks();
    assert.match(disabled!.disabledReason ?? '', /5 consecutive failures/);
    const hitsAtDisable = flaky.hits.length;
    failing = false;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(flaky.hits.length, hitsAtDisable, 'a disabled webhook gets nothing');
    await vpcp.rest.deleteWebhook(statusHook.id);
    assert.deepEqual(await vpcp.rest.listWebhooks(), []);
    await assert.rejects(nghean.rest.deleteWebhook(statusHook.id), { serverCode: 'axis.webhook_not_found' });
  } finally {
    await h.close();
    await good.close();
    await flaky.close();
  }
});

void test('the webhook outbox is durable: written with the delivery, delivered by a worker started later', async () => {
  const h = await startAxisHarness({ webhookPollMs: 60_000 });
  const receiver = await webhookReceiver(() => 200);
  try {
    await h.addAgency(G22, 'Văn phòng Chính phủ');
    await h.addAgency(H53, 'UBND tỉnh Nghệ An');
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const nghean = await h.addSystem('nghean.qlvb', [H53]);
    await nghean.rest.createWebhook({ url: receiver.url });
    // Stop this process's worker, as if the instance died right after the send committed.
    await h.rest.webhookWorker?.stop();
    const { bytes } = await buildEdoc({ from: G22, to: [H53] });
    await vpcp.vxp.sendEdoc(bytes, { from: G22 });
    const [pending] = await h.database.query<{ n: string }>(
      sql`select count(*)::text as n from axis.webhook_outbox where state = 'pending'`,
    );
    assert.equal(Number(pending!.n), 1);
    assert.equal(receiver.hits.length, 0);
    const worker = startWebhookWorker({
      webhooks: h.rest.webhooks,
      systems: h.axis.stores.systems,
      clock: h.axis.stores.clock,
      fetch,
    });
    try {
      await worker.runOnce();
      assert.equal(receiver.hits.length, 1);
    } finally {
      await worker.stop();
    }
  } finally {
    await h.close();
    await receiver.close();
  }
});

void test('statistics: sent and received per agency, same-working-day acknowledgement, medians', async () => {
  const { h, vpcp, nghean, hatinh } = await setup();
  try {
    const documents = [];
    for (let i = 0; i < 3; i++) documents.push(await buildEdoc({ from: G22, to: [H53, '000.00.00.H26'] }));
    for (const d of documents) await vpcp.rest.send(d.bytes);
    // Nghệ An acknowledges (01 then 03) the first two; Hà Tĩnh completes one (03, 04, 06).
    for (const d of documents.slice(0, 2)) {
      for (const code of ['01', '03']) {
        await nghean.rest.send(
          await buildStatus({
            from: H53,
            responseFor: { organId: G22, documentId: d.documentId },
            statusCode: code,
          }),
          { messagetype: 'status' },
        );
      }
    }
    for (const code of ['03', '04', '06']) {
      await hatinh.rest.send(
        await buildStatus({
          from: '000.00.00.H26',
          responseFor: { organId: G22, documentId: documents[0]!.documentId },
          statusCode: code,
        }),
        { messagetype: 'status' },
      );
    }
    const { rows, notes } = await vpcp.rest.stats({ groupBy: 'agency', period: 'day' });
    const by = new Map(rows.map((r) => [r.agencyCode, r]));
    assert.equal(by.get(G22)!.sent, 3);
    assert.equal(by.get(G22)!.received, 0);
    assert.equal(by.get(H53)!.received, 3);
    assert.equal(by.get(H53)!.level, 1);
    assert.equal(by.get('000.00.00.H26')!.received, 3);
    // Acknowledged on the day of arrival only when today is a working day (or, if not, still counted as due the next).
    assert.ok(Math.abs(by.get(H53)!.acknowledgedSameWorkingDayShare! - 2 / 3) < 1e-9);
    assert.ok(Math.abs(by.get('000.00.00.H26')!.acknowledgedSameWorkingDayShare! - 1 / 3) < 1e-9);
    assert.ok(by.get(H53)!.medianSecondsToAcknowledge! >= 0);
    assert.equal(by.get(H53)!.medianSecondsToComplete, null);
    assert.ok(by.get('000.00.00.H26')!.medianSecondsToComplete! >= 0);
    // Unsigned packages, verified on ingest (issue 4): a known share of 0, not null.
    assert.equal(by.get(G22)!.signedShare, 0);
    assert.equal(by.get(G22)!.signedValidShare, 0);
    assert.ok(!notes.some((n) => /signedShare and signedValidShare are null/.test(n)));
    const levels = await vpcp.rest.stats({ groupBy: 'level', period: 'month' });
    assert.equal(levels.rows.length, 1);
    assert.equal(levels.rows[0]!.level, 1);
    assert.equal(levels.rows[0]!.sent, 3);
    assert.equal(levels.rows[0]!.received, 6);
    assert.match(levels.rows[0]!.period, /^\d{4}-\d{2}$/);
    await assert.rejects(vpcp.rest.stats({ from: '2020-01-01', to: '2026-01-01' }), {
      serverCode: 'axis.stats_range_invalid',
    });
  } finally {
    await h.close();
  }
});

void test('the REST API is in the OpenAPI document', async () => {
  const h = await startAxisHarness();
  try {
    const doc = (await (await fetch(`${h.url}/api/docs/json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/axis/packages',
      '/api/v1/axis/inbox',
      '/api/v1/axis/deliveries/{deliveryId}/ack',
      '/api/v1/axis/webhooks',
      '/api/v1/axis/stats',
    ]) {
      assert.ok(path in doc.paths, path);
    }
  } finally {
    await h.close();
  }
});
