/** One-shot full reindex: re-reads every tag and rewrites every search document. */
import { closeCatalog } from "@/lib/catalog/database.server";
import { optimizeCatalog } from "@/lib/catalog/maintenance";
import { renderStaleRepositories } from "@/lib/catalog/publishing";
import { createIndexer, leasePeriodMs } from "./config";
import { holdIndexerLease } from "./lease";
import { createLogger } from "./log";
import { reconcile } from "./reconcile";

const terminal = process.stdout.isTTY;
// On a terminal the progress bar shows the work; only problems are logged.
const log = createLogger("reindex", terminal ? "warn" : undefined);
const indexer = createIndexer(log);

function drawProgress(done: number, total: number, path: string): void {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  process.stdout.write(`\r\x1b[2K${bar} ${done}/${total} ${path}`);
}

// A reindex writes the search index like the indexer does: it waits until no indexer is active.
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
const lease = await holdIndexerLease({
  db: indexer.db,
  periodMs: leasePeriodMs(),
  log: createLogger("reindex"),
  signal: stop.signal,
  onLost: () => process.exit(75),
});
if (!lease) process.exit(130);
await lease.fenceSearch(indexer.search);
try {
  // First, so that the documents below read the stored About text.
  const rendered = await renderStaleRepositories(indexer.db);
  if (rendered > 0) console.log(`Rendered the About and Usage of ${rendered} repositories`);
  const report = await reconcile(indexer, { force: true, onProgress: terminal ? drawProgress : undefined });
  await optimizeCatalog(indexer.db);
  if (terminal) process.stdout.write("\n");
  console.log(
    `Reindexed ${report.repositories} repositories in ${(report.durationMs / 1000).toFixed(1)} s` +
      ` (${report.failed} with errors, ${report.gone.length} gone, ${report.strays} stray documents removed)`,
  );
  process.exitCode = report.failed > 0 ? 1 : 0;
} finally {
  await indexer.search.close();
  await lease.release();
  await closeCatalog();
}
