/** Rendered pages kept in memory, least recently used dropped first, bounded by count and bytes. */

export interface StoredPage {
  /** The generations it was rendered at (pages.ts), compared per request. */
  version: string;
  status: number;
  headers: Array<[string, string]>;
  /** The body split at the placeholder nonce, so a response joins it with a fresh one. */
  parts: Buffer[];
  bytes: number;
}

export class PageStore {
  readonly #pages = new Map<string, StoredPage>();
  #bytes = 0;

  constructor(
    readonly maxPages: number,
    readonly maxBytes: number,
  ) {}

  get size(): { pages: number; bytes: number } {
    return { pages: this.#pages.size, bytes: this.#bytes };
  }

  get(key: string): StoredPage | undefined {
    const page = this.#pages.get(key);
    if (page) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.#pages.delete(key);
      this.#pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: StoredPage): void {
    this.delete(key);
    if (page.bytes > this.maxBytes) return;
    this.#pages.set(key, page);
    this.#bytes += page.bytes;
    while (this.#bytes > this.maxBytes || this.#pages.size > this.maxPages) {
      this.delete(this.#pages.keys().next().value!);
    }
  }

  delete(key: string): void {
    const page = this.#pages.get(key);
    if (!page) return;
    this.#pages.delete(key);
    this.#bytes -= page.bytes;
  }
}
