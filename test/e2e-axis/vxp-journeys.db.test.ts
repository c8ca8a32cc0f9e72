/**
 * Client-driven journeys over real HTTP with the VXP protocol exactly as the official SDK speaks it
 * (src/axis-client): issue 3 "Must show". Each journey uses only what an agency's software can do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VxpError } from '../../src/axis-client/index.ts';
import { startAxisHarness, type AxisHarness, type TestSystem } from './harness.ts';
import { buildEdoc, buildStatus } from '../factories/axis-packages.ts';

const G22 = '000.00.00.G22';

function statusCodeOf(bytes: Buffer): string | undefined {
  return /<(?:edXML:)?StatusCode>(\d{2})</.exec(bytes.toString('utf8'))?.[1];
}

/** Drains a system's VXP inbox of one kind: getEdoc + updateStatus(done) for each item. */
async function drain(system: TestSystem, messagetype: 'edoc' | 'status') {
  const items = await system.vxp.getReceivedEdocList({ messagetype });
  const out: { docId: string; from: string; to: string; bytes: Buffer }[] = [];
  for (const item of items) {
    const bytes = await system.vxp.getEdoc(item.docId);
    await system.vxp.updateStatus(item.docId, 'done');
    out.push({ docId: item.docId, from: item.from, to: item.to, bytes });
  }
  return out;
}

async function sendStatus(
  system: TestSystem,
  from: string,
  original: { from: string; documentId: string },
  code: string,
  description?: string,
) {
  const bytes = await buildStatus({
    from,
    responseFor: { organId: original.from, documentId: original.documentId },
    statusCode: code,
    ...(description ? { description } : {}),
  });
  return system.vxp.sendEdoc(bytes, { from, messagetype: 'status' });
}

async function withAxis(fn: (h: AxisHarness) => Promise<void>) {
  const h = await startAxisHarness();
  try {
    await h.addAgency(G22, 'Văn phòng Chính phủ');
    await fn(h);
  } finally {
    await h.close();
  }
}

void test('two agencies: send → inbox → fetch → ack → statuses 01/03/04/05/06 back to the sender → getSentEdocList', async () => {
  await withAxis(async (h) => {
    await h.addAgency('000.00.00.H53', 'UBND tỉnh Nghệ An');
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const nghean = await h.addSystem('nghean.qlvb', ['000.00.00.H53']);

    const { bytes, documentId } = await buildEdoc({
      from: G22,
      to: ['000.00.00.H53'],
      subject: 'Về việc triển khai liên thông',
    });
    const { DocId } = await vpcp.vxp.sendEdoc(bytes, { from: G22 });
    // Resending the same bytes returns the original receipt and creates no second delivery.
    assert.equal((await vpcp.vxp.sendEdoc(bytes, { from: G22 })).DocId, DocId);

    assert.equal(await nghean.vxp.countReceiveEdoc(), 1);
    const [received] = await drain(nghean, 'edoc');
    assert.ok(received);
    assert.equal(received.from, G22);
    assert.match(received.bytes.toString('utf8'), /Về việc triển khai liên thông/);
    // The axis appended its TraceHeader.
    assert.match(received.bytes.toString('utf8'), /TraceHeader>[\s\S]*000\.00\.00\.G22/);
    assert.deepEqual(await nghean.vxp.getReceivedEdocList({ messagetype: 'edoc' }), []);

    // 06 before 03 makes no sense: refused with a reason, nothing changes.
    await assert.rejects(sendStatus(nghean, '000.00.00.H53', { from: G22, documentId }, '06'), VxpError);
    for (const code of ['01', '03', '04', '05', '06'])
      await sendStatus(nghean, '000.00.00.H53', { from: G22, documentId }, code);

    assert.equal(await vpcp.vxp.countReceiveStatus(), 5);
    const statuses = await drain(vpcp, 'status');
    assert.deepEqual(
      statuses.map((s) => statusCodeOf(s.bytes)),
      ['01', '03', '04', '05', '06'],
    );

    const sent = await vpcp.vxp.getSentEdocList(DocId);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.toCode, '000.00.00.H53');
    assert.equal(sent[0]!.sendStatus, 'done');
    assert.equal(sent[0]!.receiveStatus, '06');
    assert.equal(sent[0]!.senderDocId, DocId);

    const timeline = await vpcp.rest.timeline(DocId);
    assert.deepEqual(
      timeline.events.map((e) => e.statusCode),
      ['01', '03', '04', '05', '06'],
    );
    // The receiver cannot read the sender's timeline, nor another agency's delivery.
    await assert.rejects(nghean.rest.timeline(DocId), { serverCode: 'axis.not_found' });
    await assert.rejects(vpcp.vxp.getEdoc(received.docId), VxpError);
  });
});

void test('twenty agencies: one package to nineteen recipients, each answers 01 and 03; nineteen documents back', async () => {
  await withAxis(async (h) => {
    const codes = Array.from({ length: 19 }, (_, i) => `000.00.00.H${String(i + 10).padStart(2, '0')}`);
    for (const code of codes) await h.addAgency(code, `UBND tỉnh ${code}`);
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const provinces = await Promise.all(codes.map((code) => h.addSystem(`qlvb.${code}`, [code])));

    const { bytes, documentId } = await buildEdoc({ from: G22, to: codes });
    const { DocId } = await vpcp.vxp.sendEdoc(bytes, { from: G22 });

    await Promise.all(
      provinces.map(async (p, i) => {
        const page = await p.rest.inbox();
        assert.equal(page.items.length, 1);
        const item = page.items[0]!;
        assert.equal(item.docId, DocId);
        const chunks: Buffer[] = [];
        for await (const chunk of await p.rest.fetchPackage(item.deliveryId)) chunks.push(chunk as Buffer);
        assert.match(Buffer.concat(chunks).toString('utf8'), new RegExp(documentId.replaceAll('.', '\\.')));
        await p.rest.acknowledge(item.deliveryId);
        await sendStatus(p, codes[i]!, { from: G22, documentId }, '01');
        await sendStatus(p, codes[i]!, { from: G22, documentId }, '03');
        const back = await buildEdoc({ from: codes[i]!, to: [G22] });
        await p.vxp.sendEdoc(back.bytes, { from: codes[i]! });
      }),
    );

    const sent = await vpcp.vxp.getSentEdocList(DocId);
    assert.equal(sent.length, 19);
    assert.deepEqual(new Set(sent.map((r) => r.toCode)), new Set(codes));
    for (const row of sent) {
      assert.equal(row.receiveStatus, '03');
      assert.equal(row.sendStatus, 'done');
    }
    // Nineteen documents came back: page through them with the REST cursor, five at a time.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await vpcp.rest.inbox({ limit: 5, ...(cursor ? { cursor } : {}) });
      if (page.items.length === 0) break;
      seen.push(...page.items.map((i) => i.from));
      cursor = page.nextCursor ?? undefined;
    }
    assert.deepEqual(new Set(seen), new Set(codes));
    assert.equal(seen.length, 19);
    assert.equal(await vpcp.vxp.countReceiveStatus(), 38);
  });
});

void test('revoke: 13 reaches the recipients; one agrees (15), one refuses (16); the sender sees both', async () => {
  await withAxis(async (h) => {
    await h.addAgency('000.00.00.H26', 'UBND tỉnh Hà Tĩnh');
    await h.addAgency('000.00.00.H40', 'UBND tỉnh Quảng Bình');
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const hatinh = await h.addSystem('hatinh.qlvb', ['000.00.00.H26']);
    const quangbinh = await h.addSystem('quangbinh.qlvb', ['000.00.00.H40']);
    const { bytes, documentId } = await buildEdoc({ from: G22, to: ['000.00.00.H26', '000.00.00.H40'] });
    const { DocId } = await vpcp.vxp.sendEdoc(bytes, { from: G22 });
    for (const [system, code] of [
      [hatinh, '000.00.00.H26'],
      [quangbinh, '000.00.00.H40'],
    ] as const) {
      await drain(system, 'edoc');
      await sendStatus(system, code, { from: G22, documentId }, '03');
    }
    // A receiver may not send 13 (only the sender takes a document back).
    await assert.rejects(sendStatus(hatinh, '000.00.00.H26', { from: G22, documentId }, '13'), VxpError);

    await sendStatus(vpcp, G22, { from: G22, documentId }, '13');
    for (const system of [hatinh, quangbinh]) {
      const requests = await drain(system, 'status');
      assert.deepEqual(
        requests.map((r) => statusCodeOf(r.bytes)),
        ['13'],
      );
    }
    await sendStatus(hatinh, '000.00.00.H26', { from: G22, documentId }, '15');
    await sendStatus(quangbinh, '000.00.00.H40', { from: G22, documentId }, '16');

    const answers = await drain(vpcp, 'status');
    assert.deepEqual(answers.map((a) => statusCodeOf(a.bytes)).sort(), ['03', '03', '15', '16']);
    const rows = await vpcp.vxp.getSentEdocList(DocId);
    const byCode = new Map(rows.map((r) => [r.toCode, r]));
    assert.equal(byCode.get('000.00.00.H26')!.receiveStatus, '15');
    assert.equal(byCode.get('000.00.00.H40')!.receiveStatus, '16');
    // The same status package again is a resend (same bytes): the original receipt, nothing new.
    const again = await sendStatus(hatinh, '000.00.00.H26', { from: G22, documentId }, '15');
    assert.equal(
      (await vpcp.vxp.getReceivedEdocList({ messagetype: 'status' })).length,
      0,
      `resend ${again.DocId}`,
    );
    // A new 15 on a request already answered is refused.
    await assert.rejects(
      sendStatus(hatinh, '000.00.00.H26', { from: G22, documentId }, '15', 'Đồng ý lần nữa'),
      (err: unknown) => err instanceof VxpError && err.errorDesc.length > 0,
    );
  });
});

void test('update and replace: BussinessDocType 2 and 3 reach the recipient, which accepts them with 15', async () => {
  await withAxis(async (h) => {
    await h.addAgency('000.00.00.H29', 'UBND thành phố Hà Nội');
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const hanoi = await h.addSystem('hanoi.qlvb', ['000.00.00.H29']);
    for (const [type, effect] of [
      [2, 'update'],
      [3, 'replace'],
    ] as const) {
      const original = await buildEdoc({ from: G22, to: ['000.00.00.H29'] });
      const { DocId } = await vpcp.vxp.sendEdoc(original.bytes, { from: G22 });
      await drain(hanoi, 'edoc');
      await sendStatus(hanoi, '000.00.00.H29', { from: G22, documentId: original.documentId }, '03');

      const change = await buildEdoc({
        from: G22,
        to: ['000.00.00.H29'],
        bussinessDocType: type,
        responseFor: { organId: G22, documentId: original.documentId },
      });
      await vpcp.vxp.sendEdoc(change.bytes, { from: G22 });
      const delivered = await drain(hanoi, 'edoc');
      assert.equal(delivered.length, 1, `${effect} delivered`);
      assert.match(delivered[0]!.bytes.toString('utf8'), new RegExp(`BussinessDocType>${type}<`));
      await sendStatus(hanoi, '000.00.00.H29', { from: G22, documentId: original.documentId }, '15');

      const [row] = await vpcp.vxp.getSentEdocList(DocId);
      assert.equal(row!.receiveStatus, '15');
      assert.match(row!.receiveStatusDesc, new RegExp(effect));
      await drain(vpcp, 'status');
    }
  });
});

void test('a document to a merged agency reaches its successor', async () => {
  await withAxis(async (h) => {
    // 2025 reorganisation: the old province is retired into the merged one.
    await h.addAgency('000.00.00.H61', 'UBND tỉnh Tuyên Quang (sau sáp nhập)');
    await h.addAgency('000.00.00.H15', 'UBND tỉnh Hà Giang (cũ)', {
      successorCode: '000.00.00.H61',
      status: 'retired',
    });
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const tuyenquang = await h.addSystem('tuyenquang.qlvb', ['000.00.00.H61']);
    const { bytes } = await buildEdoc({ from: G22, to: ['000.00.00.H15'] });
    const { DocId } = await vpcp.vxp.sendEdoc(bytes, { from: G22 });
    const page = await tuyenquang.rest.inbox();
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0]!.docId, DocId);
    assert.equal(page.items[0]!.to, '000.00.00.H61');
    assert.equal(page.items[0]!.addressedTo, '000.00.00.H15');
    const [row] = await vpcp.vxp.getSentEdocList(DocId);
    assert.equal(row!.toCode, '000.00.00.H61');
    // An unknown code is refused, nothing stored.
    const unknown = await buildEdoc({ from: G22, to: ['000.00.00.Z99'] });
    await assert.rejects(vpcp.vxp.sendEdoc(unknown.bytes, { from: G22 }), VxpError);
  });
});

void test('one SaaS system serves several agencies: sends for each, receives for each, scoped by agency', async () => {
  await withAxis(async (h) => {
    const communes = ['000.01.31.H53', '000.02.31.H53', '000.03.31.H53'];
    await h.addAgency('000.00.00.H53', 'UBND tỉnh Nghệ An');
    for (const code of communes) await h.addAgency(code, `UBND xã ${code}`);
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const saas = await h.addSystem('vxp.saas.02', communes);
    const { bytes } = await buildEdoc({ from: G22, to: communes.slice(0, 2) });
    await vpcp.vxp.sendEdoc(bytes, { from: G22 });
    const all = await saas.vxp.getReceivedEdocList({ messagetype: 'edoc' });
    assert.deepEqual(all.map((i) => i.to).sort(), communes.slice(0, 2).sort());
    const first = await saas.vxp.getReceivedEdocList({ messagetype: 'edoc', to: communes[0]! });
    assert.deepEqual(
      first.map((i) => i.to),
      [communes[0]],
    );
    assert.equal((await saas.rest.inbox({ agency: communes[2]! })).items.length, 0);
    // REST refuses an agency the system does not serve.
    await assert.rejects(saas.rest.inbox({ agency: '000.00.00.H53' }), {
      serverCode: 'axis.rest_agency_forbidden',
    });
    // It sends for each of its agencies, and for no other.
    for (const code of communes) {
      const doc = await buildEdoc({ from: code, to: [G22] });
      await saas.vxp.sendEdoc(doc.bytes, { from: code });
    }
    const foreign = await buildEdoc({ from: '000.00.00.H53', to: [G22] });
    await assert.rejects(saas.vxp.sendEdoc(foreign.bytes, { from: '000.00.00.H53' }), VxpError);
    assert.deepEqual((await drain(vpcp, 'edoc')).map((d) => d.from).sort(), [...communes].sort());
  });
});
