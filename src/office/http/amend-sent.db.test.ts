// Update (BussinessDocType 2) and replacement (3) of a sent document, through the real server and
// the real axis over HTTP: A sends to B and C; A's clerk corrects the subject; B agrees (15, the
// correction is applied), C refuses (16); B keeps handling the document (04); A then replaces it
// with a new, numbered document that B receives linked to the original, and agrees (15): the
// original is replaced for B only.
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
  relation: string | null;
  relatedDocumentId: number | null;
};
type Brief = { id: number; subject: string; relation: string | null };
type Detail = {
  document: Doc;
  recipients: { code: string; statusCode: string | null; replacement: string | null }[];
  events: { direction: string; partyCode: string; statusCode: string }[];
  actions: string[];
  links: { replaces?: Brief; linkedBy: Brief[] };
};

let world: OfficeWorld;
const s: Record<string, ApiSession> = {};
const SUBJECT = 'Về việc tổ chức hội nghị tổng kết năm 2026';
let sentId = 0;
let bId = 0;
let cId = 0;

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> =>
  syncUntil(world, what, probe);

/** Drafts (or takes a draft), attaches the PDF, submits, approves and issues; A's officer drafts. */
const issue = (subjectOrDraftId: string | number): Promise<Doc> =>
  issueToBAndC<Doc>(s, subjectOrDraftId, 'Hội nghị tổng kết');

async function incoming(session: ApiSession, match: (d: Doc) => boolean): Promise<Doc> {
  return until('the document at the recipient', async () => {
    const list = await session.call<{ items: Doc[] }>('GET', '/documents?view=incoming-all');
    return list.body.items.find(match);
  });
}

describe('office: update and replacement of a sent document', () => {
  before(async () => {
    world = await startOfficeWorld();
    for (const u of ['a.officer', 'a.leader', 'a.clerk', 'b.clerk', 'b.leader', 'b.officer', 'c.clerk']) {
      s[u] = await signInApi(world.url, u);
    }
    sentId = (await issue(SUBJECT)).id;
    bId = (await incoming(s['b.clerk']!, (d) => d.subject === SUBJECT)).id;
    cId = (await incoming(s['c.clerk']!, (d) => d.subject === SUBJECT)).id;
    assert.equal((await s['b.clerk']!.call('POST', `/documents/${bId}/accept`)).status, 200);
  });
  after(async () => {
    await world?.close();
  });

  test('only the clerk sends an update, with a reason, of an issued document', async () => {
    const officer = await s['a.officer']!.call('POST', `/documents/${sentId}/update`, {
      reason: 'Đính chính',
      subject: 'x',
    });
    assert.equal(officer.status, 403);
    const noChange = await s['a.clerk']!.call('POST', `/documents/${sentId}/update`, {
      reason: 'Đính chính',
    });
    assert.equal(noChange.status, 400);
    const updated = await s['a.clerk']!.call<Doc>('POST', `/documents/${sentId}/update`, {
      reason: 'Đính chính thời gian tổ chức',
      subject: `${SUBJECT} (đính chính thời gian)`,
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.subject, `${SUBJECT} (đính chính thời gian)`);
    assert.equal(updated.body.state, 'issued');
  });

  test('B and C see the update as a pending request; B agrees (15, applied), C refuses (16)', async () => {
    const bPage = await until('B to see the update', async () => {
      const d = await s['b.clerk']!.call<Detail>('GET', `/documents/${bId}`);
      return d.body.document.pendingRequest === 'update' ? d : undefined;
    });
    assert.ok(bPage.body.actions.includes('answer-request'));
    assert.equal(bPage.body.document.subject, SUBJECT, 'not applied before the clerk agrees');
    assert.ok(bPage.body.events.some((e) => e.direction === 'received' && e.statusCode === 'update'));
    // No new document was created for the update.
    const bList = await s['b.clerk']!.call<{ items: Doc[] }>('GET', '/documents?view=incoming-all');
    assert.equal(bList.body.items.length, 1);
    const agreed = await s['b.clerk']!.call<Doc>('POST', `/documents/${bId}/request-answer`, { agree: true });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    assert.equal(agreed.body.subject, `${SUBJECT} (đính chính thời gian)`);
    assert.equal(agreed.body.pendingRequest, null);
    await until('C to see the update', async () => {
      const d = await s['c.clerk']!.call<Detail>('GET', `/documents/${cId}`);
      return d.body.document.pendingRequest === 'update' ? d : undefined;
    });
    assert.equal(
      (await s['c.clerk']!.call('POST', `/documents/${cId}/request-answer`, { agree: false })).status,
      400,
    );
    const refused = await s['c.clerk']!.call<Doc>('POST', `/documents/${cId}/request-answer`, {
      agree: false,
      reason: 'Nội dung đính chính chưa đúng',
    });
    assert.equal(refused.status, 200);
    assert.equal(refused.body.subject, SUBJECT);
    const aPage = await until('A to see 15 from B and 16 from C', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${sentId}`);
      const by = (code: string) => d.body.recipients.find((r) => r.code === code)?.statusCode;
      return by(AGENCIES.B.code) === '15' && by(AGENCIES.C.code) === '16' ? d : undefined;
    });
    assert.ok(aPage.body.events.some((e) => e.direction === 'sent' && e.statusCode === 'update'));
  });

  test('after the update B keeps handling the original (04 reaches A)', async () => {
    const assigned = await s['b.leader']!.call('POST', `/documents/${bId}/assign`, {
      leadUserId: world.userIds['b.officer'],
      deadlineWorkingDays: 5,
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    await until('A to see 04 from B', async () => {
      const d = await s['a.clerk']!.call<Detail>('GET', `/documents/${sentId}`);
      return d.body.recipients.find((r) => r.code === AGENCIES.B.code)?.statusCode === '04' ? d : undefined;
    });
  });

  test('A replaces it with a new numbered document; B receives it linked to the original and agrees (15)', async () => {
    const officer = await s['a.officer']!.call('POST', `/documents/${sentId}/replace`, {
      reason: 'Thay thế',
    });
    assert.equal(officer.status, 403);
    const draft = await s['a.clerk']!.call<Doc>('POST', `/documents/${sentId}/replace`, {
      reason: 'Thay đổi địa điểm tổ chức hội nghị',
      subject: 'Về việc tổ chức hội nghị tổng kết năm 2026 (thay thế)',
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.equal(draft.body.relation, 'replaces');
    assert.equal(draft.body.relatedDocumentId, sentId);
    // A second replacement while one is in progress is refused.
    assert.equal(
      (await s['a.clerk']!.call('POST', `/documents/${sentId}/replace`, { reason: 'Lần hai' })).status,
      409,
    );
    const issued = await issue(draft.body.id);
    assert.equal(issued.codeNumber, '02');
    const original = await s['a.clerk']!.call<Detail>('GET', `/documents/${sentId}`);
    // Issuing the replacement asks B and C; the original stays in force until they agree
    // (per-recipient answers: replace-sent.db.test.ts).
    assert.equal(original.body.document.state, 'issued');
    assert.deepEqual(
      original.body.recipients.map((r) => r.replacement),
      ['pending', 'pending'],
    );
    assert.deepEqual(
      original.body.links.linkedBy.map((d) => d.id),
      [draft.body.id],
    );

    const replacement = await incoming(s['b.clerk']!, (d) => d.subject.endsWith('(thay thế)'));
    const rPage = await s['b.clerk']!.call<Detail>('GET', `/documents/${replacement.id}`);
    assert.equal(rPage.body.document.state, 'pending');
    assert.equal(rPage.body.links.replaces?.id, bId);
    const oldPage = await s['b.clerk']!.call<Detail>('GET', `/documents/${bId}`);
    assert.equal(oldPage.body.document.pendingRequest, 'replace');
    assert.deepEqual(
      oldPage.body.links.linkedBy.map((d) => d.id),
      [replacement.id],
    );
    const agreed = await s['b.clerk']!.call<Doc>('POST', `/documents/${bId}/request-answer`, { agree: true });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    assert.equal(agreed.body.state, 'replaced');
    assert.equal((await s['b.clerk']!.call('POST', `/documents/${replacement.id}/accept`)).status, 200);
    const seen = await until('A to see 15 from B on the original and 03 on the replacement', async () => {
      const o = await s['a.clerk']!.call<Detail>('GET', `/documents/${sentId}`);
      const n = await s['a.clerk']!.call<Detail>('GET', `/documents/${draft.body.id}`);
      const ob = o.body.recipients.find((r) => r.code === AGENCIES.B.code)?.statusCode;
      const nb = n.body.recipients.find((r) => r.code === AGENCIES.B.code)?.statusCode;
      return ob === '15' && nb === '03' ? o.body : undefined;
    });
    // Replaced for B, which agreed; C has not answered, so the original is still in force for C.
    assert.deepEqual(
      seen.recipients.map((r) => [r.code, r.replacement]),
      [
        [AGENCIES.B.code, 'agreed'],
        [AGENCIES.C.code, 'pending'],
      ],
    );
    assert.equal(seen.document.state, 'issued');
  });

  test('the recipient timeline answers 304 while nothing changed (ETag)', async () => {
    const first = await s['a.clerk']!.raw('GET', `/documents/${sentId}/timeline`);
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const body = (await first.json()) as { recipients: unknown[]; events: unknown[] };
    assert.equal(body.recipients.length, 2);
    const again = await fetch(`${world.url}/api/v1/office/documents/${sentId}/timeline`, {
      headers: { cookie: s['a.clerk']!.cookie, 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
    // A new status changes the version: C accepts its copy (03).
    assert.equal((await s['c.clerk']!.call('POST', `/documents/${cId}/accept`)).status, 200);
    const changed = await until('the timeline to change', async () => {
      const r = await fetch(`${world.url}/api/v1/office/documents/${sentId}/timeline`, {
        headers: { cookie: s['a.clerk']!.cookie, 'if-none-match': etag },
      });
      return r.status === 200 ? r : undefined;
    });
    assert.notEqual(changed.headers.get('etag'), etag);
  });
});
