/**
 * Reads the axis evidence log (schema `axis`, append-only, hash-chained; src/axis/storage/schema.ts)
 * in sequence order and maps its rows to monitor events. This file is the one place the monitor
 * depends on the shape of axis evidence: event types and `details` keys as written by
 * src/axis/use-cases/send-package.ts, fetch-package.ts and acknowledge-delivery.ts. The signature
 * verdict comes from `axis.packages.signature_flags` (filled by the signatures issue).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from './executor.ts';
import type { Effect, MonitorEvent } from '../domain/monitor-event.ts';

export interface EvidenceRow {
  seq: number;
  eventType: string;
  docId: string | null;
  at: Date;
  details: Record<string, unknown>;
  signatureFlags: Record<string, unknown> | null;
}

const EFFECTS: Record<string, Effect> = { revoked: 'revoked', updated: 'updated', replaced: 'replaced' };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function flag(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true') return true;
  if (v === 0 || v === '0' || v === 'false') return false;
  return null;
}

/** edXML DueDate `yyyy/MM/dd` (or ISO) → end of that day in Vietnam (UTC+7). */
export function parseDueDate(v: unknown): Date | null {
  const s = str(v);
  if (!s) return null;
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59) - 7 * 3_600_000;
  return Number.isNaN(t) ? null : new Date(t);
}

/** Maps one evidence row; null for rows the dashboards do not count (refusals, registry changes…). */
export function toMonitorEvent(row: EvidenceRow): MonitorEvent | null {
  const d = row.details;
  const base = { seq: row.seq, at: row.at };
  switch (row.eventType) {
    case 'accepted': {
      // Only new documents (BussinessDocType 0) count as documents sent; revoke/update/replace
      // notices and status packages are traffic about a document already counted.
      if (d.kind !== 'edoc' || !row.docId) return null;
      const type = Number(d.bussinessDocType ?? 0);
      if (type !== 0) return null;
      const from = str(d.from);
      if (!from) return null;
      const flags = row.signatureFlags ?? {};
      const signed = flag(flags.signed) ?? flag(d.signed) ?? false;
      const valid = flag(flags.valid) ?? flag(d.signatureValid) ?? signed;
      return {
        type: 'document_sent',
        ...base,
        docId: row.docId,
        from,
        signed,
        signatureValid: valid,
        paper: flag(d.paper) ?? false,
        dueAt: parseDueDate(d.dueDate),
      };
    }
    case 'queued': {
      const to = str(d.recipient);
      return row.docId && to ? { type: 'delivery_queued', ...base, docId: row.docId, to } : null;
    }
    case 'fetched':
    case 'acknowledged':
    case 'processing':
    case 'failed': {
      const agency = str(d.recipient);
      return agency ? { type: 'agency_seen', ...base, agency } : null;
    }
    case 'status_received': {
      const docId = str(d.refDocId);
      const to = str(d.recipient);
      const code = str(d.statusCode);
      return docId && to && code ? { type: 'status', ...base, docId, to, code } : null;
    }
    case 'revoked':
    case 'updated':
    case 'replaced': {
      const docId = str(d.refDocId);
      const to = str(d.recipient);
      return docId && to ? { type: 'effect', ...base, docId, to, effect: EFFECTS[row.eventType]! } : null;
    }
    default:
      return null;
  }
}

/** Evidence rows after `afterSeq`, oldest first, at most `limit`. */
export async function readEvidenceAfter(
  tx: Executor,
  afterSeq: number,
  limit: number,
): Promise<EvidenceRow[]> {
  const result = await tx.execute(sql`
    select e.seq, e.event_type, e.doc_id, e.at, e.details, p.signature_flags
    from axis.evidence e
    left join axis.packages p on e.event_type = 'accepted' and p.doc_id = e.doc_id
    where e.seq > ${afterSeq}
    order by e.seq
    limit ${limit}`);
  const rows = (result as { rows: Record<string, unknown>[] }).rows;
  return rows.map((r) => ({
    seq: Number(r.seq),
    eventType: String(r.event_type),
    docId: (r.doc_id as string | null) ?? null,
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
    signatureFlags: (typeof r.signature_flags === 'string'
      ? JSON.parse(r.signature_flags)
      : (r.signature_flags ?? null)) as Record<string, unknown> | null,
  }));
}
