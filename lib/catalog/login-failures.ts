import type { Catalog } from "./database.server";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/** Failed sign-ins, counted per key ("account:<email>", "ip:<address>") for throttling. */

export interface FailureLimit {
  key: string;
  /** Failures allowed after `since`. */
  limit: number;
}

/**
 * The time of the `limit`-th newest failure of `key` after `since`, which
 * keeps the key waiting until it leaves the window; null while under the limit.
 */
async function limitingFailure(db: CatalogTransaction, { key, limit }: FailureLimit, since: Date): Promise<Date | null> {
  const recent = await db.loginFailure.findMany({
    where: { key, at: { gt: since } },
    orderBy: { at: "desc" },
    take: limit,
    select: { at: true },
  });
  return recent[limit - 1]?.at ?? null;
}

/** limitingFailure of each of `limits`, without writing. */
export async function limitingFailures(db: Catalog, limits: FailureLimit[], since: Date): Promise<Array<Date | null>> {
  const found: Array<Date | null> = [];
  for (const limit of limits) found.push(await limitingFailure(db, limit, since));
  return found;
}

/**
 * In one write transaction, so parallel attempts cannot all pass the check
 * first: prunes failures up to `since`; then, when every key is under its
 * limit, records a failure per key at `now` (returning their ids), else
 * records nothing and returns limitingFailures.
 */
export async function recordAttemptUnlessLimited(
  db: Catalog,
  limits: FailureLimit[],
  since: Date,
  now: Date,
): Promise<{ failureIds: number[] } | { limiting: Array<Date | null> }> {
  return writeTransaction(db, async (tx) => {
    await tx.loginFailure.deleteMany({ where: { at: { lte: since } } });
    const limiting: Array<Date | null> = [];
    for (const limit of limits) limiting.push(await limitingFailure(tx, limit, since));
    if (limiting.some((at) => at !== null)) return { limiting };
    const failureIds: number[] = [];
    for (const { key } of limits) failureIds.push((await tx.loginFailure.create({ data: { key, at: now } })).id);
    return { failureIds };
  });
}

/** Records a failure per key at `now`, pruning failures up to `since`. */
export async function recordFailures(db: Catalog, keys: string[], since: Date, now: Date): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.loginFailure.deleteMany({ where: { at: { lte: since } } });
    await tx.loginFailure.createMany({ data: keys.map((key) => ({ key, at: now })) });
  });
}

/** Forgets every failure of `key` and the failures `ids`. */
export async function forgetFailures(db: Catalog, key: string, ids: number[]): Promise<void> {
  await db.loginFailure.deleteMany({ where: { OR: [{ key }, { id: { in: ids } }] } });
}
