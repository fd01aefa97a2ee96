import { type Catalog, isPostgres } from "./client";
import { Prisma } from "./generated/client";

export type CatalogTransaction = Prisma.TransactionClient;

const MAX_ATTEMPTS = 12;

/**
 * SQLite answers "busy" at once, without waiting, when a transaction that has
 * read tries to write after another process committed: its snapshot is stale.
 * PostgreSQL answers a serialization failure (P2034) or a deadlock (40P01) in
 * the same case. Nothing was written, so the whole transaction is safe to run again.
 */
function isBusy(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return error.code === "P1008" || error.code === "P2034" || error.code.startsWith("SQLITE_BUSY") || error.message.includes("40P01");
  }
  // A conflict found at COMMIT reaches here as the driver adapter's own error.
  const cause = error instanceof Error && error.name === "DriverAdapterError" ? (error.cause as { kind?: string; originalCode?: string }) : undefined;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40P01";
}

/**
 * Runs `work` in one transaction, retried while the database is busy. On
 * PostgreSQL it is SERIALIZABLE: as on SQLite, whose writers take turns, a
 * read-modify-write never loses another transaction's update.
 */
export async function writeTransaction<T>(
  db: Catalog,
  work: (tx: CatalogTransaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, {
        maxWait: 10_000,
        timeout: 20_000,
        ...(isPostgres(db) ? { isolationLevel: Prisma.TransactionIsolationLevel.Serializable } : {}),
      });
    } catch (error) {
      if (!isBusy(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
}
