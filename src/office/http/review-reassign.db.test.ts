// A reviewer deactivated before acting must not hold a draft forever: over real HTTP, the agency
// admin deactivates the head of unit whose opinion a draft waits for (their session stops at once);
// the drafter — or the admin, for the leader's last step — gives the step to another eligible
// reviewer, with a reason, in the audit trail; nobody can take a step from a reviewer still active,
// and the new reviewer must be one the chain could have named.
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

type Doc = { id: number; state: string };
type Step = { round: number; position: number; reviewerId: number; state: string };
type Detail = { document: Doc; reviewChain: Step[]; actions: string[] };
type Err = { error: { code: string } };
type Audit = {
  action: string;
  objectId: string | null;
  userId: number | null;
  details: Record<string, unknown>;
};

let world: OfficeWorld;
const s: Record<string, ApiSession> = {};
const ids: Record<string, number> = {};

async function person(username: string, role: 'officer' | 'leader', fullName: string): Promise<void> {
  const user = await world.office.createUser({
    agencyId: world.agencyIds.A,
    username,
    password: PASSWORD,
    fullName,
    role,
    departmentId: world.departmentIds['a.th'],
    position: role === 'leader' ? 'Phó Chánh Văn phòng' : 'Trưởng phòng',
  });
  ids[username] = user.id;
}

async function submitted(subject: string, reviewers: string[]): Promise<number> {
  const draft = await s['a.officer']!.call<Doc>('POST', '/documents/outgoing', {
    subject,
    recipients: [{ code: AGENCIES.B.code }],
  });
  const id = draft.body.id;
  await s['a.officer']!.upload(
    `/documents/${id}/attachments`,
    'Dự thảo.pdf',
    'application/pdf',
    await samplePdf(subject),
  );
  const r = await s['a.officer']!.call('POST', `/documents/${id}/submit`, {
    reviewerIds: reviewers.map((u) => ids[u] ?? world.userIds[u]),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return id;
}

const page = async (who: string, id: number) => (await s[who]!.call<Detail>('GET', `/documents/${id}`)).body;
const reassign = (who: string, id: number, reviewer: string, reason = 'Người cho ý kiến đã nghỉ hưu') =>
  s[who]!.call<Err>('POST', `/documents/${id}/review/reassign`, {
    reviewerId: ids[reviewer] ?? world.userIds[reviewer],
    reason,
  });

describe('office: reassigning the review step of a deactivated reviewer', () => {
  before(async () => {
    world = await startOfficeWorld();
    await person('a.head', 'officer', 'Hoàng Trưởng Phòng A');
    await person('a.deputy', 'officer', 'Vũ Phó Phòng A');
    await person('a.leader2', 'leader', 'Đinh Lãnh Đạo Hai A');
    for (const u of ['a.officer', 'a.head', 'a.deputy', 'a.leader', 'a.leader2', 'a.admin', 'a.clerk']) {
      s[u] = await signInApi(world.url, u);
    }
  });
  after(async () => {
    await world?.close();
  });

  test('the drafter gives the step of a deactivated head of unit to another reviewer, who acts', async () => {
    const id = await submitted('Báo cáo tổng kết công tác năm 2026', ['a.head', 'a.leader']);
    // While the head can still act, nobody takes the step from them.
    const early = await reassign('a.officer', id, 'a.deputy');
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.ok(!(await page('a.officer', id)).actions.includes('reassign-review'));

    assert.equal((await s['a.officer']!.call('POST', `/users/${ids['a.head']}/deactivate`)).status, 403);
    assert.equal((await s['a.admin']!.call('POST', `/users/${ids['a.head']}/deactivate`)).status, 200);
    assert.equal((await s['a.head']!.call('GET', '/me')).status, 401, 'the session stops at once');
    assert.ok((await page('a.officer', id)).actions.includes('reassign-review'));
    assert.ok(!(await page('a.deputy', id)).actions.includes('reassign-review'));

    // Only the drafter or an admin; only to someone the chain could have named.
    assert.equal((await reassign('a.deputy', id, 'a.deputy')).status, 403);
    for (const who of ['a.officer', 'a.admin', 'a.leader', 'a.head', 'b.leader']) {
      const r = await reassign('a.officer', id, who);
      assert.equal(r.status, 400, who);
      assert.equal(r.body.error.code, 'office.invalid_review_chain', who);
    }
    assert.equal(
      (
        await s['a.officer']!.call('POST', `/documents/${id}/review/reassign`, {
          reviewerId: ids['a.deputy'],
        })
      ).status,
      400,
      'a reason is required',
    );

    const moved = await reassign('a.officer', id, 'a.deputy');
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const chain = (await page('a.officer', id)).reviewChain;
    assert.deepEqual(
      chain.map((step) => [step.position, step.reviewerId, step.state]),
      [
        [1, ids['a.deputy'], 'current'],
        [2, world.userIds['a.leader'], 'waiting'],
      ],
    );
    const audit = (await s['a.admin']!.call<Audit[]>('GET', '/audit')).body.find(
      (e) => e.action === 'outgoing.review_reassigned' && e.objectId === String(id),
    );
    assert.deepEqual(
      [audit?.userId, audit?.details.from, audit?.details.to, audit?.details.reason],
      [world.userIds['a.officer'], ids['a.head'], ids['a.deputy'], 'Người cho ý kiến đã nghỉ hưu'],
    );

    const reviewed = await s['a.deputy']!.call('POST', `/documents/${id}/review`, { decision: 'approve' });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    const approved = await s['a.leader']!.call<Doc>('POST', `/documents/${id}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
  });

  test('an agency admin gives the last step of a deactivated leader to another leader only', async () => {
    const id = await submitted('Quyết định ban hành quy chế làm việc', ['a.deputy', 'a.leader']);
    assert.equal(
      (await s['a.deputy']!.call('POST', `/documents/${id}/review`, { decision: 'approve' })).status,
      200,
    );
    assert.equal(
      (await s['a.admin']!.call('POST', `/users/${world.userIds['a.leader']}/deactivate`)).status,
      200,
    );
    assert.ok((await page('a.admin', id)).actions.includes('reassign-review'));
    const officer = await reassign('a.admin', id, 'a.clerk');
    assert.equal(officer.status, 400, 'the last step approves and signs: a leader');
    assert.equal((await reassign('a.admin', id, 'a.leader2', 'Lãnh đạo chuyển công tác')).status, 200);
    const approved = await s['a.leader2']!.call<Doc>('POST', `/documents/${id}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
  });
});
