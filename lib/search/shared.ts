import { createSearchEngine } from "./index";
import type { SearchEngine } from "./types";

let shared: Promise<SearchEngine> | undefined;

/** The process's search engine, configured from the environment and set up once. */
export function getSearchEngine(): Promise<SearchEngine> {
  shared ??= (async () => {
    const engine = createSearchEngine();
    await engine.setup();
    return engine;
  })();
  return shared;
}
