import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type EmbeddedOptions, EmbeddedSearchEngine } from "./embedded/engine";
import { SearchThreads } from "./embedded/search-threads";
import { MeilisearchSearchEngine } from "./meilisearch";
import type { SearchEngine } from "./types";

export * from "./types";
export { FencedOutError } from "./fence";
export { parseSearchQuery, validateSearchQuery, SearchQueryError } from "./query";
export { EmbeddedSearchEngine } from "./embedded/engine";
export { MeilisearchSearchEngine } from "./meilisearch";
export { SearchThreads, searchThreadCount } from "./embedded/search-threads";

export interface EngineOptions extends EmbeddedOptions {
  /** Worker threads the embedded engine searches in (SearchThreads); without, it searches on the calling thread. */
  searchThreads?: number;
}

export const DEFAULT_SEARCH_DB = "data/search.db";

/**
 * MEILI_URL (with MEILI_API_KEY, MEILI_INDEX) selects Meilisearch; otherwise the
 * embedded engine on GALLEON_SEARCH_DB. Call setup() before first use.
 */
export function createSearchEngine(env: NodeJS.ProcessEnv = process.env, { searchThreads, ...embedded }: EngineOptions = {}): SearchEngine {
  if (env.MEILI_URL) {
    return new MeilisearchSearchEngine({
      host: env.MEILI_URL,
      apiKey: env.MEILI_API_KEY || undefined,
      index: env.MEILI_INDEX || "repositories",
    });
  }
  // The file is data chosen at run time: keep Next's output tracing away from it.
  const path = resolve(/* turbopackIgnore: true */ env.GALLEON_SEARCH_DB || DEFAULT_SEARCH_DB);
  mkdirSync(dirname(path), { recursive: true });
  return searchThreads ? new SearchThreads(path, embedded, searchThreads) : new EmbeddedSearchEngine(path, embedded);
}
