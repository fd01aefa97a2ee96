import type { Catalog } from "@/lib/catalog/client";
import { type CatalogTransaction, writeTransaction } from "@/lib/catalog/transaction";
import { normalizeEmail } from "./users.server";

/**
 * Failed sign-ins allowed in a sliding window: few per account (guessing one
 * password), more per client address (many accounts tried from one place;
 * people behind one NAT share it).
 */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const accountKey = (email: string) => `account:${normalizeEmail(email)}`;
const addressKey = (address: string) => `ip:${address}`;

export type LoginAttempt =
  | { allowed: true; failureIds: number[] }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Checks the limits before a password is verified and counts this attempt as
 * a failure until `loginSucceeded` takes it back. Both happen in one write
 * transaction, so parallel guesses cannot all pass the check first. Rows older
 * than the window are pruned on the way.
 */
export async function beginLoginAttempt(db: Catalog, email: string, address: string, now = new Date()): Promise<LoginAttempt> {
  const keys = [accountKey(email), addressKey(address)];
  return writeTransaction(db, async (tx) => {
    await tx.loginFailure.deleteMany({ where: { at: { lte: new Date(now.getTime() - LOGIN_LIMITS.windowMs) } } });
    const wait = Math.max(
      await secondsToWait(tx, keys[0]!, LOGIN_LIMITS.perAccount, now),
      await secondsToWait(tx, keys[1]!, LOGIN_LIMITS.perAddress, now),
    );
    if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
    const failureIds: number[] = [];
    for (const key of keys) failureIds.push((await tx.loginFailure.create({ data: { key, at: now } })).id);
    return { allowed: true, failureIds };
  });
}

/**
 * The same limits, checked without writing: 0 when `account` and `address` may
 * try now, else the seconds to wait. For the registry's token endpoint, where
 * nearly every request succeeds (clients and the indexer ask for tokens all
 * the time) and the secrets are random: only failures are written
 * (`recordLoginFailure`), so successes cost the catalog no write.
 */
export async function loginWait(db: Catalog, account: string, address: string, now = new Date()): Promise<number> {
  return Math.max(
    await secondsToWait(db, accountKey(account), LOGIN_LIMITS.perAccount, now),
    await secondsToWait(db, addressKey(address), LOGIN_LIMITS.perAddress, now),
  );
}

/** Counts a failure against `account` and `address`, pruning rows older than the window. */
export async function recordLoginFailure(db: Catalog, account: string, address: string, now = new Date()): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.loginFailure.deleteMany({ where: { at: { lte: new Date(now.getTime() - LOGIN_LIMITS.windowMs) } } });
    await tx.loginFailure.createMany({ data: [accountKey(account), addressKey(address)].map((key) => ({ key, at: now })) });
  });
}

/**
 * The password was right: the account's failures are forgotten, and this
 * attempt no longer counts against the address. The address keeps its other
 * failures, so knowing one password does not reset a guesser's count.
 */
export async function loginSucceeded(db: Catalog, email: string, attempt: { failureIds: number[] }): Promise<void> {
  await db.loginFailure.deleteMany({ where: { OR: [{ key: accountKey(email) }, { id: { in: attempt.failureIds } }] } });
}

/** 0 while `key` is under `limit` failures in the window, else the seconds until its oldest counted one expires. */
async function secondsToWait(tx: CatalogTransaction | Catalog, key: string, limit: number, now: Date): Promise<number> {
  const recent = await tx.loginFailure.findMany({
    where: { key, at: { gt: new Date(now.getTime() - LOGIN_LIMITS.windowMs) } },
    orderBy: { at: "desc" },
    take: limit,
    select: { at: true },
  });
  const oldest = recent[limit - 1];
  return oldest ? Math.max(1, Math.ceil((oldest.at.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 1000)) : 0;
}

/**
 * The client's address for the per-address limit: the last X-Forwarded-For
 * entry. Next's server sets the header to the connection's address when a
 * request has none, and a reverse proxy in front appends the address that
 * connected to it; entries before the last one are whatever the client wrote.
 * Served directly, a client can still pick its entry and so its address
 * bucket, never its account's: the per-account limit holds regardless.
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
