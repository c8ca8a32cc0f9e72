/**
 * The VXP protocol over real HTTP: the production route plugin on a real server (port 0), a real
 * database and blob store, called with src/axis-client (headers and HMAC exactly as the SDK signs).
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createVxpClient,
  formatVxpTimestamp,
  signVxpHeaders,
  VxpError,
  type VxpClient,
} from '../../axis-client/index.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  sql,
  type HttpServer,
} from '../../platform/index.ts';
import { parsePackageSync } from '../../standards/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildEdoc, buildStatus } from '../../../test/factories/axis-packages.ts';
import { createAxis, type Axis } from '../index.ts';
import { registerAgency } from '../use-cases/register-agency.ts';
import { registerSystem, rotateSecret, setSystemStatus } from '../use-cases/register-system.ts';
import { VXP_ERROR_CODES } from './vxp-error-codes.ts';

const HN = '000.00.00.H24';
const NA = '000.00.00.H41';
const QN = '000.00.00.H49';
const HG = '000.00.00.H22';
const TQ = '000.00.00.H60';
const MAX_BYTES = 1024 * 1024;
const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/edxml/vxp-sdk');

let database: TestDatabase;
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: HttpServer;
let axis: Axis;
let endpoint: string;
const secrets = new Map<string, string>();
let hanoi: VxpClient;
let saas: VxpClient; // vxp.saas.02 serves Nghệ An and Quảng Ninh
let tuyenquang: VxpClient;

function client(systemId: string, extra: { secret?: string; now?: () => Date } = {}): VxpClient {
  return createVxpClient({
    endpoint,
    systemId,
    secret: extra.secret ?? secrets.get(systemId)!,
    ...(extra.now ? { now: extra.now } : {}),
  });
}

async function addSystem(systemId: string, agencies: string[]): Promise<VxpClient> {
  const secret = randomBytes(24).toString('base64');
  secrets.set(systemId, secret);
  await registerSystem(axis.stores, { systemId, secret, agencies });
  return client(systemId);
}

async function state() {
  const [row] = await database.query<Record<string, number>>(
    sql`select (select count(*)::int from axis.packages) packages, (select count(*)::int from axis.deliveries) deliveries,
               (select count(*)::int from axis.status_events) statuses,
               (select count(*)::int from axis.deliveries where state <> 'pending') acked,
               (select coalesce(sum(retry_count), 0)::int from axis.deliveries) retries`,
  );
  const files = await readdir(join(dir.path, 'blobs', 'sha256'), { recursive: true }).catch(() => []);
  return { ...row!, blobs: files.filter((f) => /[0-9a-f]{64}$/.test(String(f))).length };
}

/** Runs a call that must FAIL with `errorCode`, and checks that nothing changed. */
async function refused(call: () => Promise<unknown>, errorCode: string): Promise<VxpError> {
  const before = await state();
  const err = await call().then(
    () => assert.fail(`expected ErrorCode ${errorCode}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof VxpError, String(err));
  assert.equal(err.errorCode, errorCode, err.errorDesc);
  assert.deepEqual(await state(), before, 'no state changes on a refused request');
  return err;
}

async function rawPost(
  operation: string,
  headers: Record<string, string>,
  body?: BodyInit,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${endpoint}/${operation}`, {
    method: 'POST',
    headers,
    ...(body ? { body } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('VXP routes over HTTP (SDK-compatible)', () => {
  before(async () => {
    database = await createTestDatabase();
    dir = await tempDir('axis-vxp-');
    axis = createAxis({
      database,
      blobs: new LocalBlobStore(join(dir.path, 'blobs')),
      secretKey: randomBytes(32),
      maxPackageBytes: MAX_BYTES,
      vxpTimestampWindowSeconds: 300,
    });
    server = await createHttpServer({ logger: createLogger('silent'), bodyLimit: MAX_BYTES });
    await server.register((app) => axis.vxpPlugin(app), { prefix: '/vxp' });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/vxp`;
    for (const [code, name] of [
      [HN, 'UBND thành phố Hà Nội'],
      [NA, 'UBND tỉnh Nghệ An'],
      [QN, 'UBND tỉnh Quảng Ninh'],
      [TQ, 'UBND tỉnh Tuyên Quang'],
    ] as const) {
      await registerAgency(axis.stores, { code, name });
    }
    await registerAgency(axis.stores, {
      code: HG,
      name: 'UBND tỉnh Hà Giang',
      successorCode: TQ,
      status: 'retired',
    });
    hanoi = await addSystem('qlvb.hanoi', [HN]);
    saas = await addSystem('vxp.saas.02', [NA, QN]);
    tuyenquang = await addSystem('qlvb.tuyenquang', [TQ]);
  });
  after(async () => {
    await server.close();
    await database.close();
    await dir.cleanup();
  });

  it('carries a document from send to inbox, fetch and ack, and statuses 01/03/04/05/06 back to the sender', async () => {
    const { bytes, documentId } = await buildEdoc({ from: HN, to: [NA, QN] });
    const sent = await hanoi.sendEdoc(bytes, { from: HN });
    assert.equal(sent.status, 'OK');
    assert.equal(sent.ErrorCode, '0');

    // One SaaS system receives for both agencies.
    const inbox = await saas.getReceivedEdocList({ messagetype: 'edoc' });
    assert.deepEqual(inbox.map((i) => i.to).sort(), [NA, QN]);
    for (const item of inbox) {
      assert.deepEqual(Object.keys(item).sort(), [
        'created_time',
        'docId',
        'from',
        'messageType',
        'serviceType',
        'status',
        'status_desc',
        'to',
        'updated_time',
      ]);
      assert.equal(item.from, HN);
      assert.equal(item.messageType, 'edoc');
    }
    assert.equal(await saas.countReceiveEdoc(), 2);
    assert.deepEqual(
      (await saas.getReceivedEdocList({ messagetype: 'edoc', to: NA })).map((i) => i.to),
      [NA],
    );

    const forNa = inbox.find((i) => i.to === NA)!;
    const forQn = inbox.find((i) => i.to === QN)!;
    const received = await saas.getEdoc(forNa.docId);
    const pkg = parsePackageSync(received).package;
    assert.equal(pkg.header.documentId, documentId);
    assert.equal(pkg.header.traceHeaders.at(-1)?.organId, '000.00.00.G22');
    const chunks: Buffer[] = [];
    for await (const chunk of await saas.downloadEdoc(forQn.docId)) chunks.push(chunk as Buffer);
    assert.ok(Buffer.concat(chunks).equals(received), 'downloadEdoc streams the same bytes as getEdoc');

    await saas.updateStatus(forNa.docId, 'done');
    await saas.updateStatus(forQn.docId, 'processing');
    assert.deepEqual(
      (await saas.getReceivedEdocList({ messagetype: 'edoc' })).map((i) => i.docId),
      [forQn.docId],
    );
    await saas.updateStatus(forQn.docId, 'done');
    assert.equal(await saas.countReceiveEdoc(), 0);

    for (const code of ['01', '03', '04', '05', '06']) {
      const status = await buildStatus({
        from: NA,
        responseFor: { organId: HN, documentId },
        statusCode: code,
      });
      await saas.sendEdoc(status, { from: NA, messagetype: 'status' });
    }
    assert.equal(await hanoi.countReceiveStatus(), 5);
    const statuses = await hanoi.getReceivedEdocList({ messagetype: 'status' });
    assert.equal(statuses.length, 5);
    const first = parsePackageSync(await hanoi.getEdoc(statuses[0]!.docId)).package;
    assert.equal(first.kind, 'status');
    for (const s of statuses) await hanoi.updateStatus(s.docId, 'done');
    assert.equal(await hanoi.countReceiveStatus(), 0);

    const rows = await hanoi.getSentEdocList(sent.DocId);
    assert.equal(rows.length, 2);
    const byTo = new Map(rows.map((r) => [r.toCode, r]));
    assert.equal(byTo.get(NA)!.receiveStatus, '06');
    assert.equal(byTo.get(NA)!.sendStatus, 'done');
    assert.equal(byTo.get(QN)!.receiveStatus, '');
    assert.equal(byTo.get(NA)!.senderDocId, sent.DocId);
    assert.equal(byTo.get(NA)!.receiverDocId, forNa.docId);
    assert.deepEqual(Object.keys(byTo.get(NA)!).sort(), [
      'fromCode',
      'messageType',
      'notation',
      'receiveStatus',
      'receiveStatusDesc',
      'receivedTime',
      'receiverDocId',
      'sendStatus',
      'sendStatusDesc',
      'senderDocId',
      'sentTime',
      'serviceType',
      'title',
      'toCode',
    ]);

    // Resending the same package returns the original DocId.
    assert.equal((await hanoi.sendEdoc(bytes, { from: HN })).DocId, sent.DocId);
  });

  it('routes a document for a merged province to its successor, and adds recipients from the to header', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [HG] });
    await hanoi.sendEdoc(bytes, { from: HN, to: [NA] });
    const tq = await tuyenquang.getReceivedEdocList({ messagetype: 'edoc' });
    assert.equal(tq.length, 1);
    const na = await saas.getReceivedEdocList({ messagetype: 'edoc', to: NA });
    assert.equal(na.length, 1);
    const sent = await hanoi.getSentEdocList(tq[0]!.docId);
    assert.equal(sent.length, 0, "a receiver's docId is not the sender's");
  });

  it('answers the directory operations with the SDK field names', async () => {
    const list = await hanoi.getAgenciesList();
    assert.ok(list.some((a) => a.code === NA));
    assert.ok(!list.some((a) => a.code === HG), 'a merged province is not offered as a recipient');
    const merged = (await hanoi.getSynchronizeUnit()).find((u) => u.code === HG)!;
    assert.equal(merged.deleted, true);
    assert.equal(merged.centerCode, TQ);
    assert.deepEqual(Object.keys(list[0]!).sort(), ['code', 'id', 'mail', 'name', 'oldCode', 'pid']);
    const qd20 = await hanoi.getAgenciesListQD20(1);
    assert.deepEqual(Object.keys(qd20[0]!).sort(), ['code', 'code102', 'id', 'mail', 'name']);
    await hanoi.registerAgency({
      code: '000.00.12.H24',
      name: 'Sở Nội vụ thành phố Hà Nội',
      pcode: HN,
      mail: 'snv@hanoi.gov.vn',
    });
    const units = await hanoi.getSynchronizeUnit();
    const unit = units.find((u) => u.code === '000.00.12.H24')!;
    assert.equal(unit.pid, units.find((u) => u.code === HN)!.id);
    assert.deepEqual(Object.keys(unit).sort(), [
      'centerCode',
      'code',
      'deleted',
      'id',
      'isAgency',
      'mail',
      'modifyDate',
      'name',
      'pid',
      'version',
    ]);
    // A system only manages units below its own agencies.
    const forbidden = VXP_ERROR_CODES['axis.sender_not_allowed']; // platform.forbidden shares code 40
    await refused(
      () => hanoi.registerAgency({ code: '000.00.12.H41', name: 'Sở Nội vụ Nghệ An', pcode: NA }),
      forbidden,
    );
    await refused(() => hanoi.registerAgency({ code: '000.00.00.H98', name: 'Tỉnh mới' }), forbidden);
    await refused(() => hanoi.deleteAgency(NA), forbidden);
    await refused(() => saas.deleteAgency('000.00.12.H24'), forbidden);
    await hanoi.deleteAgency('000.00.12.H24');
    assert.equal((await hanoi.getSynchronizeUnit()).find((u) => u.code === '000.00.12.H24')!.deleted, true);
    assert.ok(!(await hanoi.getAgenciesList()).some((a) => a.code === '000.00.12.H24'));
  });

  it('refuses bad authentication with a clear ErrorCode and no change of state', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [NA] });
    await refused(
      () => client('qlvb.hanoi', { secret: 'a-wrong-secret-of-some-length' }).sendEdoc(bytes, { from: HN }),
      VXP_ERROR_CODES['axis.unauthenticated'],
    );
    await refused(
      () => client('no.such.system', { secret: 'whatever-secret-1234' }).countReceiveEdoc(),
      VXP_ERROR_CODES['axis.unauthenticated'],
    );
    const stale = () => new Date(Date.now() - 3600_000);
    await refused(
      () => client('qlvb.hanoi', { now: stale }).sendEdoc(bytes, { from: HN }),
      VXP_ERROR_CODES['axis.timestamp_invalid'],
    );
    // A replay of a captured request outside the window is the same stale timestamp.
    const captured = signVxpHeaders(
      { servicetype: 'eDoc', messagetype: 'edoc' },
      {
        systemId: 'qlvb.hanoi',
        secret: secrets.get('qlvb.hanoi')!,
        now: stale(),
        contentType: 'application/json',
      },
    );
    const replay = await rawPost('getReceivedEdocList', captured.headers);
    assert.equal(replay.json.ErrorCode, VXP_ERROR_CODES['axis.timestamp_invalid']);

    const fresh = () =>
      signVxpHeaders(
        { servicetype: 'eDoc', messagetype: 'edoc' },
        {
          systemId: 'qlvb.hanoi',
          secret: secrets.get('qlvb.hanoi')!,
          now: new Date(),
          contentType: 'application/json',
        },
      );
    const ok = await rawPost('getReceivedEdocList', fresh().headers);
    assert.equal(ok.json.status, 'OK');
    const tampered = fresh();
    tampered.headers['XroadVnpt-hash-header'] = tampered.hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    assert.equal(
      (await rawPost('getReceivedEdocList', tampered.headers)).json.ErrorCode,
      VXP_ERROR_CODES['axis.unauthenticated'],
    );
    const swapped = fresh();
    swapped.headers.messagetype = 'status'; // original header no longer matches its signed copy
    const mismatch = await rawPost('getReceivedEdocList', swapped.headers);
    assert.equal(mismatch.status, 200);
    assert.deepEqual(Object.keys(mismatch.json).sort(), ['ErrorCode', 'ErrorDesc', 'status']);
    assert.equal(mismatch.json.status, 'FAIL');
    assert.equal(mismatch.json.ErrorCode, VXP_ERROR_CODES['axis.header_mismatch']);
    const missing = await rawPost('getReceivedEdocList', { 'content-type': 'application/json' });
    assert.equal(missing.json.ErrorCode, VXP_ERROR_CODES['axis.signature_headers_missing']);

    // Secrets are encrypted at rest, and rotation retires the old one at once.
    const stored = await database.query<{ secret_ciphertext: string }>(
      sql`select secret_ciphertext from axis.systems`,
    );
    for (const row of stored) {
      assert.match(row.secret_ciphertext, /^v1:/);
      for (const secret of secrets.values()) assert.ok(!row.secret_ciphertext.includes(secret));
    }
    const rotated = await rotateSecret(axis.stores, { systemId: 'qlvb.tuyenquang' });
    await refused(() => tuyenquang.countReceiveEdoc(), VXP_ERROR_CODES['axis.unauthenticated']);
    secrets.set('qlvb.tuyenquang', rotated.secret);
    tuyenquang = client('qlvb.tuyenquang');
    assert.equal(typeof (await tuyenquang.countReceiveEdoc()), 'number');

    await setSystemStatus(axis.stores, { systemId: 'qlvb.tuyenquang', status: 'suspended' });
    await refused(() => tuyenquang.countReceiveEdoc(), VXP_ERROR_CODES['axis.system_suspended']);
    await setSystemStatus(axis.stores, { systemId: 'qlvb.tuyenquang', status: 'active' });
  });

  it('refuses bad packages with a clear ErrorCode and no change of state', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [NA] });
    await refused(
      async () => hanoi.sendEdoc((await buildEdoc({ from: NA, to: [QN] })).bytes, { from: NA }),
      VXP_ERROR_CODES['axis.sender_not_allowed'],
    );
    await refused(
      async () => hanoi.sendEdoc((await buildEdoc({ from: HN, to: ['000.00.00.Z99'] })).bytes, { from: HN }),
      VXP_ERROR_CODES['axis.recipient_unknown'],
    );
    const junk = await readFile(join(FIXTURES, 'edoc_new_junk-prefix.edxml'));
    await refused(() => hanoi.sendEdoc(junk, { from: HN }), VXP_ERROR_CODES['axis.package_invalid']);
    const hostile = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><edXML>&lol2;</edXML>',
    );
    const hostileErr = await refused(
      () => hanoi.sendEdoc(hostile, { from: HN }),
      VXP_ERROR_CODES['axis.package_invalid'],
    );
    assert.match(hostileErr.errorDesc, /axis.package_invalid/);
    await refused(
      () => hanoi.sendEdoc(Buffer.alloc(0), { from: HN }),
      VXP_ERROR_CODES['axis.package_missing'],
    );
    const large = await buildEdoc({ from: HN, to: [NA], attachmentBytes: MAX_BYTES });
    await refused(() => hanoi.sendEdoc(large.bytes, { from: HN }), VXP_ERROR_CODES['axis.package_too_large']);

    // hash-file that does not match the bytes.
    const boundary = 'lienthong-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file_doc"; filename="a.edxml"\r\nContent-Type: application/xml\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const signed = signVxpHeaders(
      { from: HN, servicetype: 'eDoc', messagetype: 'edoc', 'hash-file': 'ab'.repeat(32) },
      {
        systemId: 'qlvb.hanoi',
        secret: secrets.get('qlvb.hanoi')!,
        now: new Date(),
        contentType: `multipart/form-data; boundary=${boundary}`,
      },
    );
    const before = await state();
    const mismatch = await rawPost('sendEdoc', signed.headers, body);
    assert.equal(mismatch.json.ErrorCode, VXP_ERROR_CODES['axis.hash_mismatch']);
    assert.deepEqual(await state(), before);
  });

  it('refuses paging abuse and answers another agency’s docId exactly like a nonexistent one', async () => {
    await refused(
      () => hanoi.getReceivedEdocList({ messagetype: 'edoc', pageSize: 100_000 }),
      VXP_ERROR_CODES['axis.paging_invalid'],
    );
    await refused(
      () => hanoi.getReceivedEdocList({ messagetype: 'edoc', pageIndex: -1 }),
      VXP_ERROR_CODES['axis.paging_invalid'],
    );
    await refused(
      () => hanoi.getReceivedEdocList({ messagetype: 'edoc', pageIndex: 1_000_000 }),
      VXP_ERROR_CODES['axis.paging_invalid'],
    );

    const { bytes } = await buildEdoc({ from: HN, to: [QN] });
    await hanoi.sendEdoc(bytes, { from: HN });
    const item = (await saas.getReceivedEdocList({ messagetype: 'edoc', to: QN }))[0]!;
    const nonexistent = '01900000-0000-7000-8000-000000000000';
    for (const op of [
      (c: VxpClient, id: string) => c.getEdoc(id),
      (c: VxpClient, id: string) => c.downloadEdoc(id),
      (c: VxpClient, id: string) => c.updateStatus(id, 'done'),
    ]) {
      const other = await refused(() => op(tuyenquang, item.docId), VXP_ERROR_CODES['axis.not_found']);
      const none = await refused(() => op(tuyenquang, nonexistent), VXP_ERROR_CODES['axis.not_found']);
      assert.equal(other.errorDesc, none.errorDesc);
      assert.equal(other.httpStatus, none.httpStatus);
    }
    // The owner still has it, untouched.
    assert.equal((await saas.getReceivedEdocList({ messagetype: 'edoc', to: QN }))[0]!.docId, item.docId);
  });

  it('returns a failed delivery to the inbox with a bounded retry count', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [TQ] });
    await hanoi.sendEdoc(bytes, { from: HN });
    const item = (await tuyenquang.getReceivedEdocList({ messagetype: 'edoc' }))[0]!;
    await tuyenquang.updateStatus(item.docId, 'fail', 'Không đọc được tệp đính kèm');
    const again = (await tuyenquang.getReceivedEdocList({ messagetype: 'edoc' }))[0]!;
    assert.equal(again.docId, item.docId);
    assert.match(again.status_desc, /retry 1/);
    // The Vietnamese description travelled percent-encoded in a header and is stored decoded.
    const events = await database.query<{ details: { description?: string } }>(
      sql`select details from axis.evidence where event_type = 'failed' and details->>'deliveryId' = ${item.docId}`,
    );
    assert.equal(events[0]?.details.description, 'Không đọc được tệp đính kèm');
    // A client that sends raw UTF-8 bytes in headers (no percent-encoding), signing the UTF-8 JSON.
    const copies: Record<string, string> = {
      'XroadVnpt-systemid': 'qlvb.tuyenquang',
      'XroadVnpt-timestamp': formatVxpTimestamp(new Date()),
      'XroadVnpt-docId': item.docId,
      'XroadVnpt-status': 'fail',
      'XroadVnpt-description': 'Lỗi đọc tệp đính kèm',
    };
    const json = JSON.stringify(copies);
    const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const rawHeaders: Record<string, string> = { 'content-type': 'application/json' };
    for (const [key, value] of Object.entries(copies)) {
      rawHeaders[key] = latin1(value);
      rawHeaders[key.slice('XroadVnpt-'.length)] = latin1(value);
    }
    rawHeaders['XroadVnpt-sign-header'] = latin1(json);
    rawHeaders['XroadVnpt-hash-header'] = createHmac('sha256', secrets.get('qlvb.tuyenquang')!)
      .update(json, 'utf8')
      .digest('hex');
    const rawUtf8 = await rawPost('updateStatus', rawHeaders);
    assert.equal(rawUtf8.json.status, 'OK', String(rawUtf8.json.ErrorDesc));
    const stored = await database.query<{ details: { description?: string } }>(
      sql`select details from axis.evidence where event_type = 'failed' and details->>'deliveryId' = ${item.docId} order by seq`,
    );
    assert.equal(stored[1]?.details.description, 'Lỗi đọc tệp đính kèm');
    for (let i = 0; i < 3; i++) await tuyenquang.updateStatus(item.docId, 'fail');
    assert.ok(
      !(await tuyenquang.getReceivedEdocList({ messagetype: 'edoc' })).some((i) => i.docId === item.docId),
    );
    await refused(
      () => tuyenquang.updateStatus(item.docId, 'fail'),
      VXP_ERROR_CODES['axis.status_transition_invalid'],
    );
  });
});
