/**
 * Keyset pagination of document lists: the cursor names the last row of a page by the values of the
 * list's order, so the next page starts after it through the index instead of skipping OFFSET rows.
 * Opaque to clients (base64url of a small JSON array); its first element says which order it belongs to.
 */

/** Urgent first then newest (queues), register number (incoming register), series + number (outgoing
 * register), newest first by creation time (search). */
export type ListOrder = 'priority' | 'incoming-number' | 'issue-number' | 'newest';

export type CursorKey =
  | { readonly order: 'priority'; readonly priority: number; readonly id: number }
  | { readonly order: 'incoming-number'; readonly number: number }
  | { readonly order: 'issue-number'; readonly series: string; readonly number: number }
  | { readonly order: 'newest'; readonly at: string; readonly id: number };

const TAGS: Record<ListOrder, string> = {
  priority: 'p',
  'incoming-number': 'n',
  'issue-number': 's',
  newest: 'i',
};

export function encodeCursor(key: CursorKey): string {
  const values =
    key.order === 'priority'
      ? [key.priority, key.id]
      : key.order === 'incoming-number'
        ? [key.number]
        : key.order === 'issue-number'
          ? [key.series, key.number]
          : [key.at, key.id];
  return Buffer.from(JSON.stringify([TAGS[key.order], ...values])).toString('base64url');
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** The key of a cursor for this order, or undefined when it is malformed or belongs to another list. */
export function decodeCursor(cursor: string, order: ListOrder): CursorKey | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== TAGS[order]) return undefined;
  const [, a, b] = parsed as unknown[];
  switch (order) {
    case 'priority':
      return parsed.length === 3 && isInt(a) && isInt(b) ? { order, priority: a, id: b } : undefined;
    case 'incoming-number':
      return parsed.length === 2 && isInt(a) ? { order, number: a } : undefined;
    case 'issue-number':
      return parsed.length === 3 && typeof a === 'string' && a.length <= 100 && isInt(b)
        ? { order, series: a, number: b }
        : undefined;
    case 'newest':
      // `at` is PostgreSQL's own text of created_at (microseconds kept), read back as timestamptz.
      return parsed.length === 3 && typeof a === 'string' && /^[0-9 :.+-]{10,40}$/.test(a) && isInt(b)
        ? { order, at: a, id: b }
        : undefined;
  }
}

/**
 * The words of a search, as the office folds them: NFC, then the characters that the PostgreSQL text
 * parser would glue into one token (số/ký hiệu "123/UBND-VP", codes "000.00.00.G22", e-mail) become
 * spaces, so "123" or "UBND" alone find "123/UBND-VP". The same translation is applied to the stored
 * text (migration 0005); folding of diacritics and case is lt_fold() in SQL on both sides.
 */
export const SEARCH_SEPARATORS = '/-.@_';

export function searchWords(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/[/\-.@_]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8);
}
