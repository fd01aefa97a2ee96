/**
 * The indexer: a long-running process, separate from the web app, that keeps
 * the catalog and the search index in line with the registry. It reacts to
 * the registry's notifications within seconds and reconciles everything
 * periodically, since notifications are lost when the registry restarts.
 * It meets the web app only in the database and the search index.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { closeCatalog } from "@/lib/catalog/database.server";
import { storeEvents } from "@/lib/catalog/events";
import { optimizeCatalog, pingCatalog } from "@/lib/catalog/maintenance";
import { secondsSince } from "@/lib/metrics";
import { createIndexer, eventsReceiverSettings, healthServerSettings, leasePeriodMs, reconcileIntervalMs } from "./config";
import { EventJournal } from "./events/journal";
import { EventProcessor } from "./events/processor";
import { startReceiverThread } from "./events/receiver-thread";
import { startHealthServer } from "./health";
import { holdIndexerLease } from "./lease";
import { createLogger, logLevel } from "./log";
import { activeIndexer, lastReconcileSuccess, reconcileDuration, watchCatalog } from "./metrics";
import { reconcile } from "./reconcile";

const CATALOG_CHANGES_POLL_MS = 250;
const log = createLogger("indexer");
const indexer = createIndexer(log);
const interval = reconcileIntervalMs();
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());

watchCatalog(indexer.db);
const settings = eventsReceiverSettings();
if (!settings) log.warn("GALLEON_EVENTS_SECRET is not set: registry notifications are off, only reconciles run");
// What a crash left in the journal reaches the catalog before new deliveries do, standby or not:
// storing events is no search write, and the active indexer applies them. No receiver thread
// appends to the journal yet, so this thread rotates it itself.
if (settings) await new EventJournal(settings.journal, (events) => storeEvents(indexer.db, events), log).flush();
let standby = true;
const health = await startHealthServer({
  ...healthServerSettings(),
  log,
  checks: { catalog: () => pingCatalog(indexer.db), search: () => indexer.search.suggest("readyz", 1) },
  standby: () => standby,
});
log.info("health port open", { health: health.url });
// Only the lease holder writes the search index and applies events: a second indexer waits here.
const lease = await holdIndexerLease({
  db: indexer.db,
  periodMs: leasePeriodMs(),
  log,
  signal: stop.signal,
  // Exiting is the one stop that cannot leave a write running; a supervisor restarts it as a standby.
  onLost: () => process.exit(75),
});
if (!lease) {
  await health.close();
  await closeCatalog();
  process.exit(0);
}
standby = false;
activeIndexer.set(1);
await lease.fenceSearch(indexer.search);
const processor = new EventProcessor(indexer);

/**
 * The receiver answers from a thread of its own, appending to the journal: the registry's
 * next notification never waits for this thread's catalog and search work. The thread
 * loads its own TypeScript (seconds on a loaded machine): reconciles start meanwhile, and
 * the registry keeps its notifications until the receiver answers.
 */
async function receiveEvents(events: NonNullable<typeof settings>) {
  let journal: EventJournal | null = null;
  const thread = await startReceiverThread({
    ...events,
    logLevel: logLevel(),
    onAppended: () => journal?.flushSoon(),
    onError: (error) => {
      log.error("the events receiver thread failed; stopping", { error });
      process.exitCode = 1;
      stop.abort();
    },
  });
  journal = new EventJournal(
    events.journal,
    async (stored) => {
      await storeEvents(indexer.db, stored);
      processor.wake();
    },
    log,
    thread.rotate,
  );
  // Deliveries that arrived while the thread started are appended after what is left.
  await journal.flush();
  log.info("events receiver listening", { events: thread.url });
  return { thread, journal };
}
const receiving = settings ? receiveEvents(settings) : null;
receiving?.catch((error: unknown) => {
  log.error("the events receiver did not start; stopping", { error });
  process.exitCode = 1;
  stop.abort();
});

log.info("indexer started", {
  reconcileIntervalSeconds: interval / 1000,
  search: indexer.search.kind,
  health: health.url,
});
// Events stored before a crash or restart are taken in first, oldest first; the lanes apply
// them beside the reconcile (a repository's syncs and event turns never overlap).
processor.wake();
// The web app stores publishers' changes (CatalogChange) in the catalog; polling it keeps a
// repository made private in search for well under a second, with no channel between the processes.
const poll = setInterval(() => processor.wake(), CATALOG_CHANGES_POLL_MS);
while (!stop.signal.aborted) {
  const start = performance.now();
  try {
    await reconcile(indexer);
    reconcileDuration.observe({ outcome: "ok" }, secondsSince(start));
    lastReconcileSuccess.setToCurrentTime();
    await optimizeCatalog(indexer.db);
  } catch (error) {
    reconcileDuration.observe({ outcome: "failed" }, secondsSince(start));
    // Discovery failed (registry down or refusing): nothing was changed; try again next round.
    log.error("reconcile failed", { error });
  }
  await sleep(interval, undefined, { signal: stop.signal }).catch(() => {});
}
clearInterval(poll);
const receiver = await receiving?.catch(() => null);
await receiver?.thread.close();
await receiver?.journal.flush().catch((error: unknown) => log.error("moving events into the catalog failed", { error }));
await health.close();
await processor.drain().catch((error: unknown) => log.error("event processing failed", { error }));
await indexer.search.close();
await lease.release();
await closeCatalog();
log.info("indexer stopped");
