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

/** A map that drops its least recently used entries past a count and a size in bytes. */
export class BoundedMap<V> {
  readonly #entries = new Map<string, V>();
  #bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
    readonly bytesOf: (key: string, value: V) => number,
  ) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting makes it the most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Keeps `value` unless it alone is larger than the bound. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.bytesOf(key, value);
    if (bytes > this.maxBytes) return;
    this.#entries.set(key, value);
    this.#bytes += bytes;
    while (this.#bytes > this.maxBytes || this.#entries.size > this.maxEntries) {
      this.delete(this.#entries.keys().next().value!);
    }
  }

  delete(key: string): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= this.bytesOf(key, value);
  }
}

export class PageStore extends BoundedMap<StoredPage> {
  constructor(maxPages: number, maxBytes: number) {
    super(maxPages, maxBytes, (_, page) => page.bytes);
  }
}
