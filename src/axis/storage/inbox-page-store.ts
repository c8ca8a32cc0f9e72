/**
 * Keyset paging of open inbox deliveries for the REST API: `(created_at, id) > cursor`, so a client
 * that acknowledges as it goes never skips or repeats an item (offset paging would shift under it).
 * Served by the partial index `deliveries_open_inbox_idx` (migrations/axis-api).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/index.ts';
import type { RecordedFinding } from '../domain/acceptance-rule.ts';
import type { DeliveryRecord } from '../use-cases/ports.ts';

export interface InboxPageQuery {
  readonly recipientCodes: readonly string[];
  readonly kind: 'edoc' | 'status';
  readonly after?: { readonly createdAt: Date; readonly id: string } | undefined;
  readonly limit: number;
}

/** A delivery with the content defects its package was accepted with (domain/acceptance-rule.ts). */
export type InboxPageItem = DeliveryRecord & { readonly findings: readonly RecordedFinding[] };

export interface InboxPageStore {
  listOpen(query: InboxPageQuery): Promise<InboxPageItem[]>;
}

interface Row {
  id: string;
  doc_id: string;
  kind: 'edoc' | 'status';
  recipient_code: string;
  addressed_code: string | null;
  from_organ_id: string;
  state: DeliveryRecord['state'];
  retry_count: number;
  created_at: Date | string;
  updated_at: Date | string;
  findings: readonly RecordedFinding[] | string | null;
}

export function createInboxPageStore(database: Database): InboxPageStore {
  return {
    async listOpen(query) {
      if (query.recipientCodes.length === 0) return [];
      const recipients =
        query.recipientCodes.length === 1
          ? sql`d.recipient_code = ${query.recipientCodes[0]}`
          : sql`d.recipient_code = any(${`{${query.recipientCodes.map((c) => `"${c.replaceAll('"', '')}"`).join(',')}}`}::text[])`;
      const after = query.after
        ? sql`and (d.created_at, d.id) > (${query.after.createdAt}::timestamptz, ${query.after.id})`
        : sql``;
      const rows = await database.query<Row>(sql`
        select d.id, d.doc_id, d.kind, d.recipient_code, d.addressed_code, d.from_organ_id, d.state, d.retry_count,
               d.created_at, d.updated_at, p.findings
        from axis.deliveries d join axis.packages p on p.doc_id = d.doc_id
        where ${recipients} and d.kind = ${query.kind} and d.state in ('pending', 'processing') ${after}
        order by d.created_at, d.id
        limit ${query.limit}`);
      return rows.map((r) => ({
        id: r.id,
        docId: r.doc_id,
        kind: r.kind,
        recipientCode: r.recipient_code,
        addressedCode: r.addressed_code,
        fromOrganId: r.from_organ_id,
        state: r.state,
        retryCount: Number(r.retry_count),
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
        fetchedAt: null,
        ackedAt: null,
        statusCode: null,
        progressCode: null,
        statusDescription: null,
        statusAt: null,
        pendingRequest: null,
        effect: null,
        requestDocId: null,
        findings:
          (typeof r.findings === 'string' ? (JSON.parse(r.findings) as RecordedFinding[]) : r.findings) ?? [],
      }));
    },
  };
}
