import type { Db } from '../../platform/index.ts';

/** A Drizzle handle or transaction: both can run queries. */
export type Executor = Pick<Db, 'execute' | 'select' | 'insert' | 'update' | 'delete'>;
