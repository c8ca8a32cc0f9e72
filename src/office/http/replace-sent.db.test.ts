// Replacement (BussinessDocType 3) of a sent document, answered per recipient, through the real
// server and the real axis over HTTP. The original is replaced for a recipient only when that
// recipient agrees (15); a recipient that refuses (16, with a reason) keeps the original in force,
// and the sender sees the refusal and its reason. The original is `replaced` as a whole only when
// every recipient has agreed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AGENCIES,
  signInApi,
  issueToBAndC,
  startOfficeWorld,
  syncUntil,
  type ApiSession,
  type OfficeWorld,
} from '../../../test/helpers/office-world.ts';

type Doc = {
  id: number;
  state: string;
  subject: string;
  codeNumber: string | null;
  pendingRequest: string | null;
};
type Answer = { code: string; state: string; note: string | null };
type Brief = { id: number; subject: string; answers?: Answer[] };
type Recipient = {
  code: string;
  statusCode: string | null;
  replacement: string | null;
  replacementNote: string | null;
  replacementDocumentId: number | null;
};
type Detail = {
  document: Doc;
  recipients: Recipient[];
  events: { direction: string; partyCode: string; statusCode: string; description: string | null }[];
  actions: string[];
  links: { replaces?: Brief; linkedBy: Brief[] };
};

let world: OfficeWorld;
const s: Record<string, ApiSession> = {};

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
  syncUntil(world, what, probe);

/** Drafts (or takes a draft), attaches the PDF, submits, approves and issues; A's officer drafts. */
const issue = (subjectOrDraftId: string | number): Promise<Doc> =>
  issueToBAndC<Doc>(s, subjectOrDraftId, 'Kế hoạch');

async function incoming(session: ApiSession, subject: string): Promise<Doc> {
  return until(`"${subject}" at the recipient`, async () => {
    const list = await session.call<{ items: Doc[] }>('GET', '/documents?view=incoming-all');
    return list.body.items.find((d) => d.subject === subject);
  });
}

async function detail(who: string, id: number): Promise<Detail> {
  const page = await s[who]!.call<Detail>('GET', `/documents/${id}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  return page.body;
}

/** Sends an original to B and C, has both accept it, and issues its replacement. */
async function sendAndReplace(subject: string) {
  const original = await issue(subject);
  const atB = await incoming(s['b.clerk']!, subject);
  const atC = await incoming(s['c.clerk']!, subject);
  assert.equal((await s['b.clerk']!.call('POST', `/documents/${atB.id}/accept`)).status, 200);
  assert.equal((await s['c.clerk']!.call('POST', `/documents/${atC.id}/accept`)).status, 200);
  const draft = await s['a.clerk']!.call<Doc>('POST', `/documents/${original.id}/replace`, {
    reason: 'Thay đổi thời gian thực hiện',
    subject: `${subject} (thay thế)`,
  });
  assert.equal(draft.status, 200, JSON.stringify(draft.body));
  const replacement = await issue(draft.body.id);
  const pendingAt = async (session: ApiSession, id: number) =>
    until('the replace request at the recipient', async () => {
      const d = await session.call<Detail>('GET', `/documents/${id}`);
      return d.body.document.pendingRequest === 'replace' ? d.body : undefined;
    });
  await pendingAt(s['b.clerk']!, atB.id);
  await pendingAt(s['c.clerk']!, atC.id);
  return { original, replacement, atB, atC };
}

const row = (d: Detail, code: string) => d.recipients.find((r) => r.code === code);

describe('office: a replacement is answered per recipient', () => {
  before(async () => {
    world = await startOfficeWorld();
    for (const u of ['a.officer', 'a.leader', 'a.clerk', 'b.clerk', 'c.clerk']) {
      s[u] = await signInApi(world.url, u);
    }
  });
  after(async () => {
    await world?.close();
  });

  test('mixed answers: replaced for B, which agreed; still in force for C, which refused, with its reason shown to A', async () => {
    const { original, replacement, atB, atC } = await sendAndReplace('Kế hoạch kiểm tra công vụ năm 2027');

    // Issuing the replacement asks; it does not replace anything yet.
    const asked = await detail('a.clerk', original.id);
    assert.equal(asked.document.state, 'issued', 'the original stays in force until recipients agree');
    for (const code of [AGENCIES.B.code, AGENCIES.C.code]) {
      assert.equal(row(asked, code)?.replacement, 'pending');
      assert.equal(row(asked, code)?.replacementDocumentId, replacement.id);
    }
    assert.deepEqual(
      asked.links.linkedBy.find((b) => b.id === replacement.id)?.answers?.map((a) => [a.code, a.state]),
      [
        [AGENCIES.B.code, 'pending'],
        [AGENCIES.C.code, 'pending'],
      ],
    );
    // While recipients are asked, another request about the original would be taken for their answer.
    assert.ok(!asked.actions.includes('update') && !asked.actions.includes('revoke'), asked.actions.join());
    assert.equal(
      (await s['a.clerk']!.call('POST', `/documents/${original.id}/update`, { reason: 'x', subject: 'y' }))
        .status,
      409,
    );

    const agreed = await s['b.clerk']!.call<Doc>('POST', `/documents/${atB.id}/request-answer`, {
      agree: true,
    });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    assert.equal(agreed.body.state, 'replaced');
    const reason = 'Văn bản thay thế chưa có chữ ký của người có thẩm quyền';
    const refused = await s['c.clerk']!.call<Doc>('POST', `/documents/${atC.id}/request-answer`, {
      agree: false,
      reason,
    });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.equal(refused.body.state, 'registered', 'C keeps the original');

    const answered = await until('A to see 15 from B and 16 from C', async () => {
      const d = await detail('a.clerk', original.id);
      return row(d, AGENCIES.B.code)?.replacement !== 'pending' &&
        row(d, AGENCIES.C.code)?.replacement !== 'pending'
        ? d
        : undefined;
    });
    assert.equal(row(answered, AGENCIES.B.code)?.replacement, 'agreed');
    assert.equal(row(answered, AGENCIES.C.code)?.replacement, 'refused');
    assert.equal(row(answered, AGENCIES.C.code)?.replacementNote, reason);
    assert.equal(answered.document.state, 'issued', 'in force for C: not replaced as a whole');
    assert.ok(
      answered.events.some(
        (e) =>
          e.direction === 'received' &&
          e.partyCode === AGENCIES.C.code &&
          e.statusCode === '16' &&
          e.description === reason,
      ),
    );
    const link = answered.links.linkedBy.find((b) => b.id === replacement.id);
    assert.deepEqual(
      link?.answers?.map((a) => [a.code, a.state, a.note]),
      [
        [AGENCIES.B.code, 'agreed', 'Đồng ý thay thế văn bản'],
        [AGENCIES.C.code, 'refused', reason],
      ],
    );
    // The replacement's own page says the same.
    const rPage = await detail('a.clerk', replacement.id);
    assert.deepEqual(
      rPage.links.replaces?.answers?.map((a) => [a.code, a.state]),
      [
        [AGENCIES.B.code, 'agreed'],
        [AGENCIES.C.code, 'refused'],
      ],
    );
    // Once answered, the original can be acted on again (e.g. revoked for C).
    assert.ok(answered.actions.includes('revoke'), answered.actions.join());

    // At the recipients: B's original says replaced (agreed); C's says refused, and stays open.
    const atBPage = await detail('b.clerk', atB.id);
    assert.deepEqual(
      atBPage.links.linkedBy[0]?.answers?.map((a) => a.state),
      ['agreed'],
    );
    const atCPage = await detail('c.clerk', atC.id);
    assert.equal(atCPage.document.state, 'registered');
    assert.deepEqual(
      atCPage.links.linkedBy[0]?.answers?.map((a) => [a.state, a.note]),
      [['refused', reason]],
    );
  });

  test('every recipient agrees: the original is replaced, for each of them and as a whole', async () => {
    const { original, atB, atC } = await sendAndReplace('Kế hoạch đào tạo cán bộ năm 2027');
    for (const [who, id] of [
      ['b.clerk', atB.id],
      ['c.clerk', atC.id],
    ] as const) {
      const r = await s[who]!.call<Doc>('POST', `/documents/${id}/request-answer`, { agree: true });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const done = await until('A to see both agree', async () => {
      const d = await detail('a.clerk', original.id);
      return d.document.state === 'replaced' ? d : undefined;
    });
    assert.deepEqual(
      done.recipients.map((r) => [r.code, r.statusCode, r.replacement]),
      [
        [AGENCIES.B.code, '15', 'agreed'],
        [AGENCIES.C.code, '15', 'agreed'],
      ],
    );
    assert.deepEqual(done.actions, []);
  });

  test('every recipient refuses: the original stays in force, with both reasons', async () => {
    const { original, atB, atC } = await sendAndReplace('Kế hoạch cải cách hành chính năm 2027');
    for (const [who, id, reason] of [
      ['b.clerk', atB.id, 'Sai số hiệu văn bản bị thay thế'],
      ['c.clerk', atC.id, 'Không thuộc thẩm quyền'],
    ] as const) {
      const r = await s[who]!.call<Doc>('POST', `/documents/${id}/request-answer`, { agree: false, reason });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const done = await until('A to see both refuse', async () => {
      const d = await detail('a.clerk', original.id);
      return d.recipients.every((r) => r.replacement === 'refused') ? d : undefined;
    });
    assert.equal(done.document.state, 'issued');
    assert.deepEqual(
      done.recipients.map((r) => [r.code, r.replacementNote]),
      [
        [AGENCIES.B.code, 'Sai số hiệu văn bản bị thay thế'],
        [AGENCIES.C.code, 'Không thuộc thẩm quyền'],
      ],
    );
  });
});
