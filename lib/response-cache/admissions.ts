/**
 * Pages missed once, remembered with the version they were missed at
 * (docs/decisions/0013): a page is stored only when asked for again at that
 * version, so a page visited once (the long tail of a large catalog, a
 * crawler) is rendered the ordinary way, streamed, and costs no more than
 * without the cache. Bounded by count and bytes, least recently missed dropped first.
 */
export class Admissions {
  readonly #versions = new Map<string, string>();
  #bytes = 0;

  constructor(
    readonly maxKeys: number,
    readonly maxBytes: number,
  ) {}

  get size(): { keys: number; bytes: number } {
    return { keys: this.#versions.size, bytes: this.#bytes };
  }

  /** True when `key` was missed before at `version` (it is then forgotten: the page is stored); else remembers this miss. */
  admit(key: string, version: string): boolean {
    const seen = this.#versions.get(key);
    this.#forget(key);
    if (seen === version) return true;
    const bytes = Admissions.bytesOf(key, version);
    if (bytes > this.maxBytes) return false;
    this.#versions.set(key, version);
    this.#bytes += bytes;
    while (this.#bytes > this.maxBytes || this.#versions.size > this.maxKeys) this.#forget(this.#versions.keys().next().value!);
    return false;
  }

  /** JavaScript strings hold UTF-16: two bytes a code unit. */
  static bytesOf(key: string, version: string): number {
    return 2 * (key.length + version.length);
  }

  #forget(key: string): void {
    const version = this.#versions.get(key);
    if (version === undefined) return;
    this.#versions.delete(key);
    this.#bytes -= Admissions.bytesOf(key, version);
  }
}
