import { type Catalog, isPostgres } from "./database.server";
import { Prisma } from "./generated/client";

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
function isBusy(error: unknown, onlyUpserts: boolean): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    return (
      ["P1008", "P2034"].includes(error.code) ||
      error.code.startsWith("SQLITE_BUSY") ||
      POSTGRES_CONFLICT.test(error.message) ||
      (onlyUpserts && error.code === "P2002")
    );
  }
  // A conflict found at COMMIT reaches here as the driver adapter's own error.
  const cause = error instanceof Error && error.name === "DriverAdapterError" ? (error.cause as { kind?: string; originalCode?: string }) : undefined;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40P01";
}

/**
 * Runs `work` in one transaction, retried while the database is busy. On
 * PostgreSQL it is SERIALIZABLE: as on SQLite, whose writers take turns, a
 * read-modify-write never loses another transaction's update. `onlyUpserts`:
 * `work` reads nothing it then writes but what its upserts read, so READ
 * COMMITTED is as safe there, and an upsert that lost a race to create its
 * row is simply run again (a burst of retried deliveries).
 */
export async function writeTransaction<T>(
  db: Catalog,
  work: (tx: CatalogTransaction) => Promise<T>,
  { onlyUpserts = false } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, {
        maxWait: 10_000,
        timeout: 20_000,
        ...(isPostgres(db) && !onlyUpserts ? { isolationLevel: Prisma.TransactionIsolationLevel.Serializable } : {}),
      });
    } catch (error) {
      if (!isBusy(error, onlyUpserts) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
}
