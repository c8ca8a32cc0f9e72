// Incoming signature verification over real HTTP and the real axis: agency A's system sends B a
// package signed with src/trust (enveloped XML-DSig); the axis inserts its TraceHeader, so the office
// fetches the original bytes (REST /deliveries/{id}/package/original) and verifies those. A signed
// package shows "verified" with the signer; one altered after signing shows "invalid" with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAxisRestClient } from '../../axis-client/index.ts';
import { buildPackageBuffer } from '../../standards/index.ts';
import { signEdxml } from '../../trust/index.ts';
import { createTestPki, signerFor } from '../../../test/helpers/signing-pki.ts';
import {
  AGENCIES,
  signInApi,
  startOfficeWorld,
  type ApiSession,
  type OfficeWorld,
} from '../../../test/helpers/office-world.ts';
import { isOriginalWithInsertion } from '../use-cases/receive-from-axis.ts';

type Doc = { id: number; subject: string; signatureStatus: string; signatureNote: string | null };
type Report = {
  status: string;
  signer: { subject: string } | null;
  verifiedBytes: string;
  deliveredMatchesOriginal: boolean;
  problems: { code: string; severity: string; en: string }[];
};

let world: OfficeWorld;
let bClerk: ApiSession;

async function packageFor(subject: string, number: string): Promise<Buffer> {
  return buildPackageBuffer(
    {
      kind: 'edoc',
      header: {
        from: { organId: AGENCIES.A.code, organName: AGENCIES.A.name },
        to: [{ organId: AGENCIES.B.code, organName: AGENCIES.B.name }],
        documentId: `${AGENCIES.A.code},2026/11/22,${number}/VPCP-TH`,
        code: { codeNumber: number, codeNotation: 'VPCP-TH' },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: '2026/11/22' },
        documentType: { type: '2', typeDetail: '18', typeName: 'Công văn' },
        subject,
        signerInfo: { position: 'Chủ nhiệm', fullName: 'Trần Văn Lãnh Đạo A' },
        otherInfo: { priority: '0', promulgationAmount: '1', direction: 'false' },
        responseFor: [],
        steeringType: '0',
        traceHeaders: [],
      },
    },
    [
      {
        contentId: 'att1',
        name: 'cong-van.txt',
        contentType: 'text/plain',
        description: 'Công văn',
        data: Buffer.from(`Nội dung: ${subject}`),
      },
    ],
  );
}

async function received(subject: string): Promise<Doc> {
  for (let i = 0; i < 40; i++) {
    await world.sync(1);
    const list = await bClerk.call<{ items: Doc[] }>('GET', '/documents?view=incoming-pending');
    const doc = list.body.items.find((d) => d.subject === subject);
    if (doc) return doc;
  }
  throw new Error(`"${subject}" never arrived`);
}

describe('office: signatures of received packages', () => {
  let send: (bytes: Buffer) => Promise<unknown>;
  let signed: (bytes: Buffer) => Promise<Buffer>;
  before(async () => {
    world = await startOfficeWorld();
    bClerk = await signInApi(world.url, 'b.clerk');
    const client = createAxisRestClient({
      endpoint: world.url,
      systemId: world.systems.A.systemId,
      secret: world.systems.A.secret,
    });
    send = (bytes) => client.send(bytes);
    const pki = await createTestPki();
    const key = await pki.issue({ subject: 'CN=Văn phòng Chính phủ,O=Văn phòng Chính phủ,C=VN' });
    const signer = signerFor(key, [pki.issuing.certificate]);
    signed = async (bytes) => signEdxml(bytes, signer);
  });
  after(async () => {
    await world?.close();
  });

  test('a signed package is verified over its original bytes and shows "verified" with the signer', async () => {
    const subject = 'Về việc thử nghiệm chữ ký số gói tin';
    await send(await signed(await packageFor(subject, '101')));
    const doc = await received(subject);
    assert.equal(doc.signatureStatus, 'verified', String(doc.signatureNote));
    const detail = await bClerk.call<{ document: Doc & { signatureReport: Report } }>(
      'GET',
      `/documents/${doc.id}`,
    );
    const report = detail.body.document.signatureReport;
    assert.equal(report.status, 'valid');
    assert.equal(report.verifiedBytes, 'original');
    assert.equal(report.deliveredMatchesOriginal, true);
    assert.match(report.signer?.subject ?? '', /Văn phòng Chính phủ/);
    assert.ok(!report.problems.some((p) => p.severity === 'error'), JSON.stringify(report.problems));
  });

  test('a package altered after signing shows "invalid" with the reason', async () => {
    const subject = 'Về việc kiểm tra gói tin bị sửa đổi';
    const bytes = await signed(await packageFor(subject, '102'));
    // Same length, one word changed inside the signed content (the attachment text stays).
    const text = bytes.toString('utf8');
    const tampered = Buffer.from(
      text.replace('<edXML:Subject>Về việc kiểm tra', '<edXML:Subject>Về việc KIỂM TRA'),
      'utf8',
    );
    assert.notEqual(tampered.toString('utf8'), text);
    await send(tampered);
    const doc = await received('Về việc KIỂM TRA gói tin bị sửa đổi');
    assert.equal(doc.signatureStatus, 'invalid');
    const detail = await bClerk.call<{ document: Doc & { signatureReport: Report } }>(
      'GET',
      `/documents/${doc.id}`,
    );
    const report = detail.body.document.signatureReport;
    assert.equal(report.status, 'invalid');
    const errors = report.problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length > 0);
    assert.match(errors.map((p) => p.code).join(' '), /digest/, JSON.stringify(errors));
    assert.ok((doc.signatureNote ?? '').length > 0);
  });

  test('an unsigned package shows "unsigned"', async () => {
    const subject = 'Về việc gói tin không ký số';
    await send(await packageFor(subject, '103'));
    const doc = await received(subject);
    assert.equal(doc.signatureStatus, 'unsigned');
  });

  test('the original bytes are served only to a system of a recipient', async () => {
    const c = createAxisRestClient({
      endpoint: world.url,
      systemId: world.systems.C.systemId,
      secret: world.systems.C.secret,
    });
    const b = createAxisRestClient({
      endpoint: world.url,
      systemId: world.systems.B.systemId,
      secret: world.systems.B.secret,
    });
    await send(await packageFor('Về việc kiểm tra quyền tải bản gốc', '104'));
    const page = await b.inbox({ agency: AGENCIES.B.code, kind: 'edoc' });
    const item = page.items[0];
    assert.ok(item);
    const own = await b.fetchOriginalPackage(item.deliveryId);
    const chunks: Buffer[] = [];
    for await (const chunk of own.stream) chunks.push(chunk as Buffer);
    assert.match(own.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.doesNotMatch(Buffer.concat(chunks).toString('utf8'), /TraceHeader>/);
    await assert.rejects(
      () => c.fetchOriginalPackage(item.deliveryId),
      (err: { httpStatus?: number }) => err.httpStatus === 404,
    );
  });
});

describe('isOriginalWithInsertion', () => {
  test('one inserted TraceHeader block is accepted; any other change is not', () => {
    const original = Buffer.from('<a><TraceHeaderList></TraceHeaderList><b>x</b></a>');
    const insert = '<TraceHeader><OrganId>000.00.00.G22</OrganId></TraceHeader>';
    const delivered = Buffer.from(
      original.toString().replace('</TraceHeaderList>', `${insert}</TraceHeaderList>`),
    );
    assert.equal(isOriginalWithInsertion(original, delivered), true);
    assert.equal(
      isOriginalWithInsertion(original, Buffer.from(delivered.toString().replace('<b>x', '<b>y'))),
      false,
    );
    assert.equal(isOriginalWithInsertion(original, Buffer.from(original.toString() + '<x/>')), false);
    assert.equal(isOriginalWithInsertion(original, original), true);
  });
});
