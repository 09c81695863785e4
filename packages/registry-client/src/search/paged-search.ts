import type { SearchPage } from '../registry';

/**
 * The result of a registry search: an async iterable over pages that follows page tokens
 * until the backend reports no next page, plus helpers for one page or every item.
 *
 * @example
 * ```ts
 * for await (const page of registry.searchModelVersions({ filter: "name = 'fraud'" })) {
 *   for (const version of page.items) console.log(version.version);
 * }
 * const all = await registry.searchRegisteredModels().toArray();
 * ```
 */
export class PagedSearch<Item> implements AsyncIterable<SearchPage<Item>> {
  readonly #fetchPage: (pageToken: string | undefined) => Promise<SearchPage<Item>>;
  readonly #firstPageToken: string | undefined;

  constructor(
    fetchPage: (pageToken: string | undefined) => Promise<SearchPage<Item>>,
    firstPageToken?: string,
  ) {
    this.#fetchPage = fetchPage;
    this.#firstPageToken = firstPageToken;
  }

  /** Fetches only the first page (the one named by `pageToken`, if any). */
  firstPage(): Promise<SearchPage<Item>> {
    return this.#fetchPage(this.#firstPageToken);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SearchPage<Item>> {
    let token = this.#firstPageToken;
    for (;;) {
      const page = await this.#fetchPage(token);
      yield page;
      if (!page.nextPageToken) return;
      token = page.nextPageToken;
    }
  }

  /** Iterates over every item of every page. */
  async *items(): AsyncGenerator<Item> {
    for await (const page of this) yield* page.items;
  }

  /** Collects every item of every page. */
  async toArray(): Promise<Item[]> {
    const all: Item[] = [];
    for await (const page of this) all.push(...page.items);
    return all;
  }
}
