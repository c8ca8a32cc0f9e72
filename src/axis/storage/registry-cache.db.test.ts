import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { LocalBlobStore } from '../../platform/index.ts';
import { createStandardsPackageReader } from '../use-cases/standards-package-reader.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { createAgencyStore } from './agency-store.ts';
import { createAxisStores } from './index.ts';
import { withRegistryCache } from './registry-cache.ts';
import { createSecretCipher } from './secret-cipher.ts';
import { createSystemStore } from './system-store.ts';

const H53 = '000.00.00.H53';
const at = new Date('2026-11-22T01:00:00Z');

/** Polls until `check` holds (notifications arrive asynchronously, within milliseconds). */
async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

void test('the registry cache answers from memory and forgets on any committed change, from any writer', async () => {
  const database = await createTestDatabase();
  const store = createAgencyStore(database);
  const cached = withRegistryCache(createAgencyStore(database), database);
  try {
    await store.insert({ code: H53, name: 'UBND tỉnh Nghệ An', level: 2 }, at);
    await cached.cache.start();
    assert.equal((await cached.getMany([H53])).get(H53)?.status, 'active');

    // Served from memory: a change made behind the database's back (no trigger) is not seen…
    await database.query(sql`alter table axis.agencies disable trigger agencies_after_change`);
    await database.query(sql`update axis.agencies set name = 'hidden' where code = ${H53}`);
    await database.query(sql`alter table axis.agencies enable trigger agencies_after_change`);
    assert.equal((await cached.getMany([H53])).get(H53)?.name, 'UBND tỉnh Nghệ An');

    // …while a change through another store (another instance, the CLI) is seen once committed.
    await store.upsertMany([{ code: H53, name: 'UBND tỉnh Nghệ An', status: 'suspended', level: 2 }], at);
    assert.ok(
      await eventually(async () => (await cached.getMany([H53])).get(H53)?.status === 'suspended'),
      'the suspension reached the cache',
    );

    // Unknown codes are cached as unknown, and a later registration is seen.
    assert.equal((await cached.getMany(['000.00.00.H99'])).size, 0);
    await store.insert({ code: '000.00.00.H99', name: 'Cơ quan thử', level: 2 }, at);
    assert.ok(await eventually(async () => (await cached.getMany(['000.00.00.H99'])).size === 1));

    // Its own writes are read back at once (no wait for the notification).
    await cached.setValidationMode(H53, 'strict', at);
    assert.equal((await cached.getMany([H53])).get(H53)?.validationMode, 'strict');

    // Stopped: every look-up goes to the database.
    await cached.cache.close();
    await database.query(sql`alter table axis.agencies disable trigger agencies_after_change`);
    await database.query(sql`update axis.agencies set name = 'direct' where code = ${H53}`);
    await database.query(sql`alter table axis.agencies enable trigger agencies_after_change`);
    assert.equal((await cached.getMany([H53])).get(H53)?.name, 'direct');
  } finally {
    await cached.cache.close();
    await database.close();
  }
});

void test('system credentials stay cached while notifications arrive, and a change by another process is seen at once', async () => {
  const database = await createTestDatabase();
  const key = randomBytes(32);
  const stores = createAxisStores({
    database,
    blobs: new LocalBlobStore(`/tmp/unused-${process.pid}`),
    secretKey: key,
    clock: { now: () => new Date() },
    reader: createStandardsPackageReader({ maxBytes: 1e6 }),
  });
  const other = createSystemStore(database, createSecretCipher(key)); // "the CLI"
  try {
    await other.create({ systemId: 'vxp.test.01', secret: 's3cret', agencies: [H53] }, at);
    await stores.registryCache.start();
    assert.equal((await stores.systems.getCredentials('vxp.test.01'))?.status, 'active');
    await other.setStatus('vxp.test.01', 'suspended');
    assert.ok(
      await eventually(
        async () => (await stores.systems.getCredentials('vxp.test.01'))?.status === 'suspended',
      ),
      'the suspension reached the credentials cache',
    );
    await other.grant('vxp.test.01', ['000.00.00.H99']);
    assert.ok(
      await eventually(async () =>
        ((await stores.systems.getCredentials('vxp.test.01'))?.agencies ?? []).includes('000.00.00.H99'),
      ),
    );
  } finally {
    await stores.registryCache.close();
    await database.close();
  }
});
