/**
 * An indexer's search writes in a process of its own, for the fencing tests:
 * it holds the indexer lease as the indexer does (holdIndexerLease, then
 * fenceSearch), writes documents `<prefix>-<i>` one at a time, and stops
 * itself with SIGSTOP right before the write numbered `pauseBefore`, as a
 * holder stalled mid-write (a long GC, a stopped VM). A lost lease exits 75,
 * as the indexer does. argv: search file, prefix, count, pauseBefore (-1: none).
 * The catalog is DATABASE_URL; the lease period GALLEON_INDEXER_LEASE_SECONDS.
 */
import { leasePeriodMs } from "@/indexer/config";
import { holdIndexerLease } from "@/indexer/lease";
import { createLogger } from "@/indexer/log";
import { closeCatalog, getCatalog } from "@/lib/catalog/database.server";
import { EmbeddedSearchEngine } from "@/lib/search/embedded/engine";
import { testDocument } from "./search-documents";

const [file, prefix, count, pauseBefore] = process.argv.slice(2);
const log = createLogger(`writer-${prefix}`, "info");
const search = new EmbeddedSearchEngine(file!);
const lease = await holdIndexerLease({
  db: getCatalog(),
  periodMs: leasePeriodMs(),
  log,
  signal: new AbortController().signal,
  onLost: () => process.exit(75),
});
await lease!.fenceSearch(search);
for (let i = 0; i < Number(count); i++) {
  if (i === Number(pauseBefore)) {
    log.info("pausing before a write");
    process.kill(process.pid, "SIGSTOP");
  }
  await search.replace([testDocument(`${prefix}/app-${i}`)]);
  log.info("wrote", { document: `${prefix}/app-${i}` });
}
await search.close();
await lease!.release();
await closeCatalog();
