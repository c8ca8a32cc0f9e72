// Tenancy and roles: a user of agency B never reaches agency A's documents — by id, list, search or
// attachment URL the answer is 404 (nothing reveals that the id exists); an officer cannot sign as a
// leader; a clerk cannot assign; unsafe requests need the CSRF header; repeated failures lock the account.
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

let world: OfficeWorld;
let aClerk: ApiSession;
let aOfficer: ApiSession;
let aLeader: ApiSession;
let bClerk: ApiSession;
let bLeader: ApiSession;
let docId = 0;
let attachmentId = 0;
let incomingId = 0;

describe('office authorisation', () => {
  before(async () => {
    world = await startOfficeWorld();
    aClerk = await signInApi(world.url, 'a.clerk');
    aOfficer = await signInApi(world.url, 'a.officer');
    aLeader = await signInApi(world.url, 'a.leader');
    bClerk = await signInApi(world.url, 'b.clerk');
    bLeader = await signInApi(world.url, 'b.leader');
    const draft = await aOfficer.call<{ id: number }>('POST', '/documents/outgoing', {
      subject: 'Tài liệu nội bộ đặc biệt của Văn phòng',
      recipients: [{ code: AGENCIES.B.code }],
    });
    docId = draft.body.id;
    const up = await aOfficer.upload(
      `/documents/${docId}/attachments`,
      'Nội bộ.pdf',
      'application/pdf',
      await samplePdf('Nội bộ'),
    );
    attachmentId = up.body.id as number;
    const paper = await aClerk.call<{ id: number }>('POST', '/documents/incoming/paper', {
      subject: 'Đơn đề nghị',
      fromName: 'Công dân',
    });
    incomingId = paper.body.id;
  });
  after(async () => {
    await world?.close();
  });

  test('by id, another agency gets 404 for the document and its actions', async () => {
    const own = await aClerk.call('GET', `/documents/${docId}`);
    assert.equal(own.status, 200);
    const other = await bClerk.call<{ error: { code: string } }>('GET', `/documents/${docId}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'office.not_found');
    assert.equal((await bLeader.call('POST', `/documents/${docId}/approve`)).status, 404);
    assert.equal((await bClerk.call('POST', `/documents/${incomingId}/accept`)).status, 404);
    assert.equal(
      (
        await bLeader.call('POST', `/documents/${incomingId}/assign`, {
          leadUserId: world.userIds['b.officer'],
        })
      ).status,
      404,
    );
    // The document is unchanged.
    const after = await aClerk.call<{ document: { state: string } }>('GET', `/documents/${docId}`);
    assert.equal(after.body.document.state, 'draft');
  });

  test('by attachment URL, another agency gets 404; the owner gets the bytes', async () => {
    const own = await aClerk.raw('GET', `/attachments/${attachmentId}`);
    assert.equal(own.status, 200);
    assert.equal(
      Buffer.from(await own.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    assert.equal((await bClerk.raw('GET', `/attachments/${attachmentId}`)).status, 404);
  });

  test('by list and search, another agency sees nothing of it', async () => {
    for (const view of ['outgoing-all', 'outgoing-drafts', 'incoming-all']) {
      const list = await bClerk.call<{ items: { id: number }[] }>('GET', `/documents?view=${view}`);
      assert.equal(list.status, 200);
      assert.ok(!list.body.items.some((d) => d.id === docId || d.id === incomingId), view);
    }
    const own = await aClerk.call<{ items: { id: number }[] }>(
      'GET',
      `/documents?view=search&q=${encodeURIComponent('tai lieu noi bo dac biet')}`,
    );
    assert.ok(own.body.items.some((d) => d.id === docId));
    const other = await bClerk.call<{ items: { id: number }[] }>(
      'GET',
      `/documents?view=search&q=${encodeURIComponent('tai lieu noi bo dac biet')}`,
    );
    assert.equal(other.body.items.length, 0);
  });

  test('an officer cannot sign as a leader; a clerk cannot assign', async () => {
    const sign = await aOfficer.call<{ error: { code: string } }>('POST', `/documents/${docId}/approve`);
    assert.equal(sign.status, 403);
    assert.equal(sign.body.error.code, 'office.forbidden');
    const assign = await aClerk.call('POST', `/documents/${incomingId}/assign`, {
      leadUserId: world.userIds['a.officer'],
      deadlineWorkingDays: 3,
    });
    assert.equal(assign.status, 403);
    // Assigning to a user of another agency is refused even for a leader.
    const foreign = await aLeader.call('POST', `/documents/${incomingId}/assign`, {
      leadUserId: world.userIds['b.officer'],
    });
    assert.equal(foreign.status, 400);
  });

  test('unsafe requests without the CSRF header are refused (403); without a session, 401', async () => {
    const noHeader = await fetch(`${world.url}/api/v1/office/documents/${docId}/submit`, {
      method: 'POST',
      headers: { cookie: aOfficer.cookie },
    });
    assert.equal(noHeader.status, 403);
    assert.equal(((await noHeader.json()) as { error: { code: string } }).error.code, 'office.csrf_failed');
    const wrong = await fetch(`${world.url}/api/v1/office/documents/${docId}/submit`, {
      method: 'POST',
      headers: { cookie: aOfficer.cookie, 'x-csrf-token': bClerk.csrf },
    });
    assert.equal(wrong.status, 403);
    const noSession = await fetch(`${world.url}/api/v1/office/documents/${docId}/submit`, { method: 'POST' });
    assert.equal(noSession.status, 401);
    const after = await aClerk.call<{ document: { state: string } }>('GET', `/documents/${docId}`);
    assert.equal(after.body.document.state, 'draft');
  });

  test('five wrong passwords lock the account, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${world.url}/api/v1/office/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'c.officer', password: 'sai-mat-khau' }),
      });
      assert.equal(r.status, i < 4 ? 401 : 423);
    }
    const locked = await fetch(`${world.url}/api/v1/office/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'c.officer', password: PASSWORD }),
    });
    assert.equal(locked.status, 423);
  });
});
