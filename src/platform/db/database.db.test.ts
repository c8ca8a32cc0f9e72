import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseUrl } from '../../../test/helpers/database.ts';
import { migrateDatabase, migrationContexts } from './index.ts';

test('migrations apply on the configured backend and are idempotent', async () => {
  const database = await createTestDatabase();
  try {
    assert.equal(database.kind, testDatabaseUrl() ? 'postgres' : 'pglite');
    // A second run applies nothing new and does not fail.
    assert.deepEqual(await migrateDatabase(database), migrationContexts());
    const rows = await database.query<{ extname: string }>(
      sql`select extname from pg_extension where extname in ('unaccent', 'pg_trgm') order by extname`,
    );
    assert.deepEqual(
      rows.map((row) => row.extname),
      ['pg_trgm', 'unaccent'],
    );
  } finally {
    await database.close();
  }
});

test('lt_fold makes search diacritic- and case-insensitive, Đ included', async () => {
  const database = await createTestDatabase();
  try {
    const [row] = await database.query<{ folded: string; matches: boolean }>(
      sql`select lt_fold('Văn bản ĐẾN của UBND tỉnh Đắk Lắk') as folded,
                 lt_fold('Quyết định về việc phê duyệt') like '%' || lt_fold('quyet dinh') || '%' as matches`,
    );
    assert.equal(row?.folded, 'van ban den cua ubnd tinh dak lak');
    assert.equal(row?.matches, true);
  } finally {
    await database.close();
  }
});

test('lt_fold is usable in an expression index (IMMUTABLE) with trigram search', async () => {
  const database = await createTestDatabase();
  try {
    await database.query(sql`create table t (subject text)`);
    await database.query(sql`create index t_subject_trgm on t using gin (lt_fold(subject) gin_trgm_ops)`);
    await database.query(
      sql`insert into t values ('Kế hoạch chuyển đổi số năm 2026'), ('Báo cáo tình hình kinh tế')`,
    );
    const rows = await database.query<{ subject: string }>(
      sql`select subject from t where lt_fold(subject) like '%' || lt_fold('chuyen doi so') || '%'`,
    );
    assert.deepEqual(
      rows.map((r) => r.subject),
      ['Kế hoạch chuyển đổi số năm 2026'],
    );
  } finally {
    await database.close();
  }
});
