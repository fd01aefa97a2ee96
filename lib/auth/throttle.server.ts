import "server-only";
import type { Catalog } from "@/lib/catalog/database.server";
import { forgetFailures, limitingFailures, recordAttemptUnlessLimited, recordFailures } from "@/lib/catalog/login-failures";
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
  const attempt = await recordAttemptUnlessLimited(db, limitsOf(email, address), windowStart(now), now);
  return "failureIds" in attempt ? { allowed: true, failureIds: attempt.failureIds } : { allowed: false, retryAfterSeconds: secondsToWait(attempt.limiting, now) };
}

/**
 * The same limits, checked without writing: 0 when `account` and `address` may
 * try now, else the seconds to wait. For the registry's token endpoint, where
 * nearly every request succeeds (clients and the indexer ask for tokens all
 * the time) and the secrets are random: only failures are written
 * (`recordLoginFailure`), so successes cost the catalog no write.
 */
export async function loginWait(db: Catalog, account: string, address: string, now = new Date()): Promise<number> {
  return secondsToWait(await limitingFailures(db, limitsOf(account, address), windowStart(now)), now);
}

/** Counts a failure against `account` and `address`, pruning rows older than the window. */
export async function recordLoginFailure(db: Catalog, account: string, address: string, now = new Date()): Promise<void> {
  await recordFailures(db, [accountKey(account), addressKey(address)], windowStart(now), now);
}

/**
 * The password was right: the account's failures are forgotten, and this
 * attempt no longer counts against the address. The address keeps its other
 * failures, so knowing one password does not reset a guesser's count.
 */
export async function loginSucceeded(db: Catalog, email: string, attempt: { failureIds: number[] }): Promise<void> {
  await forgetFailures(db, accountKey(email), attempt.failureIds);
}

const windowStart = (now: Date) => new Date(now.getTime() - LOGIN_LIMITS.windowMs);

const limitsOf = (account: string, address: string) => [
  { key: accountKey(account), limit: LOGIN_LIMITS.perAccount },
  { key: addressKey(address), limit: LOGIN_LIMITS.perAddress },
];

/** 0 while every key is under its limit, else the seconds until the last of their limiting failures leaves the window. */
function secondsToWait(limiting: Array<Date | null>, now: Date): number {
  const waits = limiting.map((oldest) =>
    oldest ? Math.max(1, Math.ceil((oldest.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 1000)) : 0,
  );
  return Math.max(0, ...waits);
}
