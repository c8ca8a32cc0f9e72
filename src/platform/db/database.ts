/**
 * One database handle for every context: embedded PGlite (on disk under DATA_DIR/db, or in memory for
 * tests) when no DATABASE_URL is given, PostgreSQL otherwise. Query code is written once against
 * Drizzle's PostgreSQL dialect and runs unchanged on both.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Runs raw SQL and returns its rows (same shape on both backends). */
  query<Row = Record<string, unknown>>(statement: SQL): Promise<Row[]>;
  /** Checks the database answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PostgreSQL pool, when `kind` is postgres (LISTEN/NOTIFY, COPY, benchmarks). */
  readonly pool: pg.Pool | undefined;
  /** The PGlite instance, when `kind` is pglite. */
  readonly pglite: PGlite | undefined;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when unset the embedded database is used. */
  readonly url?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory. */
  readonly dataDir?: string;
  /** Pool size for PostgreSQL (default 10). */
  readonly poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Queries in flight see their own error.
    });
    const db: Db = drizzlePg(pool);
    return {
      kind: 'postgres',
      db,
      pool,
      pglite: undefined,
      async query<Row>(statement: SQL) {
        const result = await db.execute(statement);
        return (result as { rows: Row[] }).rows;
      },
      async ping() {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  const dir = options.dataDir ?? 'memory://';
  let location = dir;
  if (!dir.startsWith('memory://')) {
    location = join(dir, 'db');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, { extensions: { unaccent, pg_trgm } });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pool: undefined,
    pglite: client,
    async query<Row>(statement: SQL) {
      const result = await db.execute(statement);
      return (result as { rows: Row[] }).rows;
    },
    async ping() {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

export { sql };
