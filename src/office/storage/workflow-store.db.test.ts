// The review-chain and link reads of the store: a reviewer's queue holds only drafts whose current
// step is theirs (plus, for an approver, drafts submitted without a chain), never another agency's;
// linked documents; the timeline version changes when a status arrives and only then.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import type { OfficeStore } from '../use-cases/ports.ts';
import { createOfficeStore } from './office-store.ts';

describe('office workflow store', () => {
  let database: TestDatabase;
  let store: OfficeStore;
  let a = 0;
  let b = 0;

  before(async () => {
    database = await createTestDatabase();
    store = createOfficeStore(database.db);
    const agency = (code: string) =>
      store.createAgency({ code, name: code, abbreviation: 'UBND', axisSystemId: null, axisSecret: null });
    a = (await agency('000.00.00.H01')).id;
    b = (await agency('000.00.00.H02')).id;
  });
  after(async () => {
    await database?.close();
  });

  const draft = (agencyId: number, subject: string, state = 'submitted') =>
    store.insertDocument({ agencyId, direction: 'outgoing', state, subject });

  test('queues: the current step only, other agencies never; unchained drafts for approvers', async () => {
    const chained = await draft(a, 'Có luồng');
    const plain = await draft(a, 'Không luồng');
    const other = await draft(b, 'Cơ quan khác');
    const steps = await store.addReviewSteps(a, chained.id, 1, [11, 12]);
    assert.deepEqual(
      steps.map((s) => [s.position, s.state]),
      [
        [1, 'current'],
        [2, 'waiting'],
      ],
    );
    await store.addReviewSteps(b, other.id, 1, [11]);
    const ids = async (reviewer: number, unchained: boolean) =>
      (await store.listReviewQueue(a, reviewer, unchained)).map((d) => d.id).sort((x, y) => x - y);
    assert.deepEqual(await ids(11, false), [chained.id]);
    assert.deepEqual(await ids(12, false), []);
    assert.deepEqual(await ids(12, true), [plain.id]);
    await store.setReviewStep(a, steps[0]!.id, { state: 'approved', actedAt: new Date() });
    await store.setReviewStep(a, steps[1]!.id, { state: 'current' });
    assert.deepEqual(await ids(11, false), []);
    assert.deepEqual(
      await ids(12, true),
      [chained.id, plain.id].sort((x, y) => x - y),
    );
    // A step of another agency's document is not reachable through this agency.
    assert.deepEqual(
      (await store.listReviewSteps(a, other.id)).map((s) => s.id),
      [],
    );
  });

  test('links and the timeline version', async () => {
    const old = await draft(a, 'Văn bản gốc', 'issued');
    const replacement = await store.insertDocument({
      agencyId: a,
      direction: 'outgoing',
      state: 'draft',
      subject: 'Văn bản thay thế',
      relatedDocumentId: old.id,
      relation: 'replaces',
    });
    assert.deepEqual(
      (await store.listLinkedDocuments(a, old.id)).map((d) => d.id),
      [replacement.id],
    );
    assert.deepEqual(await store.listLinkedDocuments(b, old.id), []);
    await store.addRecipients(a, old.id, [{ code: '000.00.00.H02', name: null }]);
    const v1 = await store.timelineVersion(a, old.id);
    assert.equal(await store.timelineVersion(a, old.id), v1);
    await store.addStatusEvent({
      agencyId: a,
      documentId: old.id,
      direction: 'received',
      partyCode: '000.00.00.H02',
      statusCode: '01',
      description: null,
      statusDocId: 'delivery-1',
      at: new Date(),
    });
    const v2 = await store.timelineVersion(a, old.id);
    assert.notEqual(v2, v1);
  });
});
