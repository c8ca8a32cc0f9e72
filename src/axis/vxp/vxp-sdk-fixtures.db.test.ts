/**
 * Guide: "Existing clients work unchanged: the official VXP SDK's requests, real edXML packages, real
 * status packages." Every SDK sample (../shared/fixtures/edxml/vxp-sdk) goes through the real VXP
 * route, with SDK-signed headers (src/axis-client), from and to the agencies it names — including the
 * non-standard test code 28.22.H17 — and arrives byte-identical except for the axis TraceHeader. The
 * samples' content defects are accepted and recorded (domain/acceptance-rule.ts); the junk-prefixed
 * sample is refused as not well-formed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createVxpClient, VxpError, type VxpClient } from '../../axis-client/index.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  sql,
  type HttpServer,
} from '../../platform/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildEdoc } from '../../../test/factories/axis-packages.ts';
import { createAxis, type Axis } from '../index.ts';
import { createInboxPageStore } from '../storage/inbox-page-store.ts';
import { registerAgency } from '../use-cases/register-agency.ts';
import { registerSystem } from '../use-cases/register-system.ts';
import { setValidationMode } from '../use-cases/set-validation-mode.ts';
import { VXP_ERROR_CODES } from './vxp-error-codes.ts';

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/edxml/vxp-sdk');
const MAX_BYTES = 4 * 1024 * 1024;
const G22 = '000.00.00.G22';
const H41 = '000.00.00.H41';
const H14 = '000.00.00.H14';
const G17 = '000.00.00.G17';
const A80 = '000.00.00.A80';
const TEST_CODE = '28.22.H17'; // not a QCVN 102 code: the SDK's test environment uses it
/** The document the status samples answer (their ResponseFor/DocumentId). */
const STATUS_DOCUMENT = '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT';
/** The document edoc_replacement.edxml replaces (its ReplacementInfo/DocumentId). */
const REPLACED_DOCUMENT = '000.00.00.G22,2014/01/30,7806/VPCP-TTĐT';

let database: TestDatabase;
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: HttpServer;
let axis: Axis;
let endpoint: string;
const clients = new Map<string, VxpClient>();

const fixture = (name: string) => readFile(join(FIXTURES, name));
const clientOf = (code: string) => clients.get(code)!;

async function packageRow(docId: string) {
  const [row] = await database.query<{
    trace_insert_offset: number | string;
    trace_xml: string;
    findings: { code: string; severity: string; path: string | null }[];
  }>(sql`select trace_insert_offset, trace_xml, findings from axis.packages where doc_id = ${docId}`);
  assert.ok(row, `package ${docId} recorded`);
  return row;
}

/** Bytes served = original[0:offset] + TraceHeader + original[offset:], nothing else changed. */
async function assertServedAsSent(served: Buffer, original: Buffer, docId: string): Promise<void> {
  const row = await packageRow(docId);
  const offset = Number(row.trace_insert_offset);
  const trace = Buffer.from(row.trace_xml, 'utf8');
  assert.match(row.trace_xml, /TraceHeader/);
  assert.match(row.trace_xml, new RegExp(G22.replaceAll('.', '\\.')));
  assert.equal(served.length, original.length + trace.length);
  assert.ok(served.subarray(0, offset).equals(original.subarray(0, offset)), 'bytes before the TraceHeader');
  assert.ok(served.subarray(offset, offset + trace.length).equals(trace), 'the TraceHeader');
  assert.ok(served.subarray(offset + trace.length).equals(original.subarray(offset)), 'bytes after it');
}

/** Sends one sample from `from`; every addressed recipient receives it byte-identical (+ TraceHeader). */
async function sendAndReceive(
  name: string,
  from: string,
  recipients: readonly string[],
  messagetype: 'edoc' | 'status' = 'edoc',
  beforeAck?: (deliveryId: string) => Promise<void>,
): Promise<{ docId: string; findings: { code: string; path: string | null }[] }> {
  const bytes = await fixture(name);
  const sent = await clientOf(from).sendEdoc(bytes, { from, messagetype });
  assert.equal(sent.status, 'OK', name);
  for (const recipient of recipients) {
    const inbox = await clientOf(recipient).getReceivedEdocList({ messagetype, to: recipient });
    const [delivery] = await database.query<{ id: string }>(
      sql`select id from axis.deliveries where doc_id = ${sent.DocId} and recipient_code = ${recipient}`,
    );
    const item = inbox.find((i) => i.docId === delivery?.id);
    assert.ok(item, `${name}: ${recipient} has it in its ${messagetype} inbox`);
    assert.equal(item.from, from);
    const served = await clientOf(recipient).getEdoc(item.docId);
    await assertServedAsSent(served, bytes, sent.DocId);
    await beforeAck?.(item.docId);
    assert.equal((await clientOf(recipient).updateStatus(item.docId, 'done')).status, 'OK');
  }
  const row = await packageRow(sent.DocId);
  return { docId: sent.DocId, findings: row.findings };
}

async function setUp(): Promise<void> {
  {
    database = await createTestDatabase();
    dir = await tempDir('axis-sdk-');
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
    for (const code of [G22, H41, H14, G17, A80, TEST_CODE]) {
      await registerAgency(axis.stores, { code, name: `Cơ quan ${code}` });
      const secret = randomBytes(24).toString('base64');
      const systemId = `sdk.${code}`;
      await registerSystem(axis.stores, { systemId, secret, agencies: [code] });
      clients.set(code, createVxpClient({ endpoint, systemId, secret }));
    }
  }
}

async function tearDown(): Promise<void> {
  await server.close();
  await database.close();
  await dir.cleanup();
  clients.clear();
}

/** The originals the samples refer to, sent first by the same agency (the samples' ResponseFor/Bussiness ids). */
async function sendOriginals(): Promise<void> {
  for (const [documentId, to] of [
    [STATUS_DOCUMENT, [H41, H14, G17]],
    [REPLACED_DOCUMENT, [H41, H14]],
  ] as const) {
    const { bytes } = await buildEdoc({ from: G22, to, documentId });
    assert.equal((await clientOf(G22).sendEdoc(bytes, { from: G22 })).status, 'OK');
  }
}

async function statusToSender(name: string, code: string): Promise<void> {
  const { docId } = await sendAndReceive(name, H41, [G22], 'status');
  const [row] = await database.query<{ status_code: string; from_organ_id: string }>(
    sql`select status_code, from_organ_id from axis.packages where doc_id = ${docId}`,
  );
  assert.deepEqual(row, { status_code: code, from_organ_id: H41 });
}

/** Business state of the original document for H41. */
async function originalState(documentId: string = STATUS_DOCUMENT) {
  const [row] = await database.query<{
    progress_code: string | null;
    pending_request: string | null;
    effect: string | null;
  }>(
    sql`select d.progress_code, d.pending_request, d.effect from axis.deliveries d join axis.packages p on p.doc_id = d.doc_id
        where p.document_id = ${documentId} and p.bussiness_doc_type = 0 and d.recipient_code = ${H41}`,
  );
  return row!;
}

describe('official VXP SDK samples over the VXP route', () => {
  before(setUp);
  after(tearDown);

  it('refuses the junk-prefixed sample as not well-formed, storing nothing', async () => {
    const [before] = await database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    await assert.rejects(
      clientOf(A80).sendEdoc(await fixture('edoc_new_junk-prefix.edxml'), { from: A80 }),
      (err: unknown) => {
        assert.ok(err instanceof VxpError);
        assert.equal(err.errorCode, VXP_ERROR_CODES['axis.package_invalid']);
        assert.match(err.errorDesc, /well-formed|XML|edxml/i, err.errorDesc);
        return true;
      },
    );
    const [afterwards] = await database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    assert.equal(afterwards!.n, before!.n);
  });

  it('accepts edoc_new to a non-standard test code, recording its content defects for the receiver', async () => {
    let listed: readonly { code: string }[] = [];
    const { findings } = await sendAndReceive('edoc_new.edxml', A80, [TEST_CODE], 'edoc', async (id) => {
      // The receiver's REST inbox listing carries them too (storage/inbox-page-store.ts).
      const page = await createInboxPageStore(database).listOpen({
        recipientCodes: [TEST_CODE],
        kind: 'edoc',
        limit: 10,
      });
      listed = page.find((d) => d.id === id)?.findings ?? [];
    });
    assert.deepEqual(listed, findings);
    // The sample's test data: an impossible date (2014/02/30) in Bussiness/DocumentId, among others.
    assert.ok(
      findings.some((f) => f.code === 'edxml.bad_document_id'),
      JSON.stringify(findings),
    );
    assert.ok(findings.every((f) => typeof f.code === 'string' && 'path' in f));
    const [event] = await database.query<{ details: { findings: unknown[]; validationMode: string } }>(
      sql`select details from axis.evidence where event_type = 'accepted' and details->>'from' = ${A80}`,
    );
    assert.equal(event!.details.validationMode, 'lenient');
    assert.deepEqual(
      event!.details.findings,
      findings.map((f) => ({ code: f.code, severity: (f as { severity?: string }).severity, path: f.path })),
    );
  });

  it('carries update, revocation and replacement samples and relays every status sample to the sender', async () => {
    await sendOriginals();

    await statusToSender('status_inbox_01.edxml', '01');
    await statusToSender('status.edxml', '01');
    await statusToSender('status_acceptance_03.edxml', '03');
    await statusToSender('status_assignment_04.edxml', '04');
    await statusToSender('status_processing_05.edxml', '05');
    await statusToSender('status_finish_06.edxml', '06');
    assert.equal((await originalState()).progress_code, '06');

    await sendAndReceive('edoc_update.edxml', G22, [H41, H14, G17]);
    assert.equal((await originalState()).pending_request, 'update');
    await statusToSender('status_change-acceptance_15.edxml', '15');
    assert.deepEqual(await originalState(), {
      progress_code: '06',
      pending_request: null,
      effect: 'updated',
    });

    await sendAndReceive('edoc_revocation.edxml', G22, [H41, H14, G17]);
    assert.equal((await originalState()).pending_request, 'revoke');
    await statusToSender('status_change-rejection_16.edxml', '16');
    assert.deepEqual(await originalState(), {
      progress_code: '06',
      pending_request: null,
      effect: 'updated',
    });

    await sendAndReceive('edoc_replacement.edxml', G22, [H41, H14, G17]);
    // ReplacementInfo names the 2014/01/30 document for H41 and H14.
    assert.equal((await originalState(REPLACED_DOCUMENT)).pending_request, 'replace');

    // 13 (lấy lại) comes from the original sender and goes to the recipient it names.
    const { docId } = await sendAndReceive('status_cancellation_13.edxml', G22, [H41], 'status');
    assert.equal((await packageRow(docId)).trace_xml.includes('TraceHeader'), true);
    assert.equal((await originalState()).pending_request, 'revoke');
  });

  it('refuses content defects under strict validation for an agency that asks for it, and nothing is stored', async () => {
    await setValidationMode(axis.stores, { code: TEST_CODE, mode: 'strict' });
    // Other bytes than the accepted copy (a trailing newline), so it is not answered as a resend.
    const bytes = Buffer.concat([await fixture('edoc_new.edxml'), Buffer.from('\n')]);
    const [before] = await database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    await assert.rejects(clientOf(A80).sendEdoc(bytes, { from: A80 }), (err: unknown) => {
      assert.ok(err instanceof VxpError);
      assert.equal(err.errorCode, VXP_ERROR_CODES['axis.package_invalid']);
      return true;
    });
    const [afterwards] = await database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    assert.equal(afterwards!.n, before!.n);
    await setValidationMode(axis.stores, { code: TEST_CODE, mode: 'default' });
  });
});

describe('the SDK rejection sample (02) over the VXP route', () => {
  before(setUp);
  after(tearDown);

  it('relays 02 (từ chối) after 01 to the original sender; nothing may follow it', async () => {
    await sendOriginals();
    await statusToSender('status_inbox_01.edxml', '01');
    await statusToSender('status_rejection_02.edxml', '02');
    assert.equal((await originalState()).progress_code, '02');
    await assert.rejects(
      sendAndReceive('status_acceptance_03.edxml', H41, [G22], 'status'),
      (err: unknown) => {
        assert.ok(err instanceof VxpError);
        assert.equal(err.errorCode, VXP_ERROR_CODES['axis.status_transition_invalid']);
        return true;
      },
    );
  });
});
