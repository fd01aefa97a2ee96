import type { Catalog } from "./client";
import { Prisma } from "./generated/client";

export type CatalogTransaction = Prisma.TransactionClient;

const MAX_ATTEMPTS = 12;

/**
 * SQLite answers "busy" at once, without waiting, when a transaction that has
 * read tries to write after another process committed: its snapshot is stale.
 * Nothing was written, so the whole transaction is safe to run again.
 */
function isBusy(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    (error.code === "P1008" || error.code.startsWith("SQLITE_BUSY"))
  );
}

/** Runs `work` in one transaction, retried while the database is busy. */
export async function writeTransaction<T>(
  db: Catalog,
  work: (tx: CatalogTransaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
    } catch (error) {
      if (!isBusy(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
}
