// Per-recipient answers to a replacement, on the store (the HTTP journey over the real axis is
// replace-sent.db.test.ts): an answer reported on the replacement itself counts (other vendors'
// software may name it rather than the original); answers nobody asked for change nothing; a
// recipient the replacement left out keeps the original in force; revoking the replacement withdraws
// only what is still pending.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createOfficeStore } from '../storage/office-store.ts';
import type { Actor } from './deps.ts';
import type { AgencyRecord, DocumentRecord, OfficeStore } from './ports.ts';
import {
  askReplacement,
  receivedReplacementAnswer,
  recordReplacementAnswer,
  withdrawReplacement,
} from './replacement-answers.ts';

const B = '000.00.00.H41';
const C = '000.00.00.H49';
const D = '000.00.00.H26';

describe('replacement answers', () => {
  let database: TestDatabase;
  let store: OfficeStore;
  let agency: AgencyRecord;
  let actor: Actor;
  const at = new Date('2026-11-20T03:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    store = createOfficeStore(database.db);
    agency = await store.createAgency({
      code: '000.00.00.G22',
      name: 'Văn phòng Chính phủ',
      abbreviation: 'VPCP',
      axisSystemId: null,
      axisSecret: null,
    });
    actor = { userId: 1, agencyId: agency.id, role: 'clerk', fullName: 'Văn thư', departmentId: null };
  });
  after(async () => {
    await database?.close();
  });

  /** An issued original sent to `recipients` and its issued replacement, which asks `asked`. */
  async function replaced(recipients: string[], asked: string[]) {
    const original = await store.insertDocument({
      agencyId: agency.id,
      direction: 'outgoing',
      state: 'issued',
      subject: 'Văn bản gốc',
      codeNumber: '01',
      codeNotation: 'KH-VPCP',
    });
    await store.addRecipients(
      agency.id,
      original.id,
      recipients.map((code) => ({ code, name: null })),
    );
    const replacement = await store.insertDocument({
      agencyId: agency.id,
      direction: 'outgoing',
      state: 'issued',
      subject: 'Văn bản thay thế',
      codeNumber: '02',
      codeNotation: 'KH-VPCP',
      relatedDocumentId: original.id,
      relation: 'replaces',
    });
    await askReplacement(
      store,
      actor,
      original,
      replacement,
      {
        documentId: 'x',
        bussinessDocType: '3',
        bussinessDocReason: 'Thay thế',
        replacementInfoList: [{ documentId: 'x', organIdList: asked }],
      },
      at,
    );
    return { original, replacement };
  }

  const answers = async (doc: DocumentRecord) =>
    (await store.listRecipients(agency.id, doc.id)).map((r) => [r.code, r.replacement, r.replacementNote]);
  const stateOf = async (doc: DocumentRecord) => (await store.getDocument(agency.id, doc.id))?.state;
  const record = (about: DocumentRecord, from: string, code: string, note: string | null) =>
    store.transaction((tx) => recordReplacementAnswer(tx, agency, about, from, code, note, at));

  test('an answer reported on the replacement counts for the original', async () => {
    const { original, replacement } = await replaced([B, C], [B, C]);
    await record(replacement, B, '15', 'Đồng ý');
    await record(original, C, '15', 'Đồng ý');
    assert.deepEqual(await answers(original), [
      [B, 'agreed', 'Đồng ý'],
      [C, 'agreed', 'Đồng ý'],
    ]);
    assert.equal(await stateOf(original), 'replaced');
  });

  test('answers nobody asked for, and later answers, change nothing', async () => {
    const { original } = await replaced([B, C], [B, C]);
    await record(original, D, '15', null); // not a recipient
    await record(original, B, '05', null); // not an answer
    await record(original, B, '16', 'Sai trích yếu');
    await record(original, B, '15', 'Đổi ý'); // already answered: the refusal stands
    assert.deepEqual(await answers(original), [
      [B, 'refused', 'Sai trích yếu'],
      [C, 'pending', null],
    ]);
    assert.equal(await stateOf(original), 'issued');
  });

  test('a recipient the replacement left out keeps the original in force', async () => {
    const { original } = await replaced([B, C], [B]);
    await record(original, B, '15', null);
    assert.deepEqual(await answers(original), [
      [B, 'agreed', null],
      [C, null, null],
    ]);
    assert.equal(await stateOf(original), 'issued');
  });

  test('revoking the replacement withdraws what is pending, not what was answered', async () => {
    const { original, replacement } = await replaced([B, C], [B, C]);
    await record(original, B, '15', null);
    await store.transaction((tx) => withdrawReplacement(tx, actor, replacement, 'Ban hành nhầm', at));
    assert.deepEqual(await answers(original), [
      [B, 'agreed', null],
      [C, 'withdrawn', 'Ban hành nhầm'],
    ]);
    await record(original, C, '15', null); // too late: nothing asks any more
    assert.equal((await answers(original))[1]?.[1], 'withdrawn');
    assert.equal(await stateOf(original), 'issued');
  });

  test('at the recipient: our answer is read from the timeline after the last request', () => {
    const original = { pendingRequest: null } as DocumentRecord;
    const event = (
      id: number,
      direction: 'sent' | 'received',
      statusCode: string,
      description: string | null,
    ) => ({
      id,
      documentId: 1,
      direction,
      partyCode: '000.00.00.G22',
      statusCode,
      description,
      statusDocId: null,
      at,
    });
    const me = { code: B, name: 'UBND tỉnh Nghệ An' };
    // A 15 to an earlier update does not answer the replacement that came after it.
    const refused = receivedReplacementAnswer(me, original, [
      event(1, 'received', 'update', null),
      event(2, 'sent', '15', 'Đồng ý cập nhật'),
      event(3, 'received', 'replace', null),
      event(4, 'sent', '16', 'Không đồng ý'),
    ]);
    assert.deepEqual([refused?.state, refused?.note], ['refused', 'Không đồng ý']);
    const pending = receivedReplacementAnswer(me, { pendingRequest: 'replace' } as DocumentRecord, [
      event(1, 'received', 'update', null),
      event(2, 'sent', '15', 'Đồng ý cập nhật'),
      event(3, 'received', 'replace', null),
    ]);
    assert.equal(pending?.state, 'pending');
    assert.equal(receivedReplacementAnswer(me, original, [event(1, 'sent', '15', null)]), undefined);
  });
});
