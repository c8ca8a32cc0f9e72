import { axisErrors } from '../domain/errors.ts';

export const MAX_PAGE_SIZE = 500;
/** Offset paging stops here: deeper pages are refused rather than scanned (paging abuse). */
export const MAX_OFFSET = 100_000;

/** Validates 1-based `pageIndex` and `pageSize`; refuses out-of-bounds values instead of clamping silently. */
export function pageOf(
  pageSize: number | undefined,
  pageIndex: number | undefined,
  defaultSize = 100,
): { limit: number; offset: number } {
  const size = pageSize ?? defaultSize;
  const index = pageIndex ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw axisErrors.error('axis.paging_invalid', { pageSize: size, max: MAX_PAGE_SIZE });
  }
  if (!Number.isInteger(index) || index < 1)
    throw axisErrors.error('axis.paging_invalid', { pageIndex: index, min: 1 });
  const offset = (index - 1) * size;
  if (offset > MAX_OFFSET)
    throw axisErrors.error('axis.paging_invalid', { pageIndex: index, maxOffset: MAX_OFFSET });
  return { limit: size, offset };
}
