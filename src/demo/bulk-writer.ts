/**
 * Bulk writes for the demo history seeder, in one transaction: rows go in with COPY … FROM STDIN on
 * PostgreSQL (text format, sent over the pool client's connection) and as one INSERT … SELECT FROM
 * unnest(array parameters) per column set on PGlite. Both paths also give a Drizzle handle on the
 * same transaction for ordinary statements.
 */
import { param, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database, Db } from '../platform/index.ts';

export type Cell = string | number | boolean | null;

export interface BulkColumn {
  readonly name: string;
  /** PostgreSQL type of the column (the unnest path casts to it). */
  readonly type: string;
}

export interface BulkTransaction {
  readonly db: Db;
  /** Appends rows, given column by column (every array the same length). */
  insert(table: string, columns: readonly BulkColumn[], data: readonly (readonly Cell[])[]): Promise<void>;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; `\N` is NULL. */
function copyText(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/**
 * A COPY FROM STDIN query for node-postgres (the "submittable" protocol of pg.Client.query): sends
 * the data once the server asks for it, resolves on ReadyForQuery.
 */
class CopyIn {
  private error: Error | null = null;
  readonly done: Promise<void>;
  private settle!: (err: Error | null) => void;
  private readonly text: string;
  private readonly chunks: readonly Buffer[];
  constructor(text: string, chunks: readonly Buffer[]) {
    this.text = text;
    this.chunks = chunks;
    this.done = new Promise((resolve, reject) => {
      this.settle = (err) => (err ? reject(err) : resolve());
    });
  }
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }
  handleError(err: Error): void {
    this.error = err;
  }
  handleReadyForQuery(): void {
    this.settle(this.error);
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly BulkColumn[],
  data: readonly (readonly Cell[])[],
): Promise<void> {
  const rows = data[0]?.length ?? 0;
  if (rows === 0) return;
  const chunks: Buffer[] = [];
  let part: string[] = [];
  let size = 0;
  for (let r = 0; r < rows; r += 1) {
    let line = copyText(data[0]![r]!);
    for (let c = 1; c < data.length; c += 1) line += '\t' + copyText(data[c]![r]!);
    part.push(line);
    size += line.length;
    if (size > 4_000_000) {
      chunks.push(Buffer.from(part.join('\n') + '\n'));
      part = [];
      size = 0;
    }
  }
  if (part.length > 0) chunks.push(Buffer.from(part.join('\n') + '\n'));
  const copy = new CopyIn(`copy ${table} (${columns.map((c) => c.name).join(', ')}) from stdin`, chunks);
  // A submittable: pg.Client.query returns it as is (no promise); `done` settles on ReadyForQuery.
  void client.query(copy as unknown as pg.QueryConfig);
  await copy.done;
}

export async function bulkTransaction<T>(
  database: Database,
  work: (tx: BulkTransaction) => Promise<T>,
): Promise<T> {
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      const db = drizzle(client) as unknown as Db;
      const result = await work({
        db,
        insert: (table, columns, data) => copyInto(client, table, columns, data),
      });
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  return database.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    return work({
      db,
      async insert(table, columns, data) {
        const rows = data[0]?.length ?? 0;
        for (let i = 0; i < rows; i += 20_000) {
          const j = Math.min(rows, i + 20_000);
          const arrays = sql.join(
            data.map(
              (col) => sql`${param(col.slice(i, j).map((v) => (v === null ? null : String(v))))}::text[]`,
            ),
            sql`, `,
          );
          const names = columns.map((c) => c.name);
          const select = sql.raw(columns.map((c, k) => `u.c${k}::${c.type}`).join(', '));
          const aliases = sql.raw(columns.map((_, k) => `c${k}`).join(', '));
          await db.execute(
            sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))}) select ${select} from unnest(${arrays}) as u(${aliases})`,
          );
        }
      },
    });
  });
}
