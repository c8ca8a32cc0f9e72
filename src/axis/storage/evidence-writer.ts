import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/index.ts';
import { chainEvents, type ChainedEvidence, type EvidenceEvent } from '../domain/evidence-chain.ts';
import { evidence, evidenceHead } from './schema.ts';

/** A Drizzle handle or transaction: both can run queries. */
export type Executor = Pick<Db, 'execute' | 'select' | 'insert' | 'update'>;

export function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

/**
 * Appends events to the chain inside the caller's transaction. The head row lock serialises
 * appends; callers make it their last statement so the lock is held only until commit.
 */
export async function appendEvidence(
  tx: Executor,
  events: readonly EvidenceEvent[],
): Promise<ChainedEvidence[]> {
  if (events.length === 0) return [];
  const [head] = rowsOf<{ seq: string | number; hash: string }>(
    await tx.execute(sql`select seq, hash from ${evidenceHead} where id = 1 for update`),
  );
  if (!head) throw new Error('evidence head row is missing (migration not applied?)');
  const chained = chainEvents({ seq: Number(head.seq), hash: head.hash }, events);
  await tx.insert(evidence).values(
    chained.map((e) => ({
      seq: e.seq,
      prevHash: e.prevHash,
      hash: e.hash,
      eventType: e.eventType,
      docId: e.docId,
      packageSha256: e.packageSha256,
      actor: e.actor,
      at: e.at,
      details: e.details,
    })),
  );
  const last = chained[chained.length - 1]!;
  await tx
    .update(evidenceHead)
    .set({ seq: last.seq, hash: last.hash })
    .where(sql`id = 1`);
  return chained;
}
