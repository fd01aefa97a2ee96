import "server-only";
import { findUserByEmail } from "@/lib/catalog/accounts";
import type { Catalog } from "@/lib/catalog/database.server";
import { verifyPassword } from "./passwords.server";
import { beginLoginAttempt, loginSucceeded } from "./throttle.server";
import { normalizeEmail } from "./users.server";

export type PasswordSignIn = { userId: number } | { retryAfterSeconds: number } | { wrong: true };

/**
 * Checks an email and password, throttled per account and per client
 * address. An unknown account, one without a password (OpenID Connect only)
 * and a wrong password answer alike and take about as long.
 */
export async function signInWithPassword(db: Catalog, email: string, password: string, address: string): Promise<PasswordSignIn> {
  const attempt = await beginLoginAttempt(db, email, address);
  if (!attempt.allowed) return { retryAfterSeconds: attempt.retryAfterSeconds };
  const user = await findUserByEmail(db, normalizeEmail(email));
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) return { wrong: true };
  await loginSucceeded(db, email, attempt);
  return { userId: user.id };
}
