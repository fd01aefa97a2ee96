import type { Catalog } from "./client";

/**
 * Refreshes the query planner's statistics of the tables that changed much
 * since they were last analyzed, or never were (0x10002: every table, not only
 * those this connection used). SQLite bounds the work (analysis_limit), so it
 * costs well under a second at 100,000 repositories; without statistics the
 * planner guesses, and some guesses walk every public repository.
 */
export async function optimizeCatalog(db: Catalog): Promise<void> {
  await db.$executeRawUnsafe("PRAGMA optimize=0x10002");
}
