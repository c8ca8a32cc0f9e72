import { createHash } from 'node:crypto';

/** What the evidence log records (issue 3 "Evidence"). */
export type EvidenceEventType =
  | 'accepted'
  | 'refused'
  | 'queued'
  | 'redirected'
  | 'fetched'
  | 'acknowledged'
  | 'processing'
  | 'failed'
  | 'status_received'
  | 'revoke_requested'
  | 'update_requested'
  | 'replace_requested'
  | 'revoked'
  | 'updated'
  | 'replaced'
  | 'request_refused'
  | 'agency_changed'
  | 'system_changed';

export interface EvidenceEvent {
  readonly eventType: EvidenceEventType;
  readonly docId: string | null;
  readonly packageSha256: string | null;
  readonly actor: string | null;
  readonly at: Date;
  readonly details: Record<string, unknown>;
}

export interface ChainedEvidence extends EvidenceEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: object keys sorted, no whitespace, dates as ISO strings; stable across runtimes. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** hash = SHA-256(prevHash ‖ canonical JSON of {seq, eventType, docId, packageSha256, actor, at, details}). */
export function evidenceHash(prevHash: string, seq: number, event: EvidenceEvent): string {
  const body = canonicalJson({
    seq,
    eventType: event.eventType,
    docId: event.docId,
    packageSha256: event.packageSha256,
    actor: event.actor,
    at: event.at,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export function chainEvents(
  head: { seq: number; hash: string },
  events: readonly EvidenceEvent[],
): ChainedEvidence[] {
  let { seq, hash } = head;
  return events.map((event) => {
    seq += 1;
    const next = evidenceHash(hash, seq, event);
    const chained = { ...event, seq, prevHash: hash, hash: next };
    hash = next;
    return chained;
  });
}

export type ChainCheck =
  { valid: true; count: number; headHash: string } | { valid: false; seq: number; reason: string };

/** Incremental verifier: feed rows in seq order. */
export function createChainVerifier() {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  return {
    check(row: ChainedEvidence): { ok: true } | { ok: false; reason: string } {
      if (row.seq !== expectedSeq)
        return { ok: false, reason: `sequence gap: expected ${expectedSeq}, found ${row.seq}` };
      if (row.prevHash !== prev) return { ok: false, reason: 'prevHash does not match the previous entry' };
      if (evidenceHash(prev, row.seq, row) !== row.hash)
        return { ok: false, reason: 'hash does not match the entry' };
      prev = row.hash;
      expectedSeq += 1;
      count += 1;
      return { ok: true };
    },
    get count() {
      return count;
    },
    get headHash() {
      return prev;
    },
  };
}
