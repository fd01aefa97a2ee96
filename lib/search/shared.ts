import { measuredSearchEngine } from "@/lib/metrics/web.server";
import { createSearchEngine } from "./index";
import type { SearchEngine } from "./types";

/**
 * Where the process's engine is kept. Next bundles proxy.ts apart from the
 * app's routes, each with its own copy of this module, so a module variable
 * would open the index once per bundle: the process-wide global opens it once.
 */
const SHARED = Symbol.for("galleon.searchEngine");
const processWide = globalThis as { [SHARED]?: Promise<SearchEngine> };

/** The process's search engine, configured from the environment and set up once, its calls timed for /metrics. */
export function getSearchEngine(): Promise<SearchEngine> {
  processWide[SHARED] ??= (async () => {
    const engine = createSearchEngine();
    await engine.setup();
    return measuredSearchEngine(engine);
  })();
  return processWide[SHARED];
}
