/**
 * A fresh, migrated database for one test file: in-memory PGlite by default; when DATABASE_URL is
 * set, a new PostgreSQL database created for this run and dropped afterwards, so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../src/platform/index.ts';

export interface TestDatabase extends Database {
  /** The PostgreSQL URL of this test database (undefined on PGlite). */
  readonly url: string | undefined;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export async function createTestDatabase(
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (adminUrl) {
    const name = `lt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const database = await openDatabase({ url, dataDir: 'memory://', poolSize: options.poolSize ?? 10 });
  if (options.migrate !== false) await migrateDatabase(database);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await dropDatabase();
    },
  };
}
