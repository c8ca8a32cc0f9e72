import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { createEvidenceStore } from '../axis/storage/evidence-store.ts';
import { appendEvidence } from '../axis/storage/evidence-writer.ts';
import { projectNextBatch, resetProjection } from '../monitor/index.ts';
import { LocalBlobStore, loadConfig } from '../platform/index.ts';
import { axisStoresFor } from './index.ts';
import { seedHistory } from './seed-history.ts';
import { seedNation } from './seed-nation.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

/** Every read-model table, rows in key order, as JSON text (dates and numbers compared exactly). */
async function readModels(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['documents', 'doc_id'],
    ['deliveries', 'doc_id, to_code'],
    ['agency_days', 'agency_code, day'],
    ['agency_months', 'agency_code, month'],
    ['level_days', 'level, day'],
    ['latency_buckets', 'agency_code, month, metric, bucket'],
    ['open_due', 'agency_code, due_day'],
    ['agency_activity', 'agency_code'],
  ] as const) {
    const rows = await database.query(sql.raw(`select * from monitor.${table} order by ${order}`));
    out[table] = JSON.stringify(rows);
  }
  return out;
}

test('bulk history keeps the evidence chain valid, and the projected read models match the axis tables', async () => {
  const dir = await tempDir('seed-history');
  const config = loadConfig({ SECRET_KEY: 'd'.repeat(64), DATA_DIR: dir.path });
  const nation = await seedNation(
    axisStoresFor({ database, blobs: new LocalBlobStore(join(dir.path, 'blobs')), config }),
    config.secretKey,
  );
  assert.ok(nation.agencies.some((a) => a.code === '000.00.00.G22'));
  assert.equal(nation.agencies.filter((a) => a.kind === 'province').length, 34);
  const result = await seedHistory(database, {
    documents: 150,
    days: 30,
    now: new Date(),
    agencies: nation.agencies,
    systems: nation.systems,
    chunkSize: 40,
  });
  // The seed projected its own evidence: the read models are current when it returns.
  const [lag] = await database.query<{ cp: string; head: string }>(sql`
    select (select seq from monitor.checkpoints where name = 'axis-evidence') as cp,
           (select seq from axis.evidence_head where id = 1) as head`);
  assert.equal(Number(lag!.cp), Number(lag!.head));
  const seeded = await readModels();
  // A live event appended after the bulk chunks chains onto them.
  await database.db.transaction((tx) =>
    appendEvidence(tx, [
      {
        eventType: 'agency_changed',
        docId: null,
        packageSha256: null,
        actor: 'test',
        at: new Date(),
        details: { action: 'x' },
      },
    ]),
  );
  const check = await createEvidenceStore(database).verify();
  assert.equal(check.valid, true, JSON.stringify(check));
  // Property: what the seed projected equals a full recomputation from the evidence log.
  await resetProjection(database);
  while ((await projectNextBatch(database, 500)).rows > 0);
  assert.deepEqual(await readModels(), seeded);
  const [row] = await database.query<{
    sent: string;
    received: string;
    mon_sent: string;
    mon_received: string;
    done: string;
    mon_done: string;
  }>(sql`
    select (select count(*) from axis.packages where kind = 'edoc') as sent,
           (select count(*) from axis.deliveries) as received,
           (select sum(sent) from monitor.agency_days) as mon_sent,
           (select sum(received) from monitor.agency_days) as mon_received,
           (select count(*) from axis.deliveries where progress_code = '06') as done,
           (select sum(st_06) from monitor.agency_days) as mon_done`);
  assert.equal(Number(row!.sent), 150);
  assert.equal(Number(row!.mon_sent), 150);
  assert.equal(Number(row!.received), result.deliveries);
  assert.equal(Number(row!.mon_received), result.deliveries);
  assert.equal(Number(row!.mon_done), Number(row!.done));
  await dir.cleanup();
});

test('evidence appended by another writer during the seed: the next chunks chain after it, the projector catches up', async () => {
  const dir = await tempDir('seed-history-concurrent');
  const config = loadConfig({ SECRET_KEY: 'd'.repeat(64), DATA_DIR: dir.path });
  const { agencies, systems } = await seedNation(
    axisStoresFor({ database, blobs: new LocalBlobStore(join(dir.path, 'blobs')), config }),
    config.secretKey,
  );
  const [before] = await database.query<{ seq: string }>(
    sql`select seq from axis.evidence_head where id = 1`,
  );
  const appended: Promise<void>[] = [];
  const live = async () => {
    await database.db.transaction((tx) =>
      appendEvidence(tx, [
        {
          eventType: 'agency_changed',
          docId: null,
          packageSha256: null,
          actor: 'test',
          at: new Date(),
          details: { action: 'during seed' },
        },
      ]),
    );
  };
  const result = await seedHistory(database, {
    documents: 200,
    days: 20,
    now: new Date(),
    agencies,
    systems,
    chunkSize: 30,
    // Appended while later chunks are already built (chained after the head they expected) and, on
    // PostgreSQL, while the next transactions are open.
    onProgress: (done) => {
      if (done < 150) appended.push(live());
    },
  });
  await Promise.all(appended);
  assert.equal(appended.length, 4);
  const [after] = await database.query<{ seq: string }>(sql`select seq from axis.evidence_head where id = 1`);
  assert.equal(Number(after!.seq) - Number(before!.seq), result.events + appended.length);
  const check = await createEvidenceStore(database).verify();
  assert.equal(check.valid, true, JSON.stringify(check));
  while ((await projectNextBatch(database, 500)).rows > 0);
  const seeded = await readModels();
  await resetProjection(database);
  while ((await projectNextBatch(database, 500)).rows > 0);
  assert.deepEqual(await readModels(), seeded);
  const [row] = await database.query<{ sent: string; mon_sent: string }>(sql`
    select (select count(*) from axis.packages where kind = 'edoc') as sent,
           (select sum(sent) from monitor.agency_days) as mon_sent`);
  assert.equal(Number(row!.sent), 350);
  assert.equal(Number(row!.mon_sent), 350);
  await dir.cleanup();
});

test('tampering with a bulk-seeded entry is detected by the axis verifier', async () => {
  await database.query(
    sql`update axis.evidence set details = jsonb_set(details, '{recipient}', '"000.00.00.H99"') where seq = (select min(seq) from axis.evidence where event_type = 'queued')`,
  );
  const check = await createEvidenceStore(database).verify();
  assert.equal(check.valid, false);
});
