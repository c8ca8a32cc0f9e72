import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from 'typebox';
import { createHttpServer } from './server.ts';
import { createLogger } from '../log.ts';
import { defineErrors } from '../errors.ts';

const testErrors = defineErrors({
  'testing.thing_missing': { status: 404, vi: 'Không có thứ này', en: 'No such thing' },
});

async function start(readiness?: Record<string, () => Promise<void>>) {
  const app = await createHttpServer({ logger: createLogger('silent'), readinessChecks: readiness });
  app.get('/boom', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/missing', async () => {
    throw testErrors.error('testing.thing_missing', { id: 42 });
  });
  app.post(
    '/echo',
    {
      schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }) },
    },
    async (req) => ({ hello: (req.body as { name: string }).name }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, base };
}

test('health, readiness, metrics and OpenAPI are served', async () => {
  const { app, base } = await start({ database: async () => {} });
  try {
    assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /# TYPE lienthong_http_requests_total counter/);
    assert.match(metrics, /lienthong_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    const openapi = (await (await fetch(`${base}/api/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(openapi.openapi, '3.1.0');
    assert.ok('/echo' in openapi.paths);
    assert.equal((await fetch(`${base}/api/docs/`)).status, 200);
  } finally {
    await app.close();
  }
});

test('every answer carries the security headers, errors included', async () => {
  const { app, base } = await start();
  try {
    for (const path of ['/healthz', '/missing', '/api/docs/']) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.equal(res.headers.get('x-powered-by'), null, path);
    }
  } finally {
    await app.close();
  }
});

test('readiness fails when a dependency fails', async () => {
  const { app, base } = await start({
    database: async () => {
      throw new Error('connection refused');
    },
  });
  try {
    const res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'not_ready', checks: { database: 'connection refused' } });
  } finally {
    await app.close();
  }
});

test('errors have one shape: code, bilingual message, request id; internals are not leaked', async () => {
  const { app, base } = await start();
  try {
    const missing = await fetch(`${base}/missing`, { headers: { 'x-request-id': 'req-123' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-request-id'), 'req-123');
    assert.deepEqual(await missing.json(), {
      error: {
        code: 'testing.thing_missing',
        message: 'No such thing',
        messageVi: 'Không có thứ này',
        details: { id: 42 },
        requestId: 'req-123',
      },
    });

    const boom = await fetch(`${base}/boom`);
    assert.equal(boom.status, 500);
    const body = (await boom.json()) as { error: { code: string; requestId: string } };
    assert.equal(body.error.code, 'platform.internal');
    assert.ok(body.error.requestId);
    assert.doesNotMatch(JSON.stringify(body), /secret internal detail/);

    const invalid = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":""}',
    });
    assert.equal(invalid.status, 400);
    assert.equal(
      ((await invalid.json()) as { error: { code: string } }).error.code,
      'platform.validation_failed',
    );

    const notFound = await fetch(`${base}/no/such/route?x=1`);
    assert.equal(notFound.status, 404);
    assert.deepEqual(((await notFound.json()) as { error: { details: unknown } }).error.details, {
      path: '/no/such/route',
    });
  } finally {
    await app.close();
  }
});
