import { asc, count, eq, gt, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import { createChainVerifier, type ChainCheck, type ChainedEvidence } from '../domain/evidence-chain.ts';
import type { EvidenceStore } from '../use-cases/ports.ts';
import { appendEvidence } from './evidence-writer.ts';
import { evidence } from './schema.ts';

type Row = typeof evidence.$inferSelect;

function toChained(row: Row): ChainedEvidence {
  return {
    seq: row.seq,
    prevHash: row.prevHash,
    hash: row.hash,
    eventType: row.eventType as ChainedEvidence['eventType'],
    docId: row.docId,
    packageSha256: row.packageSha256,
    actor: row.actor,
    at: row.at,
    details: row.details as Record<string, unknown>,
  };
}

export function createEvidenceStore(database: Database): EvidenceStore {
  const { db } = database;
  return {
    append: (events) => db.transaction((tx) => appendEvidence(tx, events)),
    async verify(onProgress): Promise<ChainCheck> {
      const verifier = createChainVerifier();
      let after = 0;
      const batch = 5000;
      for (;;) {
        const rows = await db
          .select()
          .from(evidence)
          .where(gt(evidence.seq, after))
          .orderBy(asc(evidence.seq))
          .limit(batch);
        for (const row of rows) {
          const result = verifier.check(toChained(row));
          if (!result.ok) return { valid: false, seq: row.seq, reason: result.reason };
        }
        onProgress?.(verifier.count);
        if (rows.length < batch) break;
        after = rows[rows.length - 1]!.seq;
      }
      const headRows = (
        await database.query<{ seq: string | number; hash: string }>(
          sql`select seq, hash from axis.evidence_head where id = 1`,
        )
      )[0];
      if (headRows && (Number(headRows.seq) !== verifier.count || headRows.hash !== verifier.headHash)) {
        return {
          valid: false,
          seq: Number(headRows.seq),
          reason: 'the chain head does not match the last entry (entries removed?)',
        };
      }
      return { valid: true, count: verifier.count, headHash: verifier.headHash };
    },
    async forDocument(docId) {
      const rows = await db
        .select()
        .from(evidence)
        .where(or(eq(evidence.docId, docId), sql`${evidence.details}->>'refDocId' = ${docId}`))
        .orderBy(asc(evidence.seq));
      return rows.map(toChained);
    },
    async count() {
      const [row] = await db.select({ n: count() }).from(evidence);
      return Number(row?.n ?? 0);
    },
  };
}
