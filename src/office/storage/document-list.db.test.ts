// Document lists and search in the store: keyset pages cover a list exactly once, totals are capped and
// labelled, search folds diacritics and splits số ký hiệu, and both search paths (the window of the
// newest documents, the GIN index) give the same answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import type { DocumentFilter, OfficeStore } from '../use-cases/ports.ts';
import { encodeCursor } from '../domain/list-cursor.ts';
import { SEARCH_WINDOW } from './document-list.ts';
import { createOfficeStore } from './office-store.ts';

describe('office document lists and search', () => {
  let database: TestDatabase;
  let store: OfficeStore;
  let a: number;
  let b: number;

  before(async () => {
    database = await createTestDatabase();
    store = createOfficeStore(database.db);
    a = (
      await store.createAgency({
        code: '000.00.00.H01',
        name: 'UBND A',
        abbreviation: 'UBND',
        axisSystemId: null,
        axisSecret: null,
      })
    ).id;
    b = (
      await store.createAgency({
        code: '000.00.00.H02',
        name: 'UBND B',
        abbreviation: 'UBND',
        axisSystemId: null,
        axisSecret: null,
      })
    ).id;
    // Older filler first, so that the window of the newest documents is full of them: rare words must
    // then be found through the index.
    await database.query(sql`
      INSERT INTO office.documents (agency_id, direction, state, subject, search_text, created_at)
      SELECT ${a}, 'incoming', 'done', 'Công văn khác ' || (g + 100000), 'cong van khac ' || (g + 100000), now() - interval '30 days' + g * interval '1 second'
      FROM generate_series(1, ${SEARCH_WINDOW + 100}) g`);
    await store.insertDocument({
      agencyId: a,
      direction: 'incoming',
      state: 'done',
      subject: 'Về việc thực hiện Đề án 06 tại Đà Nẵng',
      codeNumber: '123',
      codeNotation: 'UBND-VP',
      fromName: 'Ủy ban nhân dân thành phố Đà Nẵng',
    });
    for (let i = 0; i < 60; i++) {
      await store.insertDocument({
        agencyId: a,
        direction: 'incoming',
        state: 'pending',
        priority: i % 7 === 0 ? 2 : 0,
        subject: `Về việc đẩy mạnh gửi nhận văn bản điện tử số ${i}`,
      });
    }
    await store.insertDocument({
      agencyId: b,
      direction: 'incoming',
      state: 'pending',
      subject: 'Văn bản điện tử của cơ quan B; Đề án 06',
    });
    // Older than the whole window: found only through the agency's GIN postings. More of them than the
    // search total cap, in a and (fewer) in b.
    await database.query(sql`
      INSERT INTO office.documents (agency_id, direction, state, subject, search_text, type_abbreviation, created_at)
      SELECT CASE WHEN g % 4 = 0 THEN ${b}::bigint ELSE ${a}::bigint END, 'incoming', 'done', 'Lưu trữ cũ k' || g,
        'luu tru cu k' || g, CASE WHEN g % 3 = 0 THEN 'QĐ' ELSE 'CV' END, now() - interval '60 days' + g * interval '1 second'
      FROM generate_series(1, 1500) g`);
  });
  after(async () => {
    await database?.close();
  });

  async function walk(agencyId: number, filter: DocumentFilter) {
    const pages = [await store.listDocuments(agencyId, filter)];
    while (pages.at(-1)!.nextCursor) {
      pages.push(await store.listDocuments(agencyId, { ...filter, cursor: pages.at(-1)!.nextCursor! }));
    }
    return pages;
  }

  test('cursor pages cover the inbox once, urgent first then newest; the total comes with page 1', async () => {
    const pages = await walk(a, { direction: 'incoming', states: ['pending'], limit: 7, offset: 0 });
    const ids = pages.flatMap((p) => p.items.map((d) => d.id));
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    const all = pages.flatMap((p) => p.items);
    const sorted = [...all].sort((x, y) => y.priority - x.priority || y.id - x.id);
    assert.deepEqual(
      ids,
      sorted.map((d) => d.id),
    );
    assert.equal(pages[0]!.total, 60);
    assert.equal(pages[0]!.totalCapped, false);
    assert.equal(pages[1]!.total, null);
    assert.equal(pages.at(-1)!.nextCursor, null);
    assert.equal(
      (all[0] as unknown as Record<string, unknown>).searchText,
      undefined,
      'lists do not carry the search text',
    );
  });

  test('search folds diacritics and case, and finds a số ký hiệu by its parts', async () => {
    for (const q of ['DE AN 06 da nang', 'đề án 06', '123/UBND-VP', 'ubnd vp', '123']) {
      const page = await store.listDocuments(a, { text: q, limit: 10, offset: 0 });
      assert.deepEqual(
        page.items.map((d) => d.subject),
        ['Về việc thực hiện Đề án 06 tại Đà Nẵng'],
        `"${q}"`,
      );
      assert.equal(page.total, 1);
    }
    const none = await store.listDocuments(a, { text: 'khong ton tai xyz', limit: 10, offset: 0 });
    assert.deepEqual(none, { items: [], total: 0, totalCapped: false, nextCursor: null });
  });

  test('common words: newest first from the window, pages by cursor, the same as the index finds', async () => {
    const pages = await walk(a, { text: 'van ban dien tu', limit: 25, offset: 0 });
    const ids = pages.flatMap((p) => p.items.map((d) => d.id));
    assert.equal(ids.length, 60);
    assert.deepEqual(
      ids,
      [...ids].sort((x, y) => y - x),
    );
    assert.equal(pages[0]!.total, 60);
    // With an offset the window is skipped: PostgreSQL's own plan gives the same documents.
    const viaIndex = await store.listDocuments(a, { text: 'van ban dien tu', limit: 25, offset: 25 });
    assert.deepEqual(
      viaIndex.items.map((d) => d.id),
      ids.slice(25, 50),
    );
    // Another agency's documents never appear, and its search sees only its own.
    const other = await store.listDocuments(b, { text: 'van ban dien tu', limit: 25, offset: 0 });
    assert.equal(other.items.length, 1);
    assert.equal(other.items[0]!.agencyId, b);
  });

  test('filters combine with words: state, urgency, type, dates', async () => {
    const urgent = await store.listDocuments(a, {
      text: 'van ban',
      priorityAtLeast: 1,
      limit: 50,
      offset: 0,
    });
    assert.equal(urgent.items.length, 9);
    assert.ok(urgent.items.every((d) => d.priority >= 1));
    const done = await store.listDocuments(a, { text: 'van ban', states: ['done'], limit: 50, offset: 0 });
    assert.equal(done.items.length, 0);
    const past = await store.listDocuments(a, {
      text: 'van ban',
      toDate: '2000-01-01',
      limit: 50,
      offset: 0,
    });
    assert.equal(past.items.length, 0);
    const typed = await store.listDocuments(a, { text: 'van ban', type: 'QĐ', limit: 50, offset: 0 });
    assert.equal(typed.items.length, 0);
  });

  test('rare words through the agency-scoped index: newest first, capped total, own agency only', async () => {
    const pages = await walk(a, { text: 'Lưu trữ cũ', limit: 200, offset: 0 });
    const items = pages.flatMap((p) => p.items);
    assert.equal(items.length, 1125);
    assert.ok(items.every((d) => d.agencyId === a));
    assert.deepEqual(
      items.map((d) => Number(d.subject.split(' k').at(-1))),
      Array.from({ length: 1500 }, (_, i) => 1500 - i).filter((g) => g % 4 !== 0),
      'newest first across pages',
    );
    assert.equal(pages[0]!.total, 1000);
    assert.equal(pages[0]!.totalCapped, true);
    // Under the cap the total is exact; filters apply on this path too.
    const typed = await store.listDocuments(a, { text: 'luu tru cu', type: 'QĐ', limit: 50, offset: 0 });
    assert.equal(typed.total, 375);
    assert.equal(typed.totalCapped, false);
    assert.ok(typed.items.every((d) => d.typeAbbreviation === 'QĐ' && d.agencyId === a));
    const inB = await store.listDocuments(b, { text: 'luu tru cu k1496', limit: 50, offset: 0 });
    assert.deepEqual(
      inB.items.map((d) => d.subject),
      ['Lưu trữ cũ k1496'],
    );
    assert.equal((await store.listDocuments(a, { text: 'luu tru cu k1496', limit: 50, offset: 0 })).total, 0);
    // With an offset: the same index, the same order.
    const offset = await store.listDocuments(a, { text: 'luu tru cu', limit: 10, offset: 100 });
    assert.deepEqual(
      offset.items.map((d) => d.id),
      items.slice(100, 110).map((d) => d.id),
    );
  });

  test('the agency-scoped query: the folded words, each prefixed by the agency, quotes escaped', async () => {
    const r = await database.query<{ q: string; hit: boolean; miss: boolean }>(sql`
      SELECT office.agency_search_query(7, ${"Đề ÁN 06 O'Neil \\ x"})::text AS q,
        office.agency_search_vector(7, to_tsvector('simple', 'de an 06 o neil x y')) @@ office.agency_search_query(7, 'DE an') AS hit,
        office.agency_search_vector(8, to_tsvector('simple', 'de an 06')) @@ office.agency_search_query(7, 'de an') AS miss`);
    const row = r[0]!;
    assert.deepEqual(row.q.split(' & ').sort(), ["'7:06'", "'7:an'", "'7:de'", "'7:neil'", "'7:o'", "'7:x'"]);
    assert.equal(row.hit, true);
    assert.equal(row.miss, false);
    const none = await store.listDocuments(a, { text: `'\\' ' --`, limit: 10, offset: 0 });
    assert.deepEqual(none.items, []);
  });

  test('a malformed cursor or one of another list is refused', async () => {
    await assert.rejects(
      store.listDocuments(a, { direction: 'incoming', limit: 5, offset: 0, cursor: 'bm90LWpzb24' }),
      { code: 'office.invalid_input' },
    );
    await assert.rejects(
      store.listDocuments(a, {
        direction: 'incoming',
        register: true,
        limit: 5,
        offset: 0,
        cursor: encodeCursor({ order: 'priority', priority: 0, id: 5 }),
      }),
      { code: 'office.invalid_input' },
    );
  });

  test('a list longer than the cap says so', async () => {
    const page = await store.listDocuments(a, { text: 'cong van khac', limit: 10, offset: 0 });
    assert.equal(page.items.length, 10);
    assert.equal(page.totalCapped, true, 'the window was full: the total is a lower bound');
    assert.ok(page.total! >= 10);
  });
});
