import { type Catalog, inheritDialect, isPostgres } from "./database.server";
import { Prisma } from "./generated/client";
import { checkWriteFence } from "./lease";

export type CatalogTransaction = Prisma.TransactionClient;

const MAX_ATTEMPTS = 12;

/** PostgreSQL's serialization failure and deadlock, as raw statements report them. */
const POSTGRES_CONFLICT = /Code: `(40001|40P01)`/;

/**
 * SQLite answers "busy" at once, without waiting, when a transaction that has
 * read tries to write after another process committed: its snapshot is stale.
 * PostgreSQL answers a serialization failure (P2034, or 40001 from raw SQL) or
 * a deadlock in the same case, and a unique violation (P2002) when two upserts
 * of one new row race. Nothing was written, so the whole transaction is safe
 * to run again.
 */
function isBusy(error: unknown, readCommitted: boolean): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return (
      ["P1008", "P2034"].includes(error.code) ||
      error.code.startsWith("SQLITE_BUSY") ||
      POSTGRES_CONFLICT.test(error.message) ||
      (readCommitted && error.code === "P2002")
    );
  }
  // A conflict found at COMMIT reaches here as the driver adapter's own error.
  const cause = error instanceof Error && error.name === "DriverAdapterError" ? (error.cause as { kind?: string; originalCode?: string }) : undefined;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40P01";
}

/**
 * Runs `work` in one transaction, retried while the database is busy. On
 * PostgreSQL it is SERIALIZABLE: as on SQLite, whose writers take turns, a
 * read-modify-write never loses another transaction's update.
 * `readCommitted`: `work` reads nothing it then writes but what its upserts
 * read (a burst of retried deliveries), or only rows that one writer at a
 * time writes (the active indexer's sync of one repository, docs/decisions/
 * 0028), so READ COMMITTED is as safe there, and concurrent ones never fail
 * each other on SERIALIZABLE's predicate locks; an insert that lost a race
 * to create its row is simply run again. A client fenced with a lease
 * (fenceWriteTransactions) checks the lease first, in the same transaction.
 */
export async function writeTransaction<T>(
  db: Catalog,
  work: (tx: CatalogTransaction) => Promise<T>,
  { readCommitted = false } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const run = async (tx: CatalogTransaction) => {
        inheritDialect(tx, db);
        await checkWriteFence(db, tx);
        return work(tx);
      };
      return await db.$transaction(run, {
        maxWait: 10_000,
        timeout: 20_000,
        ...(isPostgres(db) && !readCommitted ? { isolationLevel: Prisma.TransactionIsolationLevel.Serializable } : {}),
      });
    } catch (error) {
      if (!isBusy(error, readCommitted) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
}
