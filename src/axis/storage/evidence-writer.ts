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
  // One statement for the rows and the head: the rows travel as one JSON parameter (a multi-row
  // VALUES list built by the query builder costs more CPU than the database spends on the insert).
  const last = chained[chained.length - 1]!;
  const rows = JSON.stringify(
    chained.map((e) => ({
      seq: e.seq,
      prev_hash: e.prevHash,
      hash: e.hash,
      event_type: e.eventType,
      doc_id: e.docId,
      package_sha256: e.packageSha256,
      actor: e.actor,
      at: e.at,
      details: e.details,
    })),
  );
  await tx.execute(sql`
    with inserted as (
      insert into ${evidence} (seq, prev_hash, hash, event_type, doc_id, package_sha256, actor, at, details)
      select seq, prev_hash, hash, event_type, doc_id, package_sha256, actor, at, details
      from jsonb_to_recordset(${rows}::jsonb) as x(seq bigint, prev_hash text, hash text, event_type text,
        doc_id text, package_sha256 text, actor text, at timestamptz, details jsonb)
    )
    update ${evidenceHead} set seq = ${last.seq}, hash = ${last.hash} where id = 1`);
  return chained;
}
