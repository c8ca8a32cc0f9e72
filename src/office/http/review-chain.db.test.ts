// Review and approval chain of an outgoing draft over real HTTP: the drafter submits to the head of
// the unit then the leader; only the current reviewer acts; a send-back ends the round with a comment;
// the resubmission reuses the chain; only the last reviewer (a leader) approves and signs; every step
// is in the audit trail and on the document page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AGENCIES,
  PASSWORD,
  samplePdf,
  signInApi,
  startOfficeWorld,
  type ApiSession,
  type OfficeWorld,
} from '../../../test/helpers/office-world.ts';

type Doc = { id: number; state: string; returnReason: string | null; signatureStatus: string };
type Step = { round: number; position: number; reviewerId: number; state: string; comment: string | null };
type Detail = { document: Doc; reviewChain: Step[]; actions: string[] };
type Err = { error: { code: string } };

let world: OfficeWorld;
const s: Record<string, ApiSession> = {};
let headId = 0;
let docId = 0;

describe('office: review and approval chain of outgoing drafts', () => {
  before(async () => {
    world = await startOfficeWorld();
    const head = await world.office.createUser({
      agencyId: world.agencyIds.A,
      username: 'a.head',
      password: PASSWORD,
      fullName: 'Hoàng Trưởng Phòng A',
      role: 'officer',
      departmentId: world.departmentIds['a.th'],
      position: 'Trưởng phòng Tổng hợp',
    });
    headId = head.id;
    for (const u of ['a.officer', 'a.head', 'a.leader', 'a.clerk', 'a.admin', 'b.leader']) {
      s[u] = await signInApi(world.url, u);
    }
    const draft = await s['a.officer']!.call<Doc>('POST', '/documents/outgoing', {
      subject: 'Kế hoạch chuyển đổi số năm 2027',
      recipients: [{ code: AGENCIES.B.code }],
    });
    docId = draft.body.id;
    await s['a.officer']!.upload(
      `/documents/${docId}/attachments`,
      'Kế hoạch.pdf',
      'application/pdf',
      await samplePdf('Kế hoạch chuyển đổi số'),
    );
  });
  after(async () => {
    await world?.close();
  });

  test('a chain must end with a leader, not include the drafter, and name users of the agency only', async () => {
    const bad = [
      [world.userIds['a.leader']!, headId], // last is not a leader
      [headId, world.userIds['a.officer']!, world.userIds['a.leader']!], // the drafter reviews
      [world.userIds['b.leader']!], // another agency's leader
      [headId, headId, world.userIds['a.leader']!], // repeated
      [world.userIds['a.admin']!, world.userIds['a.leader']!], // an admin
    ];
    for (const reviewerIds of bad) {
      const r = await s['a.officer']!.call<Err>('POST', `/documents/${docId}/submit`, { reviewerIds });
      assert.equal(r.status, 400, JSON.stringify(reviewerIds));
      assert.equal(r.body.error.code, 'office.invalid_review_chain');
    }
    const d = await s['a.officer']!.call<Detail>('GET', `/documents/${docId}`);
    assert.equal(d.body.document.state, 'draft');
    assert.equal(d.body.reviewChain.length, 0);
  });

  test('only the current reviewer acts: the leader cannot sign before the head of unit approves', async () => {
    const submitted = await s['a.officer']!.call<Doc>('POST', `/documents/${docId}/submit`, {
      reviewerIds: [headId, world.userIds['a.leader']],
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal(submitted.body.state, 'submitted');
    const early = await s['a.leader']!.call<Err>('POST', `/documents/${docId}/approve`);
    assert.equal(early.status, 403);
    assert.equal(early.body.error.code, 'office.not_current_reviewer');
    const leaderReview = await s['a.leader']!.call<Err>('POST', `/documents/${docId}/review`, {
      decision: 'return',
      comment: 'Chưa đến lượt',
    });
    assert.equal(leaderReview.status, 403);
    // An officer can never sign as a leader, chain or not.
    assert.equal((await s['a.officer']!.call('POST', `/documents/${docId}/approve`)).status, 403);
    assert.equal((await s['a.head']!.call('POST', `/documents/${docId}/approve`)).status, 403);
    const headQueue = await s['a.head']!.call<{ items: Doc[] }>('GET', '/reviews');
    assert.deepEqual(
      headQueue.body.items.map((d) => d.id),
      [docId],
    );
    const leaderQueue = await s['a.leader']!.call<{ items: Doc[] }>('GET', '/reviews');
    assert.equal(leaderQueue.body.items.length, 0);
    const page = await s['a.head']!.call<Detail>('GET', `/documents/${docId}`);
    assert.deepEqual(page.body.actions.sort(), ['reject', 'review']);
    const forwarded = await s['a.head']!.call<Doc>('POST', `/documents/${docId}/review`, {
      decision: 'approve',
      comment: 'Đồng ý, trình lãnh đạo',
    });
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    assert.equal(forwarded.body.state, 'submitted');
    // The head already acted: a second opinion is refused.
    assert.equal(
      (await s['a.head']!.call('POST', `/documents/${docId}/review`, { decision: 'approve' })).status,
      403,
    );
    const leaderQueue2 = await s['a.leader']!.call<{ items: Doc[] }>('GET', '/reviews');
    assert.deepEqual(
      leaderQueue2.body.items.map((d) => d.id),
      [docId],
    );
  });

  test('the leader sends it back with a comment; the drafter resubmits to the same chain', async () => {
    const noComment = await s['a.leader']!.call('POST', `/documents/${docId}/review`, { decision: 'return' });
    assert.equal(noComment.status, 400);
    const back = await s['a.leader']!.call<Doc>('POST', `/documents/${docId}/review`, {
      decision: 'return',
      comment: 'Bổ sung phụ lục kinh phí',
    });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.state, 'draft');
    assert.equal(back.body.returnReason, 'Bổ sung phụ lục kinh phí');
    const again = await s['a.officer']!.call<Doc>('POST', `/documents/${docId}/submit`);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const page = await s['a.officer']!.call<Detail>('GET', `/documents/${docId}`);
    assert.deepEqual(
      page.body.reviewChain.map((x) => `${x.round}.${x.position}:${x.state}`),
      ['1.1:approved', '1.2:returned', '2.1:current', '2.2:waiting'],
    );
    assert.equal(page.body.reviewChain[1]!.comment, 'Bổ sung phụ lục kinh phí');
  });

  test('after the last approval the leader signs; the audit trail records each step', async () => {
    assert.equal(
      (await s['a.head']!.call('POST', `/documents/${docId}/review`, { decision: 'approve' })).status,
      200,
    );
    // The last step is approve-and-sign, not a plain review.
    assert.equal(
      (await s['a.leader']!.call('POST', `/documents/${docId}/review`, { decision: 'approve' })).status,
      409,
    );
    const page = await s['a.leader']!.call<Detail>('GET', `/documents/${docId}`);
    assert.deepEqual(page.body.actions.sort(), ['approve', 'reject']);
    const approved = await s['a.leader']!.call<Doc>('POST', `/documents/${docId}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
    const after = await s['a.clerk']!.call<Detail>('GET', `/documents/${docId}`);
    assert.deepEqual(
      after.body.reviewChain.filter((x) => x.round === 2).map((x) => x.state),
      ['approved', 'approved'],
    );
    assert.ok(after.body.actions.includes('issue'));
    const audit = await s['a.admin']!.call<{ action: string; objectType: string; objectId: string }[]>(
      'GET',
      '/audit',
    );
    const actions = audit.body
      .filter((a) => a.objectType === 'document' && a.objectId === String(docId))
      .map((a) => a.action)
      .reverse();
    assert.deepEqual(actions, [
      'outgoing.drafted',
      'attachment.uploaded',
      'outgoing.submitted',
      'outgoing.review_approved',
      'outgoing.review_returned',
      'outgoing.submitted',
      'outgoing.review_approved',
      'outgoing.approved_signed',
    ]);
  });
});
