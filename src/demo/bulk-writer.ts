/**
 * Bulk writes for the demo history seeder, in one transaction: rows are given in COPY text format and
 * go in with COPY … FROM STDIN on PostgreSQL (sent over the pool client's connection), as INSERT …
 * SELECT FROM unnest(array parameters) on PGlite. Both paths also give a Drizzle handle on the same
 * transaction for ordinary statements.
 */
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
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
  /** Appends rows already in COPY text format (see CopyText). */
  copy(table: string, columns: readonly BulkColumn[], text: CopyText): Promise<void>;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: backslash, tab, newline and carriage return escaped; `\N` is NULL. */
export function copyValue(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return SPECIAL.test(v) ? v.replace(SPECIALS, (c) => ESCAPED[c]!) : v;
}

/**
 * Rows in COPY text format, appended a line at a time (values already escaped with copyValue when
 * they may hold special characters) and kept as buffers of about 1 MB.
 */
export class CopyText {
  readonly buffers: Buffer[] = [];
  rows = 0;
  private part: string[] = [];
  private size = 0;
  /** Appends one row: its values joined by tabs, without the final newline. */
  line(text: string): void {
    this.part.push(text);
    this.rows += 1;
    this.size += text.length;
    if (this.size > 1_000_000) this.flush();
  }
  /** Closes the text; returns the buffers. */
  finish(): Buffer[] {
    this.flush();
    return this.buffers;
  }
  private flush(): void {
    if (this.part.length === 0) return;
    this.part.push('');
    this.buffers.push(Buffer.from(this.part.join('\n')));
    this.part = [];
    this.size = 0;
  }
}

/** Column-wise rows as COPY text. */
export function toCopyText(data: readonly (readonly Cell[])[]): CopyText {
  const text = new CopyText();
  const rows = data[0]?.length ?? 0;
  for (let r = 0; r < rows; r += 1) {
    let line = copyValue(data[0]![r]!);
    for (let c = 1; c < data.length; c += 1) line += '\t' + copyValue(data[c]![r]!);
    text.line(line);
  }
  return text;
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

const columnList = (columns: readonly BulkColumn[]) => columns.map((c) => c.name).join(', ');
const copyStatement = (table: string, columns: readonly BulkColumn[], from: string) =>
  `copy ${table} (${columnList(columns)}) from ${from}`;

async function copyIntoPg(
  client: pg.PoolClient,
  table: string,
  columns: readonly BulkColumn[],
  text: CopyText,
): Promise<void> {
  const chunks = text.finish();
  if (text.rows === 0) return;
  const copy = new CopyIn(copyStatement(table, columns, 'stdin'), chunks);
  // A submittable: pg.Client.query returns it as is (no promise); `done` settles on ReadyForQuery.
  void client.query(copy as unknown as pg.QueryConfig);
  await copy.done;
}

const UNESCAPED: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
/** A value of COPY text format back to a string (null for `\N`). */
export const fromCopyValue = (v: string): string | null =>
  v === '\\N' ? null : v.includes('\\') ? v.replace(/\\(.)/g, (_, c: string) => UNESCAPED[c] ?? c) : v;

/**
 * PGlite: INSERT … SELECT FROM unnest(one text[] parameter per column), 20,000 rows a statement. (COPY
 * … FROM '/dev/blob' reads the same text but measured slower over a whole seed — the blob is copied
 * into PGlite's file system — so the text is split back into columns here.)
 */
async function copyIntoPglite(
  tx: PgliteTransaction,
  table: string,
  columns: readonly BulkColumn[],
  text: CopyText,
): Promise<void> {
  const chunks = text.finish();
  if (text.rows === 0) return;
  const select = columns.map((c, k) => `u.c${k}::${c.type}`).join(', ');
  const params = columns.map((_, k) => `$${k + 1}::text[]`).join(', ');
  const aliases = columns.map((_, k) => `c${k}`).join(', ');
  const statement = `insert into ${table} (${columnList(columns)}) select ${select} from unnest(${params}) as u(${aliases})`;
  let data: (string | null)[][] = columns.map(() => []);
  const flush = async () => {
    await tx.query(statement, data);
    data = columns.map(() => []);
  };
  for (const chunk of chunks) {
    for (const line of chunk.toString().split('\n')) {
      if (line === '') continue;
      const values = line.split('\t');
      for (let k = 0; k < columns.length; k += 1) data[k]!.push(fromCopyValue(values[k]!));
      if (data[0]!.length === 20_000) await flush();
    }
  }
  if (data[0]!.length > 0) await flush();
}

/**
 * How many bulk transactions the database can usefully run at the same time: several on a
 * PostgreSQL pool (keeping a connection free for other work), one on PGlite (a single connection).
 */
export function bulkConcurrency(database: Database, wanted: number): number {
  if (!database.pool) return 1;
  const max = (database.pool as unknown as { options?: { max?: number } }).options?.max ?? 10;
  return Math.max(1, Math.min(wanted, max - 1));
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
        insert: (table, columns, data) => copyIntoPg(client, table, columns, toCopyText(data)),
        copy: (table, columns, text) => copyIntoPg(client, table, columns, text),
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
  const pglite = database.pglite as PGlite;
  return pglite.transaction(async (tx) => {
    const db = drizzlePglite(tx as unknown as PGlite) as unknown as Db;
    return work({
      db,
      insert: (table, columns, data) => copyIntoPglite(tx, table, columns, toCopyText(data)),
      copy: (table, columns, text) => copyIntoPglite(tx, table, columns, text),
    });
  });
}
