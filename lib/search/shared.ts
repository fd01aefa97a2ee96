import { measuredSearchEngine } from "@/lib/metrics/web.server";
import { createSearchEngine } from "./index";
import type { SearchEngine } from "./types";

let shared: Promise<SearchEngine> | undefined;

/** The process's search engine, configured from the environment and set up once, its calls timed for /metrics. */
export function getSearchEngine(): Promise<SearchEngine> {
  shared ??= (async () => {
    const engine = createSearchEngine();
    await engine.setup();
    return measuredSearchEngine(engine);
  })();
  return shared;
}
