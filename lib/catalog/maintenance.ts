import { type Catalog, isPostgres } from "./database.server";

/**
 * Refreshes the query planner's statistics of the tables that changed much
 * since they were last analyzed, or never were (0x10002: every table, not only
 * those this connection used). SQLite bounds the work (analysis_limit), so it
 * costs well under a second at 100,000 repositories; without statistics the
 * planner guesses, and some guesses walk every public repository.
 * PostgreSQL's ANALYZE reads a bounded sample of each table.
 */
export async function optimizeCatalog(db: Catalog): Promise<void> {
  await db.$executeRawUnsafe(isPostgres(db) ? "ANALYZE" : "PRAGMA optimize=0x10002");
}

/** Throws unless the catalog answers a query (readiness checks). */
export async function pingCatalog(db: Catalog): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}

/**
 * What the indexer's metrics read from the catalog: when the oldest registry
 * event still waiting to be applied arrived (null when none waits), and every
 * pull counted so far.
 */
export async function eventBacklog(db: Catalog): Promise<{ oldestPendingAt: Date | null; pullsCounted: number }> {
  const [oldest, pulls] = await Promise.all([
    db.registryEvent.findFirst({ where: { processedAt: null }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
    db.repository.aggregate({ _sum: { pulls: true } }),
  ]);
  return { oldestPendingAt: oldest?.receivedAt ?? null, pullsCounted: pulls._sum.pulls ?? 0 };
}
