import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalBlobStore, AppError, sql } from '../../platform/index.ts';
import { parsePackageSync } from '../../standards/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildEdoc, buildStatus } from '../../../test/factories/axis-packages.ts';
import { createAxisStores } from '../storage/index.ts';
import { acknowledgeDelivery } from './acknowledge-delivery.ts';
import { fetchPackage, readFetched } from './fetch-package.ts';
import { listInbox } from './list-inbox.ts';
import { listSent } from './list-sent.ts';
import type { AxisStores } from './ports.ts';
import { registerAgency } from './register-agency.ts';
import { sendPackage, type SendPackageInput } from './send-package.ts';
import { createStandardsPackageReader } from './standards-package-reader.ts';
import { verifyEvidence, exportEvidence } from './verify-evidence.ts';

const HN = '000.00.00.H24';
const NA = '000.00.00.H41';
const QN = '000.00.00.H49';
const HG = '000.00.00.H22'; // Hà Giang, merged into Tuyên Quang
const TQ = '000.00.00.H60';
const OLD = '000.00.00.H63'; // retired, no successor
const SUS = '000.00.00.H50'; // suspended

let database: TestDatabase;
let dir: Awaited<ReturnType<typeof tempDir>>;
let stores: AxisStores;
const hanoi = { systemId: 'qlvb.hanoi', agencies: [HN] };

async function* chunks(bytes: Buffer, size = 4096): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function input(bytes: Buffer, extra: Partial<SendPackageInput> = {}): SendPackageInput {
  return {
    system: hanoi,
    body: chunks(bytes),
    maxBytes: 10 * 1024 * 1024,
    axisOrganId: '000.00.00.G22',
    ...extra,
  };
}

async function counts() {
  const [row] = await database.query<{ p: number; d: number; s: number }>(
    sql`select (select count(*)::int from axis.packages) p, (select count(*)::int from axis.deliveries) d, (select count(*)::int from axis.status_events) s`,
  );
  const blobs = await readdir(join(dir.path, 'blobs', 'sha256'), { recursive: true }).catch(() => []);
  return { ...row!, blobs: blobs.filter((f) => /[0-9a-f]{64}$/.test(String(f))).length };
}

async function refused(start: () => Promise<unknown>, code: string): Promise<AppError> {
  const before0 = await counts();
  const promise = start();
  const settled = promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  const err = await settled;
  const before = before0;
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, code, JSON.stringify(err.details));
  assert.deepEqual(await counts(), before, 'a refused package changes no state');
  return err;
}

describe('sendPackage and the delivery life cycle (database)', () => {
  before(async () => {
    database = await createTestDatabase();
    dir = await tempDir('axis-send-');
    stores = createAxisStores({
      database,
      blobs: new LocalBlobStore(join(dir.path, 'blobs')),
      secretKey: randomBytes(32),
      clock: { now: () => new Date() },
      reader: createStandardsPackageReader({ maxBytes: 10 * 1024 * 1024 }),
    });
    for (const [code, name] of [
      [HN, 'UBND thành phố Hà Nội'],
      [NA, 'UBND tỉnh Nghệ An'],
      [QN, 'UBND tỉnh Quảng Ninh'],
      [TQ, 'UBND tỉnh Tuyên Quang'],
    ] as const) {
      await registerAgency(stores, { code, name });
    }
    await registerAgency(stores, {
      code: HG,
      name: 'UBND tỉnh Hà Giang',
      successorCode: TQ,
      status: 'retired',
    });
    await registerAgency(stores, {
      code: OLD,
      name: 'UBND tỉnh Yên Bái (giả định không kế thừa)',
      status: 'retired',
    });
    await registerAgency(stores, { code: SUS, name: 'UBND tỉnh Quảng Trị', status: 'suspended' });
  });
  after(async () => {
    await database.close();
    await dir.cleanup();
  });

  it('stores one package and one delivery per recipient, and serves the original with the axis TraceHeader', async () => {
    const { bytes, documentId } = await buildEdoc({ from: HN, to: [NA, QN] });
    const result = await sendPackage(stores, input(bytes));
    assert.equal(result.duplicate, false);
    assert.deepEqual(result.deliveries.map((d) => d.recipientCode).sort(), [NA, QN]);

    const inbox = await listInbox(stores, { systemAgencies: [NA], kind: 'edoc' });
    assert.equal(inbox.length, 1);
    const fetched = await fetchPackage(stores, {
      systemId: 'qlvb.nghean',
      systemAgencies: [NA],
      docId: inbox[0]!.id,
    });
    const served = await readFetched(fetched);
    assert.equal(served.length, fetched.size);
    const parsed = parsePackageSync(served).package;
    assert.equal(parsed.header.documentId, documentId);
    const last = parsed.header.traceHeaders.at(-1);
    assert.equal(last?.organId, '000.00.00.G22');
    assert.match(last?.timestamp ?? '', /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    // The stored blob is the original, byte for byte.
    const original: Buffer[] = [];
    for await (const c of await fetched.openOriginal()) original.push(c as Buffer);
    assert.ok(Buffer.concat(original).equals(bytes));
  });

  it('returns the original docId for the same bytes or the same DocumentId to the same recipients', async () => {
    const { bytes, documentId } = await buildEdoc({ from: HN, to: [NA] });
    const first = await sendPackage(stores, input(bytes));
    const before = await counts();
    const again = await sendPackage(stores, input(bytes));
    assert.equal(again.docId, first.docId);
    assert.equal(again.duplicate, true);
    const rebuilt = await buildEdoc({ from: HN, to: [NA], documentId, subject: 'Gửi lại' });
    assert.ok(!rebuilt.bytes.equals(bytes));
    const resent = await sendPackage(stores, input(rebuilt.bytes));
    assert.equal(resent.docId, first.docId);
    assert.deepEqual(await counts(), before);
  });

  it('answers concurrent resends of one package with one docId and one delivery', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [NA] });
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 6 }, () => sendPackage(stores, input(bytes))));
    assert.equal(new Set(results.map((r) => r.docId)).size, 1);
    assert.equal(results.filter((r) => !r.duplicate).length, 1);
    const after = await counts();
    assert.equal(after.p, before.p + 1);
    assert.equal(after.d, before.d + 1);
  });

  it('delivers a document addressed to a merged province to its successor and records the redirect', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [HG] });
    const result = await sendPackage(stores, input(bytes));
    assert.deepEqual(result.deliveries, [
      { deliveryId: result.deliveries[0]!.deliveryId, recipientCode: TQ, addressedCode: HG },
    ]);
    const events = await exportEvidence(stores, { docId: result.docId });
    assert.ok(events.some((e) => e.eventType === 'redirected' && e.details.addressed === HG));
  });

  it('refuses, all or nothing, unknown, retired-without-successor and suspended recipients', async () => {
    const unknown = await refused(
      async () =>
        sendPackage(stores, input((await buildEdoc({ from: HN, to: [NA, '000.00.00.Z99'] })).bytes)),
      'axis.recipient_unknown',
    );
    assert.equal(unknown.details.organId, '000.00.00.Z99');
    const retired = await refused(
      async () => sendPackage(stores, input((await buildEdoc({ from: HN, to: [OLD] })).bytes)),
      'axis.recipient_retired',
    );
    assert.match(String(retired.details.reason), /no successor/);
    await refused(
      async () => sendPackage(stores, input((await buildEdoc({ from: HN, to: [SUS] })).bytes)),
      'axis.recipient_suspended',
    );
  });

  it('refuses a sender the system does not serve, a hash mismatch, empty, oversize and malformed packages', async () => {
    await refused(
      async () => sendPackage(stores, input((await buildEdoc({ from: NA, to: [QN] })).bytes)),
      'axis.sender_not_allowed',
    );
    const { bytes } = await buildEdoc({ from: HN, to: [NA] });
    await refused(
      async () => sendPackage(stores, input(bytes, { declaredSha256: 'ab'.repeat(32) })),
      'axis.hash_mismatch',
    );
    await refused(async () => sendPackage(stores, input(Buffer.alloc(0))), 'axis.package_missing');
    await refused(
      async () => sendPackage(stores, input(bytes, { maxBytes: 1000 })),
      'axis.package_too_large',
    );
    const hostile = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><edXML>&a;</edXML>');
    const err = await refused(async () => sendPackage(stores, input(hostile)), 'axis.package_invalid');
    assert.equal(err.details.cause, 'edxml.doctype_forbidden');
    await refused(
      async () => sendPackage(stores, input(bytes, { messageType: 'status' })),
      'axis.messagetype_mismatch',
    );
    // Error-level validation findings refuse the package and are listed in the details.
    const duplicateTo = await refused(
      async () => sendPackage(stores, input((await buildEdoc({ from: HN, to: [NA, NA] })).bytes)),
      'axis.package_invalid',
    );
    assert.ok(
      (duplicateTo.details.findings as { code: string }[]).some((f) => f.code === 'edxml.to_duplicate'),
    );
    const evidence = await database.query<{ n: number }>(
      sql`select count(*)::int n from axis.evidence where event_type = 'refused'`,
    );
    assert.ok(evidence[0]!.n >= 9, 'every refusal is evidence');
  });

  it('relays statuses 01 → 03 → 04 → 05 → 06 to the sender and refuses nonsensical transitions', async () => {
    const { bytes, documentId } = await buildEdoc({ from: HN, to: [NA] });
    const sent = await sendPackage(stores, input(bytes));
    const nghean = { systemId: 'qlvb.nghean', agencies: [NA] };
    const ref = { organId: HN, documentId };
    const status = async (code: string, system = nghean, from = NA) =>
      sendPackage(stores, {
        ...input(await buildStatus({ from, responseFor: ref, statusCode: code })),
        system,
      });
    await status('01');
    await refused(async () => status('06'), 'axis.status_transition_invalid'); // 06 before 03
    await refused(async () => status('03', hanoi, HN), 'axis.status_transition_invalid'); // the sender sends 03
    await refused(async () => status('15'), 'axis.status_transition_invalid'); // nothing pending
    for (const code of ['03', '04', '05', '06']) await status(code);
    await refused(async () => status('02'), 'axis.status_transition_invalid'); // reject after completion
    const statusInbox = await listInbox(stores, { systemAgencies: [HN], kind: 'status', pageSize: 500 });
    assert.ok(statusInbox.filter((d) => d.fromOrganId === NA).length >= 5);
    const rows = await listSent(stores, { systemId: hanoi.systemId, docId: sent.docId });
    assert.equal(rows[0]!.delivery.statusCode, '06');
    assert.deepEqual(
      (await stores.deliveries.statusHistory(sent.docId)).map((h) => h.statusCode),
      ['01', '03', '04', '05', '06'],
    );
    // The document's evidence includes the statuses about it, and the chain verifies.
    const life = await exportEvidence(stores, { docId: sent.docId });
    assert.equal(life.filter((e) => e.eventType === 'status_received').length, 5);
    assert.equal((await verifyEvidence(stores)).valid, true);
  });

  it('revokes with 13 then 15, and records a refusal with 16', async () => {
    const { bytes, documentId } = await buildEdoc({ from: HN, to: [NA, QN] });
    const sent = await sendPackage(stores, input(bytes));
    const ref = { organId: HN, documentId };
    const from = (code: string) => ({ systemId: `qlvb.${code}`, agencies: [code] });
    await sendPackage(stores, {
      ...input(await buildStatus({ from: NA, responseFor: ref, statusCode: '03' })),
      system: from(NA),
    });
    // A receiver cannot ask for a take-back.
    await refused(
      async () =>
        sendPackage(stores, {
          ...input(await buildStatus({ from: NA, responseFor: ref, statusCode: '13' })),
          system: from(NA),
        }),
      'axis.status_transition_invalid',
    );
    const take = await sendPackage(
      stores,
      input(await buildStatus({ from: HN, responseFor: ref, statusCode: '13' })),
    );
    assert.deepEqual(take.deliveries.map((d) => d.recipientCode).sort(), [NA, QN]);
    await sendPackage(stores, {
      ...input(await buildStatus({ from: NA, responseFor: ref, statusCode: '15' })),
      system: from(NA),
    });
    await sendPackage(stores, {
      ...input(await buildStatus({ from: QN, responseFor: ref, statusCode: '16' })),
      system: from(QN),
    });
    const byRecipient = new Map(
      (await stores.deliveries.forPackage(sent.docId)).map((d) => [d.recipientCode, d]),
    );
    assert.equal(byRecipient.get(NA)!.effect, 'revoked');
    assert.equal(byRecipient.get(QN)!.effect, null);
    assert.equal(byRecipient.get(QN)!.statusCode, '16');
    // A revoked document takes no further progress status.
    await refused(
      async () =>
        sendPackage(stores, {
          ...input(await buildStatus({ from: NA, responseFor: ref, statusCode: '05' })),
          system: from(NA),
        }),
      'axis.status_transition_invalid',
    );
  });

  it('applies revoke, update and replace packages (BussinessDocType 1–3) to the referenced document', async () => {
    const original = await buildEdoc({ from: HN, to: [NA] });
    const sent = await sendPackage(stores, input(original.bytes));
    const ref = { organId: HN, documentId: original.documentId };
    const update = await buildEdoc({ from: HN, to: [NA], bussinessDocType: 2, responseFor: ref });
    const updateSent = await sendPackage(stores, input(update.bytes));
    let state = (await stores.deliveries.forPackage(sent.docId))[0]!;
    assert.equal(state.pendingRequest, 'update');
    assert.equal(state.requestDocId, updateSent.docId);
    await sendPackage(stores, {
      ...input(await buildStatus({ from: NA, responseFor: ref, statusCode: '15' })),
      system: { systemId: 'na', agencies: [NA] },
    });
    state = (await stores.deliveries.forPackage(sent.docId))[0]!;
    assert.equal(state.effect, 'updated');

    const replacement = await buildEdoc({
      from: HN,
      to: [NA],
      bussinessDocType: 3,
      replacement: [{ documentId: original.documentId, organIds: [NA] }],
    });
    await sendPackage(stores, input(replacement.bytes));
    // A different status package (its own description/timestamp): the same bytes would be a resend.
    const agree = await buildStatus({
      from: NA,
      responseFor: ref,
      statusCode: '15',
      description: 'Đồng ý thay thế',
    });
    await sendPackage(stores, { ...input(agree), system: { systemId: 'na', agencies: [NA] } });
    state = (await stores.deliveries.forPackage(sent.docId))[0]!;
    assert.equal(state.effect, 'replaced');

    // An update that reuses the original's DocumentId (no ResponseFor) still finds the original.
    const second = await buildEdoc({ from: HN, to: [QN] });
    const secondSent = await sendPackage(stores, input(second.bytes));
    const sameId = await buildEdoc({
      from: HN,
      to: [QN],
      documentId: second.documentId,
      bussinessDocType: 2,
      subject: 'Cập nhật',
    });
    await sendPackage(stores, input(sameId.bytes));
    assert.equal((await stores.deliveries.forPackage(secondSent.docId))[0]!.pendingRequest, 'update');

    const revoke = await buildEdoc({ from: HN, to: [NA], bussinessDocType: 1, responseFor: ref });
    await refused(async () => sendPackage(stores, input(revoke.bytes)), 'axis.status_transition_invalid'); // already replaced
    const unknownRef = await buildEdoc({
      from: HN,
      to: [NA],
      bussinessDocType: 1,
      responseFor: { organId: HN, documentId: 'không-có' },
    });
    await refused(async () => sendPackage(stores, input(unknownRef.bytes)), 'axis.reference_unknown');
  });

  it('acknowledges: done leaves the inbox, fail returns it until the retry bound; other agencies see not found', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [QN] });
    const sent = await sendPackage(stores, input(bytes));
    const qn = { systemId: 'qlvb.qn', systemAgencies: [QN] };
    const deliveryId = sent.deliveries[0]!.deliveryId;
    await assert.rejects(
      fetchPackage(stores, { systemId: 'x', systemAgencies: [NA], docId: deliveryId }),
      (e: AppError) => e.code === 'axis.not_found',
    );
    await assert.rejects(
      acknowledgeDelivery(stores, { systemId: 'x', systemAgencies: [NA], docId: deliveryId, status: 'done' }),
      (e: AppError) => e.code === 'axis.not_found',
    );
    for (let i = 1; i <= 4; i++) {
      const d = await acknowledgeDelivery(stores, { ...qn, docId: deliveryId, status: 'fail' });
      assert.equal(d.state, 'pending');
      assert.equal(d.retryCount, i);
    }
    const final = await acknowledgeDelivery(stores, { ...qn, docId: deliveryId, status: 'fail' });
    assert.equal(final.state, 'failed');
    assert.ok(
      !(await listInbox(stores, { systemAgencies: [QN], kind: 'edoc' })).some((d) => d.id === deliveryId),
    );

    const other = await sendPackage(stores, input((await buildEdoc({ from: HN, to: [QN] })).bytes));
    const id = other.deliveries[0]!.deliveryId;
    await acknowledgeDelivery(stores, { ...qn, docId: id, status: 'processing' });
    assert.ok((await listInbox(stores, { systemAgencies: [QN], kind: 'edoc' })).some((d) => d.id === id));
    await acknowledgeDelivery(stores, { ...qn, docId: other.docId, status: 'done' }); // package docId, one recipient
    assert.ok(!(await listInbox(stores, { systemAgencies: [QN], kind: 'edoc' })).some((d) => d.id === id));
  });

  it('keeps a verifiable evidence chain and detects tampering', async () => {
    const check = await verifyEvidence(stores);
    assert.equal(check.valid, true);
    await database.query(sql`update axis.evidence set details = '{"tampered":true}'::jsonb where seq = 3`);
    const broken = await verifyEvidence(stores);
    assert.equal(broken.valid, false);
    assert.equal(!broken.valid && broken.seq, 3);
  });
});
