import { measuredSearchEngine } from "@/lib/metrics/web.server";
import { createSearchEngine, searchThreadCount } from "./index";
import type { SearchEngine } from "./types";

/**
 * The web app's SQLite page cache for the embedded index, per connection (each
 * search thread's and the one that writes): its searches read
 * the memory-mapped file, which takes nothing from this cache, and only pages
 * the indexer changed since the last checkpoint (read from the WAL) and the
 * few it writes itself (a repository made private) pass through it. With the
 * indexer's 64 MB, a reindex could leave that much of the index copied here beside the map.
 */
const WEB_CACHE_MEGABYTES = 8;

/**
 * Where the process's engine is kept. Next bundles proxy.ts apart from the
 * app's routes, each with its own copy of this module, so a module variable
 * would open the index once per bundle: the process-wide global opens it once.
 */
const SHARED = Symbol.for("galleon.searchEngine");
const processWide = globalThis as { [SHARED]?: Promise<SearchEngine> };

/**
 * The process's search engine, configured from the environment and set up
 * once, its calls timed for /metrics. The embedded engine searches in worker
 * threads, off the event loop that serves every request.
 */
export function getSearchEngine(): Promise<SearchEngine> {
  processWide[SHARED] ??= (async () => {
    const engine = createSearchEngine(process.env, { cacheMegabytes: WEB_CACHE_MEGABYTES, searchThreads: searchThreadCount() });
    await engine.setup();
    return measuredSearchEngine(engine);
  })();
  return processWide[SHARED];
}
