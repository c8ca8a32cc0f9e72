// The whole exchange through the real server and the real axis over HTTP: A drafts, approves, issues
// to B and C; B accepts (03), assigns (04), processes (05), completes (06); C returns (02); A sees
// every status per recipient; numbering, search, registers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTrustPolicy, verifyPdfSignatures } from '../../trust/index.ts';
import {
  AGENCIES,
  samplePdf,
  signInApi,
  startOfficeWorld,
  type ApiSession,
  type OfficeWorld,
} from '../../../test/helpers/office-world.ts';

type Doc = Record<string, unknown> & { id: number; state: string };
type Detail = {
  document: Doc;
  recipients: { code: string; statusCode: string | null }[];
  events: { direction: string; partyCode: string; statusCode: string }[];
  attachments: { id: number; name: string }[];
  actions: string[];
};

let world: OfficeWorld;
const s: Record<string, ApiSession> = {};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await world.sync(1);
  }
}

describe('office: outgoing and incoming through the axis', () => {
  before(async () => {
    world = await startOfficeWorld({ signing: true });
    for (const u of ['a.clerk', 'a.leader', 'a.officer', 'b.clerk', 'b.leader', 'b.officer', 'c.clerk']) {
      s[u] = await signInApi(world.url, u);
    }
  });
  after(async () => {
    await world?.close();
  });

  let outgoingId = 0;
  let bIncomingId = 0;

  test('A drafts, the leader approves and signs, the clerk issues with a system number and sends to B and C', async () => {
    const draft = await s['a.officer']!.call<Doc>('POST', '/documents/outgoing', {
      subject: 'Về việc triển khai văn bản điện tử liên thông năm 2026',
      summary: 'Đề nghị các địa phương báo cáo tình hình gửi nhận văn bản điện tử.',
      priority: 1,
      recipients: [
        { code: AGENCIES.B.code, name: AGENCIES.B.name },
        { code: AGENCIES.C.code, name: AGENCIES.C.name },
      ],
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    outgoingId = draft.body.id;
    // No attachment yet: submitting is refused and nothing changes.
    const early = await s['a.officer']!.call('POST', `/documents/${outgoingId}/submit`);
    assert.equal(early.status, 400);
    const up = await s['a.officer']!.upload(
      `/documents/${outgoingId}/attachments`,
      'Công văn triển khai.pdf',
      'application/pdf',
      await samplePdf('Công văn triển khai văn bản điện tử, phụ lục báo cáo quý IV'),
    );
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal((await s['a.officer']!.call('POST', `/documents/${outgoingId}/submit`)).status, 200);
    // An officer cannot sign as a leader; a clerk cannot either.
    const officerSign = await s['a.officer']!.call<{ error: { code: string } }>(
      'POST',
      `/documents/${outgoingId}/approve`,
    );
    assert.equal(officerSign.status, 403);
    assert.equal(officerSign.body.error.code, 'office.forbidden');
    assert.equal((await s['a.clerk']!.call('POST', `/documents/${outgoingId}/approve`)).status, 403);
    const approved = await s['a.leader']!.call<Doc>('POST', `/documents/${outgoingId}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
    assert.equal(approved.body.signatureStatus, 'leader_signed');
    const issued = await s['a.clerk']!.call<Doc>('POST', `/documents/${outgoingId}/issue`);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.state, 'issued');
    // Decree 30 Art. 15: numbered by the system from 01; công văn ký hiệu = agency + drafting unit.
    assert.equal(issued.body.codeNumber, '01');
    assert.equal(issued.body.codeNotation, 'VPCP-TH');
    // Art. 5.1: signed by the competent person and by the agency.
    assert.equal(issued.body.signatureStatus, 'signed');
    await until('the document to reach the axis', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${outgoingId}`);
      return d.body.document.axisDocId ? d : undefined;
    });
  });

  test('B receives it as "chờ tiếp nhận" and A sees 01 from both recipients', async () => {
    const pending = await until('B inbox', async () => {
      const list = await s['b.clerk']!.call<{ items: Doc[] }>('GET', '/documents?view=incoming-pending');
      return list.body.items.find(
        (d) => d.subject === 'Về việc triển khai văn bản điện tử liên thông năm 2026',
      );
    });
    bIncomingId = pending.id;
    assert.equal(pending.fromCode, AGENCIES.A.code);
    assert.equal(pending.priority, 1);
    assert.equal(pending.codeNotation, 'VPCP-TH');
    const detail = await s['b.clerk']!.call<Detail>('GET', `/documents/${bIncomingId}`);
    assert.equal(detail.body.attachments.length, 1);
    // The PDF that reached B carries both PAdES signatures, valid against the government root.
    const pdf = await s['b.clerk']!.raw('GET', `/attachments/${detail.body.attachments[0]!.id}`);
    const report = await verifyPdfSignatures(new Uint8Array(await pdf.arrayBuffer()), {
      policy: createTrustPolicy({
        anchors: [
          {
            certificate: world.pki!.root.certificate,
            hierarchy: 'government',
            purposes: ['document-signing'],
          },
        ],
        revocation: { mode: 'off' },
      }),
    });
    assert.equal(report.signatures.length, 2, JSON.stringify(report.problems));
    assert.ok(
      report.signatures.every((sig) => sig.status === 'valid'),
      JSON.stringify(report.signatures.map((x) => x.status)),
    );
    assert.deepEqual(detail.body.actions.sort(), ['accept', 'return']);
    await until('A to see 01 from B and C', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${outgoingId}`);
      return d.body.recipients.every((r) => r.statusCode === '01') ? d : undefined;
    });
  });

  test('B accepts (03, số đến 1), the leader assigns (04), the officer processes (05) and completes (06); A sees each', async () => {
    // A clerk cannot assign.
    const accepted = await s['b.clerk']!.call<Doc>('POST', `/documents/${bIncomingId}/accept`);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.incomingNumber, 1);
    const clerkAssign = await s['b.clerk']!.call('POST', `/documents/${bIncomingId}/assign`, {
      leadUserId: world.userIds['b.officer'],
      deadlineWorkingDays: 5,
    });
    assert.equal(clerkAssign.status, 403);
    const assigned = await s['b.leader']!.call<Doc>('POST', `/documents/${bIncomingId}/assign`, {
      leadUserId: world.userIds['b.officer'],
      supportDepartmentIds: [world.departmentIds['b.vp']],
      deadlineWorkingDays: 5,
      opinion: 'Giao Phòng Tổng hợp chủ trì, báo cáo trước hạn.',
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.match(String(assigned.body.deadline), /^\d{4}-\d{2}-\d{2}$/);
    const summary = await s['b.leader']!.call<{
      rows: { userId: number | null; open: number; overdue: number }[];
    }>('GET', '/deadlines');
    const officerRow = summary.body.rows.find((r) => r.userId === world.userIds['b.officer']);
    assert.equal(officerRow?.open, 1);
    assert.equal(officerRow?.overdue, 0);
    const tasks = await s['b.officer']!.call<{ document: Doc }[]>('GET', '/tasks');
    assert.ok(tasks.body.some((t) => t.document.id === bIncomingId));
    assert.equal((await s['b.officer']!.call('POST', `/documents/${bIncomingId}/process`)).status, 200);
    assert.equal(
      (await s['b.officer']!.call('POST', `/documents/${bIncomingId}/complete`, { result: 'Đã báo cáo' }))
        .status,
      200,
    );
    const detail = await until('A to see 06 from B', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${outgoingId}`);
      return d.body.recipients.find((r) => r.code === AGENCIES.B.code)?.statusCode === '06' ? d : undefined;
    });
    const fromB = detail.body.events
      .filter((e) => e.direction === 'received' && e.partyCode === AGENCIES.B.code)
      .map((e) => e.statusCode);
    assert.deepEqual(fromB, ['01', '03', '04', '05', '06']);
  });

  test('C returns it with a reason (02); a return without a reason is refused', async () => {
    const pending = await until('C inbox', async () => {
      const list = await s['c.clerk']!.call<{ items: Doc[] }>('GET', '/documents?view=incoming-pending');
      return list.body.items[0];
    });
    assert.equal(
      (await s['c.clerk']!.call('POST', `/documents/${pending.id}/return`, { reason: '   ' })).status,
      400,
    );
    const returned = await s['c.clerk']!.call<Doc>('POST', `/documents/${pending.id}/return`, {
      reason: 'Gửi nhầm cơ quan',
    });
    assert.equal(returned.status, 200);
    await until('A to see 02 from C', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${outgoingId}`);
      return d.body.recipients.find((r) => r.code === AGENCIES.C.code)?.statusCode === '02' ? d : undefined;
    });
  });

  test('search is diacritic-insensitive: "van ban dien tu" and "TRIEN KHAI" find it', async () => {
    for (const q of ['van ban dien tu', 'TRIEN KHAI', 'liên thông']) {
      const r = await s['b.clerk']!.call<{ items: Doc[] }>(
        'GET',
        `/documents?view=search&q=${encodeURIComponent(q)}`,
      );
      assert.equal(r.status, 200);
      assert.ok(
        r.body.items.some((d) => d.id === bIncomingId),
        q,
      );
    }
    // The text of the attached PDF is searched too (pdfjs), folded the same way.
    const pdfWords = await s['b.clerk']!.call<{ items: Doc[] }>(
      'GET',
      `/documents?view=search&q=${encodeURIComponent('phu luc bao cao quy IV')}`,
    );
    assert.ok(
      pdfWords.body.items.some((d) => d.id === bIncomingId),
      'PDF text',
    );
    const none = await s['b.clerk']!.call<{ items: Doc[] }>(
      'GET',
      `/documents?view=search&q=${encodeURIComponent('khong ton tai xyz')}`,
    );
    assert.equal(none.body.items.length, 0);
  });

  test('registers print as PDF and export to Excel', async () => {
    const pdf = await s['b.clerk']!.raw('GET', '/registers/incoming?format=pdf');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const xlsx = await s['a.clerk']!.raw('GET', '/registers/outgoing?format=xlsx');
    assert.equal(xlsx.status, 200);
    assert.equal(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
    );
    // An officer does not read the registers.
    assert.equal((await s['b.officer']!.raw('GET', '/registers/incoming')).status, 403);
  });

  test('số đến continues across paper and electronic documents; paper scans attach to the record', async () => {
    const paper = await s['b.clerk']!.call<Doc>('POST', '/documents/incoming/paper', {
      subject: 'Đơn kiến nghị của công dân về đất đai',
      fromName: 'Ông Nguyễn Văn A',
      priority: 0,
    });
    assert.equal(paper.status, 200, JSON.stringify(paper.body));
    assert.equal(paper.body.incomingNumber, 2);
    assert.equal(paper.body.paper, true);
    const scan = await s['b.clerk']!.upload(
      `/documents/${paper.body.id}/attachments`,
      'Bản quét.pdf',
      'application/pdf',
      await samplePdf('Đơn kiến nghị'),
    );
    assert.equal(scan.status, 200);
    const register = await s['b.clerk']!.call<{ items: Doc[] }>('GET', '/documents?view=incoming-register');
    assert.deepEqual(
      register.body.items.map((d) => d.incomingNumber),
      [1, 2],
    );
  });

  test('work dossiers: open, file documents, close, hand over; another agency cannot file into them', async () => {
    const opened = await s['b.leader']!.call<{ id: number; state: string }>('POST', '/dossiers', {
      code: '01.VP',
      title: 'Hồ sơ triển khai văn bản điện tử năm 2026',
      retentionYears: 10,
    });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(
      (await s['b.leader']!.call('POST', `/documents/${bIncomingId}/dossier`, { dossierId: opened.body.id }))
        .status,
      200,
    );
    // A user of A can neither see nor use B's dossier.
    assert.equal(
      (await s['a.leader']!.call('POST', `/documents/${outgoingId}/dossier`, { dossierId: opened.body.id }))
        .status,
      404,
    );
    const list = await s['b.leader']!.call<{ id: number; documentCount: number }[]>('GET', '/dossiers');
    assert.equal(list.body.find((d) => d.id === opened.body.id)?.documentCount, 1);
    assert.equal((await s['b.clerk']!.call('POST', `/dossiers/${opened.body.id}/archive`)).status, 409);
    const closed = await s['b.leader']!.call<{ state: string }>('POST', `/dossiers/${opened.body.id}/close`);
    assert.equal(closed.body.state, 'closed');
    const listed = await s['b.leader']!.call<{ id: number; archiveDueDate: string }[]>('GET', '/dossiers');
    assert.match(
      listed.body.find((d) => d.id === opened.body.id)?.archiveDueDate ?? '',
      /^\d{4}-\d{2}-\d{2}$/,
    );
    const archived = await s['b.clerk']!.call<{ state: string }>(
      'POST',
      `/dossiers/${opened.body.id}/archive`,
    );
    assert.equal(archived.body.state, 'archived');
  });
});
