import "server-only";
/**
 * The web app's metrics: request durations by route (measured around Node's
 * HTTP server, see instrumentation.ts) and search latency.
 */
import "server-only";
import { sameSecret } from "@/lib/auth/secrets";
import type { SearchEngine } from "@/lib/search/types";
import { collectProcessMetrics, histogram, secondsSince } from "./index";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const requestDuration = () =>
  histogram(
    "galleon_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template",
    ["route", "method", "status"] as const,
    LATENCY_BUCKETS,
  );

const searchDuration = () =>
  histogram("galleon_search_duration_seconds", "Search engine calls of the web app", ["operation", "engine"] as const, LATENCY_BUCKETS);

/** `engine` with its search and suggest timed. */
export function measuredSearchEngine(engine: SearchEngine): SearchEngine {
  collectProcessMetrics();
  const timed =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await call(...args);
      } finally {
        searchDuration().observe({ operation, engine: engine.kind }, secondsSince(start));
      }
    };
  return {
    kind: engine.kind,
    setup: () => engine.setup(),
    fenceWrites: (token, onFencedOut) => engine.fenceWrites(token, onFencedOut),
    replace: (documents) => engine.replace(documents),
    remove: (fullNames) => engine.remove(fullNames),
    listFullNames: () => engine.listFullNames(),
    search: timed("search", (query) => engine.search(query)),
    suggest: timed("suggest", (q, limit) => engine.suggest(q, limit)),
    generation: () => engine.generation(),
    close: () => engine.close(),
  };
}

/** Whether `authorization` may read /metrics: anyone without GALLEON_METRICS_TOKEN, else its bearer. */
export function metricsAllowed(authorization: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  const token = env.GALLEON_METRICS_TOKEN;
  if (!token) return true;
  return authorization !== null && sameSecret(authorization, `Bearer ${token}`);
}
