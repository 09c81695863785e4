import { invalidParameter } from '../errors/registry-errors';
import type { SearchPage } from '../registry';

/** MLflow's page-size defaults and maxima per entity. */
export const PAGE_SIZE_LIMITS = {
  registered_model: { default: 100, maximum: 1000 },
  model_version: { default: 10_000, maximum: 200_000 },
} as const;

/**
 * Checks `maxResults` against the entity's maximum and returns the page size to use.
 */
export function resolvePageSize(
  maxResults: number | undefined,
  entity: keyof typeof PAGE_SIZE_LIMITS,
): number {
  const limits = PAGE_SIZE_LIMITS[entity];
  if (maxResults === undefined) return limits.default;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > limits.maximum) {
    throw invalidParameter(
      'max_results',
      `max_results must be an integer between 1 and ${limits.maximum}; got ${maxResults}.`,
    );
  }
  return maxResults;
}

function decodeOffset(pageToken: string | undefined): number {
  if (pageToken === undefined || pageToken === '') return 0;
  try {
    const decoded = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as {
      offset?: unknown;
    };
    if (Number.isInteger(decoded.offset) && (decoded.offset as number) >= 0) {
      return decoded.offset as number;
    }
  } catch {
    // fall through to the typed error below
  }
  throw invalidParameter('page_token', 'Invalid page_token; pass a token returned by a search.');
}

/**
 * Cuts one page out of sorted results, with an opaque offset token for the next page.
 */
export function pageOf<Item>(
  sorted: Item[],
  pageToken: string | undefined,
  pageSize: number,
): SearchPage<Item> {
  const offset = decodeOffset(pageToken);
  const items = sorted.slice(offset, offset + pageSize);
  const nextOffset = offset + pageSize;
  return nextOffset < sorted.length
    ? {
        items,
        nextPageToken: Buffer.from(JSON.stringify({ offset: nextOffset })).toString('base64url'),
      }
    : { items };
}
