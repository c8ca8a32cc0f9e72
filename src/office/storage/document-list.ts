/**
 * Document lists and search of one agency, built to stay fast at millions of documents per agency:
 * - keyset pagination (`cursor`): each order has an index that starts with agency_id and ends with the
 *   order's columns, so a page is an index range scan whatever its depth (OFFSET stays for small jumps);
 * - capped totals: at most TOTAL_CAP (lists) or SEARCH_TOTAL_CAP (search) rows are counted, and
 *   `totalCapped` says when the real number may be larger ("10 000+"); a search answered from its
 *   window (below) reports the matches among the newest SEARCH_WINDOW documents, capped as well;
 * - full text: the generated `search_vector` (tsvector 'simple' over the folded search text, migration
 *   0005) with a GIN index; every word must match, newest first. The newest SEARCH_WINDOW candidates
 *   are tested first through (agency_id, created_at, id) (a date filter is a range of that index): common
 *   words fill the page there; rarer ones go to the GIN index. So neither "báo cáo" in a million
 *   documents nor a rare số ký hiệu scans everything.
 */
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/index.ts';
import { decodeCursor, encodeCursor, searchWords, type ListOrder } from '../domain/list-cursor.ts';
import { officeErrors } from '../domain/errors.ts';
import type { DocumentFilter, DocumentPage, DocumentRecord } from '../use-cases/ports.ts';
import { documents } from './schema.ts';

/** Totals of lists are exact up to this many rows. */
export const TOTAL_CAP = 10_000;
/** Totals of searches are exact up to this many matches (nobody reads further; narrow the search). */
export const SEARCH_TOTAL_CAP = 1_000;
/**
 * How many of the newest documents a search tests before it asks the GIN index: words in more than
 * 1 % of them fill a page here; rarer words fall to the index, which then returns at most about 1 % of
 * the agency's documents. √(page × documents) balances the two at a million documents.
 */
export const SEARCH_WINDOW = 5_000;

// Lists never carry the folded search text (it holds the PDFs' text: payload bloat).
const { searchText: _searchText, ...listColumns } = getTableColumns(documents);

/** The folded tsquery of a search: every word must appear, diacritic- and case-insensitively. */
export function searchQuery(text: string): SQL {
  return sql`plainto_tsquery('simple'::regconfig, public.lt_fold(${searchWords(text).join(' ')}))`;
}

function orderOf(filter: DocumentFilter): ListOrder {
  if (filter.register) return filter.direction === 'outgoing' ? 'issue-number' : 'incoming-number';
  return filter.text ? 'newest' : 'priority';
}

export async function listDocuments(db: Db, agencyId: number, filter: DocumentFilter): Promise<DocumentPage> {
  const where: SQL[] = [eq(documents.agencyId, agencyId)];
  if (filter.direction) where.push(eq(documents.direction, filter.direction));
  if (filter.states && filter.states.length > 0) {
    where.push(
      filter.states.length === 1
        ? eq(documents.state, filter.states[0]!)
        : inArray(documents.state, [...filter.states]),
    );
  }
  if (filter.priorityAtLeast !== undefined)
    where.push(sql`${documents.priority} >= ${filter.priorityAtLeast}`);
  if (filter.type) {
    where.push(
      sql`(${documents.typeAbbreviation} = ${filter.type} OR ${documents.typeName} = ${filter.type})`,
    );
  }
  if (filter.fromCode) where.push(eq(documents.fromCode, filter.fromCode));
  if (filter.fromDate) where.push(sql`${documents.createdAt} >= ${filter.fromDate}::date`);
  if (filter.toDate) where.push(sql`${documents.createdAt} < (${filter.toDate}::date + 1)`);
  if (filter.overdueBefore) {
    where.push(sql`${documents.deadline} < ${filter.overdueBefore}::date`);
    where.push(sql`${documents.state} IN ('registered','assigned','processing')`);
  }
  if (filter.register) {
    if (filter.direction === 'outgoing') where.push(sql`${documents.issueNumber} IS NOT NULL`);
    else where.push(sql`${documents.incomingNumber} IS NOT NULL`);
    if (filter.year !== undefined) {
      where.push(
        filter.direction === 'outgoing'
          ? eq(documents.issueYear, filter.year)
          : eq(documents.incomingYear, filter.year),
      );
    }
  }

  const order = orderOf(filter);
  // Urgent first (Decree 30 Art. 4.2.c), then newest: (agency, direction, state, priority, id) serves the
  // single-state queues, (agency, direction, priority, id) the others; registers by their number.
  const orderBy =
    order === 'issue-number'
      ? [asc(documents.issueSeries), asc(documents.issueNumber)]
      : order === 'incoming-number'
        ? [asc(documents.incomingNumber)]
        : order === 'newest'
          ? [desc(documents.createdAt), desc(documents.id)]
          : [desc(documents.priority), desc(documents.id)];

  const page: SQL[] = [];
  if (filter.cursor) {
    const key = decodeCursor(filter.cursor, order);
    if (!key) throw officeErrors.error('office.invalid_input', { field: 'cursor' });
    if (key.order === 'priority')
      page.push(sql`(${documents.priority}, ${documents.id}) < (${key.priority}, ${key.id})`);
    else if (key.order === 'incoming-number') page.push(sql`${documents.incomingNumber} > ${key.number}`);
    else if (key.order === 'issue-number')
      page.push(sql`(${documents.issueSeries}, ${documents.issueNumber}) > (${key.series}, ${key.number})`);
    else page.push(sql`(${documents.createdAt}, ${documents.id}) < (${key.at}::timestamptz, ${key.id})`);
  }

  const columns = { ...listColumns, cursorAt: sql<string>`${documents.createdAt}::text` };
  const match = filter.text ? sql`search_vector @@ ${searchQuery(filter.text)}` : undefined;
  let rows: (DocumentRecord & { cursorAt: string })[] | undefined;
  let probed: { total: number; capped: boolean } | undefined;
  if (match && (filter.cursor || filter.offset === 0)) {
    // Common words first: the newest SEARCH_WINDOW documents that pass the other filters, read in index
    // order, tested against the words. When they hold a page, that is the answer, whatever PostgreSQL
    // would have estimated for words that go together ("văn bản điện tử": the planner multiplies their
    // frequencies, underestimates, and would otherwise bitmap-scan a quarter of a million rows).
    const probe = await db.execute(sql`
      WITH w AS MATERIALIZED (
        SELECT id, created_at, ${match} AS m FROM office.documents WHERE ${and(...where, ...page)}
        ORDER BY created_at DESC, id DESC LIMIT ${SEARCH_WINDOW})
      SELECT (SELECT count(*) FROM w)::int AS scanned, (SELECT count(*) FROM w WHERE m)::int AS matched,
        (SELECT array_agg(x.id ORDER BY x.created_at DESC, x.id DESC) FROM
          (SELECT id, created_at FROM w WHERE m ORDER BY created_at DESC, id DESC LIMIT ${filter.limit + 1}) x) AS hits`);
    const found = (
      probe as { rows: { scanned: number; matched: number; hits: (string | number)[] | null }[] }
    ).rows[0]!;
    const hits = (found.hits ?? []).map(Number);
    if (found.scanned < SEARCH_WINDOW || hits.length > filter.limit) {
      const byId = new Map(
        (
          await db
            .select(columns)
            .from(documents)
            .where(
              hits.length > 0
                ? and(eq(documents.agencyId, agencyId), inArray(documents.id, hits))
                : sql`false`,
            )
        ).map((r) => [r.id, r as DocumentRecord & { cursorAt: string }]),
      );
      rows = hits.flatMap((id) => byId.get(id) ?? []);
      // Every candidate was tested: exact. Otherwise the matches among the newest SEARCH_WINDOW, a lower bound.
      probed = { total: found.matched, capped: found.scanned >= SEARCH_WINDOW };
    }
  }
  // Rare words (or an offset): PostgreSQL's choice, normally the GIN index of search_vector.
  if (match) where.push(match);
  rows ??= (await db
    .select(columns)
    .from(documents)
    .where(and(...where, ...page))
    .orderBy(...orderBy)
    .limit(filter.limit + 1)
    .offset(filter.cursor ? 0 : filter.offset)) as (DocumentRecord & { cursorAt: string })[];
  const items = rows.slice(0, filter.limit).map(({ cursorAt: _at, ...d }) => d);
  const lastRow = rows[filter.limit - 1];
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > filter.limit && last
      ? encodeCursor(
          order === 'priority'
            ? { order, priority: last.priority, id: last.id }
            : order === 'incoming-number'
              ? { order, number: last.incomingNumber ?? 0 }
              : order === 'issue-number'
                ? { order, series: last.issueSeries ?? '', number: last.issueNumber ?? 0 }
                : { order, at: lastRow?.cursorAt ?? '', id: last.id },
        )
      : null;

  // The total of the whole list (not of the pages after the cursor), counted on the first page only and
  // up to a cap: counting a million-row register on every page costs more than the page. Pages after
  // the first carry the total the client got with the first (null here).
  const cap = filter.text ? SEARCH_TOTAL_CAP : TOTAL_CAP;
  let total: number | null = null;
  let totalCapped = false;
  if (!filter.cursor) {
    if (probed) {
      total = probed.total;
      totalCapped = probed.capped;
    } else if (!nextCursor) total = filter.offset + items.length;
    else {
      const counted = await db.execute(
        sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM office.documents WHERE ${and(...where)} LIMIT ${cap + 1}) capped`,
      );
      const n = Number((counted as { rows: { n: number }[] }).rows[0]?.n ?? 0);
      total = Math.min(n, cap);
      totalCapped = n > cap;
    }
  }
  return { items, total, totalCapped, nextCursor };
}
