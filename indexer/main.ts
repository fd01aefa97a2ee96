/**
 * The indexer: a long-running process, separate from the web app, that keeps
 * the catalog and the search index in line with the registry. It meets the
 * web app only in the database and the search index.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { closeCatalog } from "@/lib/catalog/client";
import { createIndexer, reconcileIntervalMs } from "./config";
import { createLogger } from "./log";
import { reconcile } from "./reconcile";

const log = createLogger("indexer");
const indexer = createIndexer(log);
const interval = reconcileIntervalMs();
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());

await indexer.search.setup();
log.info("indexer started", { reconcileIntervalSeconds: interval / 1000, search: indexer.search.kind });
while (!stop.signal.aborted) {
  try {
    await reconcile(indexer);
  } catch (error) {
    // Discovery failed (registry down or refusing): nothing was changed; try again next round.
    log.error("reconcile failed", { error });
  }
  await sleep(interval, undefined, { signal: stop.signal }).catch(() => {});
}
await indexer.search.close();
await closeCatalog();
log.info("indexer stopped");
