/**
 * Pages missed once, remembered with the version they were missed at
 * (docs/decisions/0013): a page is stored only when asked for again at that
 * version, so a page visited once (the long tail of a large catalog, a
 * crawler) is rendered the ordinary way, streamed, and costs no more than
 * without the cache. Bounded by count and bytes, least recently missed dropped first.
 */
import { BoundedMap } from "./store";

export class Admissions {
  readonly #versions: BoundedMap<string>;

  constructor(maxKeys: number, maxBytes: number) {
    this.#versions = new BoundedMap(maxKeys, maxBytes, Admissions.bytesOf);
  }

  get size(): { entries: number; bytes: number } {
    return this.#versions.size;
  }

  /** True when `key` was missed before at `version` (it is then forgotten: the page is stored); else remembers this miss. */
  admit(key: string, version: string): boolean {
    const seen = this.#versions.get(key);
    this.#versions.delete(key);
    if (seen === version) return true;
    this.#versions.set(key, version);
    return false;
  }

  /** JavaScript strings hold UTF-16: two bytes a code unit. */
  static bytesOf(key: string, version: string): number {
    return 2 * (key.length + version.length);
  }
}
