/**
 * Document lists and search of one agency, built to stay fast at millions of documents per agency:
 * - keyset pagination (`cursor`): each order has an index that starts with agency_id and ends with the
 *   order's columns, so a page is an index range scan whatever its depth (OFFSET stays for small jumps);
 * - capped totals: at most TOTAL_CAP (lists) or SEARCH_TOTAL_CAP (search) rows are counted, and
 *   `totalCapped` says when the real number may be larger ("10 000+"); a search answered from its
 *   window (below) reports the matches among the newest SEARCH_WINDOW documents, capped as well;
 * - full text: the generated `search_vector` (tsvector 'simple' over the folded search text, migration
 *   0005) with a GIN index; every word must match, newest first. The newest SEARCH_WINDOW candidates
 *   are tested first from the covering index (agency_id, created_at, id) INCLUDE (search_vector, …)
 *   (migration 0007; a date filter is a range of it): common words fill the page there, small agencies
 *   are searched whole there; rarer words go to the GIN index of migrations 0008/0009, whose keys are
 *   the words prefixed by the agency id ("17:bao"): a lookup reads only that agency's postings, not those
 *   of all agencies (10 million documents), and returns only its documents. So neither "báo cáo" in a
 *   million documents nor a rare số ký hiệu nor common words that rarely go together scans everything.
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
 * How many of the newest documents a search tests before it asks the GIN index. The test reads only the
 * index documents_search_window_idx (migration 0007: the search vector and the filtered columns are
 * carried in it), a few MB for 20 000 entries: words in more than 0.25 % of an agency's documents fill a
 * page there, an agency with fewer documents is searched exhaustively there, and only rarer words fall
 * to the GIN index.
 */
export const SEARCH_WINDOW = 20_000;

// Lists never carry the folded search text (it holds the PDFs' text: payload bloat).
const { searchText: _searchText, ...listColumns } = getTableColumns(documents);

/** The folded tsquery of a search: every word must appear, diacritic- and case-insensitively. */
export function searchQuery(text: string): SQL {
  return sql`plainto_tsquery('simple'::regconfig, public.lt_fold(${searchWords(text).join(' ')}))`;
}

/**
 * The same words for the agency-scoped GIN index (migration 0008): each folded word prefixed by the
 * agency id ("17:bao"), all required, against office.agency_search_vector(agency_id, search_vector).
 */
export function agencySearchQuery(agencyId: number, text: string): SQL {
  return sql`office.agency_search_query(${agencyId}::bigint, ${searchWords(text).join(' ')})`;
}

function orderOf(filter: DocumentFilter): ListOrder {
  if (filter.register) return filter.direction === 'outgoing' ? 'issue-number' : 'incoming-number';
  return filter.text ? 'newest' : 'priority';
}

export async function listDocuments(db: Db, agencyId: number, filter: DocumentFilter): Promise<DocumentPage> {
  const where: SQL[] = [eq(documents.agencyId, agencyId)];
  // A register is read by its number alone: only incoming documents get a số đến and only outgoing ones
  // an issue number, so direction adds nothing there but a heap visit per row of the capped count.
  if (filter.direction && !filter.register) where.push(eq(documents.direction, filter.direction));
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
  // The agency and the dates bound the range of the search window's index; the other filters are
  // tested on the window's entries.
  const scope: SQL[] = [eq(documents.agencyId, agencyId)];
  if (filter.fromDate) scope.push(sql`${documents.createdAt} >= ${filter.fromDate}::date`);
  if (filter.toDate) scope.push(sql`${documents.createdAt} < (${filter.toDate}::date + 1)`);
  where.push(...scope.slice(1));
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
    if (key.order === 'priority' && filter.states?.length === 1)
      // A single-state queue: the state leads the comparison (it is fixed, so the same rows), which only
      // the (agency, direction, state, priority, id) index can take as its range. Otherwise, near the end
      // of a queue the planner estimates one row, ties it with (agency, direction, priority, id) and may
      // walk that one filtering every incoming document on state (2 s at a million).
      page.push(
        sql`(${documents.state}, ${documents.priority}, ${documents.id}) < (${filter.states[0]}, ${key.priority}, ${key.id})`,
      );
    else if (key.order === 'priority')
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
    // Common words first: the agency's newest SEARCH_WINDOW documents (in the date range), read in index
    // order from the covering index alone (every column used here is in it), tested against the words
    // and the other filters. The window is bounded in entries read, whatever the filters select.
    // When they hold a page, that is the answer, whatever PostgreSQL would have estimated for words that
    // go together ("văn bản điện tử": the planner multiplies their frequencies, underestimates, and would
    // bitmap-scan a quarter of a million rows).
    const rest = where.slice(1).filter((w) => !scope.includes(w));
    const window = sql`SELECT id, created_at, ${and(match, ...rest)} AS m FROM office.documents WHERE ${and(...scope, ...page)}
      ORDER BY created_at DESC, id DESC LIMIT ${SEARCH_WINDOW}`;
    type Probe = { scanned: number | null; matched: number | null; hits: (string | number)[] | null };
    const probe = filter.cursor
      ? // Later pages: stop at the first page of matches (common words read a few hundred entries).
        await db.execute(sql`
          SELECT NULL::int AS scanned, NULL::int AS matched, (SELECT array_agg(x.id ORDER BY x.created_at DESC, x.id DESC) FROM
            (SELECT id, created_at FROM (${window}) w WHERE m ORDER BY created_at DESC, id DESC LIMIT ${filter.limit + 1}) x) AS hits`)
      : // Page 1 also counts the matches in the window: the total shown.
        await db.execute(sql`
          WITH w AS MATERIALIZED (${window})
          SELECT (SELECT count(*) FROM w)::int AS scanned, (SELECT count(*) FROM w WHERE m)::int AS matched,
            (SELECT array_agg(x.id ORDER BY x.created_at DESC, x.id DESC) FROM
              (SELECT id, created_at FROM w WHERE m ORDER BY created_at DESC, id DESC LIMIT ${filter.limit + 1}) x) AS hits`);
    const found = (probe as { rows: Probe[] }).rows[0]!;
    const hits = (found.hits ?? []).map(Number);
    let scanned = found.scanned;
    if (scanned === null && hits.length <= filter.limit) {
      const counted = await db.execute(sql`SELECT count(*)::int AS n FROM (${window}) w`);
      scanned = Number((counted as { rows: { n: number }[] }).rows[0]?.n ?? 0);
    }
    const exhaustive = scanned !== null && scanned < SEARCH_WINDOW;
    if (exhaustive || hits.length > filter.limit) {
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
      if (found.matched !== null) {
        probed = {
          total: Math.min(found.matched, SEARCH_TOTAL_CAP),
          capped: !exhaustive || found.matched > SEARCH_TOTAL_CAP,
        };
      }
    }
  }
  if (match && !rows) {
    // Rare words (or an offset): the agency's own postings in the GIN index of migration 0008, then the
    // matches sorted newest first. Bitmap scans only: the window above found less than a page among the
    // newest documents, so the matches are sparse and walking the agency's documents in date order until
    // a page is full (what the planner may pick when it overestimates words that go together) would read
    // most of them. No JIT: compiling costs more than these queries (the planner's cost, with the plain
    // index scans disabled, can pass jit_above_cost).
    // The words' keys carry the agency, so the index returns only this agency's documents; the agency
    // test stays as a check on the rows, written so that no btree index (they all start with agency_id)
    // can serve it: the planner, not knowing the keys imply the agency, would otherwise AND in a bitmap
    // of the agency's million entries to "narrow" the matches.
    where[0] = sql`(${documents.agencyId} = ${agencyId}) IS TRUE`;
    where.push(
      sql`office.agency_search_vector(agency_id, search_vector) @@ ${agencySearchQuery(agencyId, filter.text!)}`,
    );
    // Page 1 counts the matches in the same pass (they are all read to be sorted anyway). Ids only (the
    // count buffers every match), the page's rows are read after.
    const counting = !filter.cursor && filter.offset === 0;
    const found = await db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
          set_config('enable_indexonlyscan', 'off', true), set_config('jit', 'off', true)`,
      );
      return tx
        .select({ id: documents.id, matches: counting ? sql<number>`count(*) OVER ()` : sql<number>`0` })
        .from(documents)
        .where(and(...where, ...page))
        .orderBy(...orderBy)
        .limit(filter.limit + 1)
        .offset(filter.cursor ? 0 : filter.offset);
    });
    if (counting) {
      const n = Number(found[0]?.matches ?? 0);
      probed = { total: Math.min(n, SEARCH_TOTAL_CAP), capped: n > SEARCH_TOTAL_CAP };
    }
    const ids = found.map((r) => r.id);
    const byId = new Map(
      (ids.length > 0
        ? await db
            .select(columns)
            .from(documents)
            .where(and(eq(documents.agencyId, agencyId), inArray(documents.id, ids)))
        : []
      ).map((r) => [r.id, r as DocumentRecord & { cursorAt: string }]),
    );
    rows = ids.flatMap((id) => byId.get(id) ?? []);
  }
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
