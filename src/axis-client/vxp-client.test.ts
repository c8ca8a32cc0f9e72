import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createVxpClient } from './vxp-client.ts';
import { VxpError } from './errors.ts';

interface Captured {
  method: string;
  url: string;
  headers: Map<string, string>;
  rawNames: string[];
  body: Buffer;
}

/** A bare HTTP server that records each request and answers with `reply`. */
async function recordingServer(
  reply: (req: Captured) => { status?: number; type?: string; body: string | Buffer },
) {
  const requests: Captured[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Map<string, string>();
      const rawNames: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        rawNames.push(req.rawHeaders[i]!.toLowerCase());
        headers.set(req.rawHeaders[i]!.toLowerCase(), req.rawHeaders[i + 1]!);
      }
      const captured = { method: req.method!, url: req.url!, headers, rawNames, body: Buffer.concat(chunks) };
      requests.push(captured);
      const answer = reply(captured);
      res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    requests,
    endpoint: `http://127.0.0.1:${port}/vxp`,
    close: () => new Promise((r) => server.close(r)),
  };
}

const SECRET = 'khoá-bí-mật-thử';
const NOW = new Date('2026-01-15T03:04:05.067Z');

/** Independent check of a request against §2.3/§2.7: computed here with node:crypto only. */
function assertSdkHeaderSet(req: Captured, expectedParams: Record<string, string>) {
  const originals: Record<string, string> = {
    systemid: 'vxp.saas.02',
    timestamp: '15012026T100405+0067',
    ...expectedParams,
  };
  const signHeader = req.headers.get('xroadvnpt-sign-header')!;
  const copies = JSON.parse(signHeader) as Record<string, string>;
  assert.deepEqual(
    Object.fromEntries(Object.entries(copies).map(([k, v]) => [k, v])),
    Object.fromEntries(Object.entries(originals).map(([k, v]) => [`XroadVnpt-${k}`, v])),
  );
  assert.equal(
    req.headers.get('xroadvnpt-hash-header'),
    createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(signHeader, 'utf8').digest('hex'),
  );
  assert.deepEqual(
    req.headers.get('xroadvnpt-sign-header-key')!.split(';').sort(),
    Object.keys(originals).sort(),
  );
  for (const [name, value] of Object.entries(originals)) {
    assert.equal(req.headers.get(name.toLowerCase()), value, `original header ${name}`);
    assert.equal(req.headers.get(`xroadvnpt-${name.toLowerCase()}`), value, `copy of ${name}`);
  }
  assert.equal(req.headers.get('user-agent'), 'JAVASDKAgent/1.0.0 XRoad/VPCP');
  assert.equal(req.headers.get('xroadvnpt-version'), '3.0.201608');
  // Nothing else but transport headers: every VXP header is accounted for.
  const transport = new Set([
    'host',
    'connection',
    'content-type',
    'content-length',
    'accept',
    'accept-language',
    'sec-fetch-mode',
    'accept-encoding',
    'transfer-encoding',
  ]);
  const allowed = new Set([
    ...Object.keys(originals).map((n) => n.toLowerCase()),
    ...Object.keys(originals).map((n) => `xroadvnpt-${n.toLowerCase()}`),
    'xroadvnpt-sign-header',
    'xroadvnpt-sign-header-key',
    'xroadvnpt-hash-header',
    'user-agent',
    'xroadvnpt-version',
  ]);
  for (const name of req.rawNames)
    assert.ok(allowed.has(name) || transport.has(name), `unexpected header ${name}`);
}

void test('sendEdoc sends the SDK header set, hash-file and the file in the file_doc part', async () => {
  const server = await recordingServer(() => ({
    body: JSON.stringify({ status: 'OK', ErrorCode: '0', ErrorDesc: '', DocId: 'D-1' }),
  }));
  try {
    const client = createVxpClient({
      endpoint: server.endpoint,
      systemId: 'vxp.saas.02',
      secret: SECRET,
      now: () => NOW,
    });
    const file = Buffer.from('<edXML:edXMLEnvelope>Văn bản thử</edXML:edXMLEnvelope>', 'utf8');
    const result = await client.sendEdoc(file, { from: '000.00.00.G22', to: ['000.00.01.H53'] });
    assert.equal(result.DocId, 'D-1');
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/vxp/sendEdoc');
    const sha = createHash('sha256').update(file).digest('hex');
    assertSdkHeaderSet(req, {
      from: '000.00.00.G22',
      servicetype: 'eDoc',
      messagetype: 'edoc',
      to: '["000.00.01.H53"]',
      'hash-file': sha,
    });
    const type = req.headers.get('content-type')!;
    assert.match(type, /^multipart\/form-data; boundary=/);
    assert.equal(req.headers.get('content-length'), String(req.body.length));
    const boundary = type.split('boundary=')[1]!;
    const text = req.body.toString('utf8');
    assert.match(text, /Content-Disposition: form-data; name="file_doc"; filename="edoc.edxml"/);
    const start = req.body.indexOf('\r\n\r\n') + 4;
    const end = req.body.lastIndexOf(Buffer.from(`\r\n--${boundary}--`));
    assert.deepEqual(req.body.subarray(start, end), file);
  } finally {
    await server.close();
  }
});

void test('sendEdoc accepts a stream and hashes it before sending', async () => {
  const server = await recordingServer(() => ({
    body: JSON.stringify({ status: 'OK', ErrorCode: '0', ErrorDesc: '', DocId: 'D-2' }),
  }));
  try {
    const client = createVxpClient({
      endpoint: server.endpoint,
      systemId: 'vxp.saas.02',
      secret: SECRET,
      now: () => NOW,
    });
    const parts = [Buffer.from('a'.repeat(70_000)), Buffer.from('b'.repeat(70_000))];
    await client.sendEdoc(Readable.from(parts), { from: 'X', messagetype: 'status' });
    const req = server.requests[0]!;
    assert.equal(
      req.headers.get('hash-file'),
      createHash('sha256').update(Buffer.concat(parts)).digest('hex'),
    );
    assert.equal(req.headers.get('messagetype'), 'status');
    assert.equal(req.headers.has('to'), false);
  } finally {
    await server.close();
  }
});

void test('each call signs a fresh timestamp and only its own parameters', async () => {
  let clock = NOW.getTime();
  const server = await recordingServer((req) =>
    req.url.endsWith('getEdoc')
      ? {
          body: JSON.stringify({
            status: 'OK',
            ErrorCode: '0',
            ErrorDesc: '',
            data: Buffer.from('xin chào').toString('base64'),
          }),
        }
      : { body: JSON.stringify({ status: 'OK', ErrorCode: '0', ErrorDesc: '', data: [] }) },
  );
  try {
    const client = createVxpClient({
      endpoint: server.endpoint,
      systemId: 'vxp.saas.02',
      secret: SECRET,
      now: () => new Date((clock += 1000)),
    });
    assert.equal((await client.getEdoc('D-9')).toString('utf8'), 'xin chào');
    await client.getReceivedEdocList({ messagetype: 'status', pageSize: 20 });
    const [first, second] = server.requests;
    assert.notEqual(first!.headers.get('timestamp'), second!.headers.get('timestamp'));
    assert.equal(second!.headers.has('docid'), false);
    assert.equal(second!.headers.get('pagesize'), '20');
    assert.equal(second!.headers.get('servicetype'), 'eDoc');
  } finally {
    await server.close();
  }
});

void test('the header set of updateStatus matches an independently computed signature', async () => {
  const server = await recordingServer(() => ({
    body: JSON.stringify({ status: 'OK', ErrorCode: '0', ErrorDesc: '' }),
  }));
  try {
    const client = createVxpClient({
      endpoint: server.endpoint,
      systemId: 'vxp.saas.02',
      secret: SECRET,
      now: () => NOW,
    });
    await client.updateStatus('D-1', 'done');
    assertSdkHeaderSet(server.requests[0]!, { docId: 'D-1', status: 'done' });
    assert.equal(server.requests[0]!.headers.get('content-type'), 'application/json');
  } finally {
    await server.close();
  }
});

void test('a FAIL answer becomes a VxpError carrying the server ErrorCode and ErrorDesc', async () => {
  const server = await recordingServer(() => ({
    status: 401,
    body: JSON.stringify({ status: 'FAIL', ErrorCode: '15', ErrorDesc: 'Sai chữ ký' }),
  }));
  try {
    const client = createVxpClient({ endpoint: server.endpoint, systemId: 'vxp.saas.02', secret: SECRET });
    await assert.rejects(client.updateStatus('D-1', 'done'), (err: unknown) => {
      assert.ok(err instanceof VxpError);
      assert.equal(err.errorCode, '15');
      assert.equal(err.errorDesc, 'Sai chữ ký');
      assert.equal(err.httpStatus, 401);
      assert.equal(err.code, 'axis_client.vxp_failed');
      return true;
    });
  } finally {
    await server.close();
  }
});

void test('a non-JSON answer is an invalid response, an unreachable endpoint its own error', async () => {
  const server = await recordingServer(() => ({ type: 'text/html', body: '<html>proxy</html>' }));
  try {
    const client = createVxpClient({ endpoint: server.endpoint, systemId: 's', secret: 'k' });
    await assert.rejects(client.getAgenciesList(), { code: 'axis_client.invalid_response' });
  } finally {
    await server.close();
  }
  const dead = createVxpClient({ endpoint: 'http://127.0.0.1:9/vxp', systemId: 's', secret: 'k' });
  await assert.rejects(dead.getAgenciesList(), { code: 'axis_client.unreachable' });
});

void test('downloadEdoc streams the bytes and surfaces a FAIL body as an error', async () => {
  const payload = Buffer.from('x'.repeat(100_000));
  const server = await recordingServer((req) =>
    req.headers.get('docid') === 'OK'
      ? { type: 'application/octet-stream', body: payload }
      : { status: 404, body: JSON.stringify({ status: 'FAIL', ErrorCode: '404', ErrorDesc: 'not found' }) },
  );
  try {
    const client = createVxpClient({ endpoint: server.endpoint, systemId: 's', secret: 'k' });
    const chunks: Buffer[] = [];
    for await (const chunk of await client.downloadEdoc('OK')) chunks.push(chunk as Buffer);
    assert.deepEqual(Buffer.concat(chunks), payload);
    assert.equal(server.requests[0]!.method, 'GET');
    await assert.rejects(
      client.downloadEdoc('NO'),
      (err: unknown) => err instanceof VxpError && err.errorCode === '404',
    );
  } finally {
    await server.close();
  }
});
