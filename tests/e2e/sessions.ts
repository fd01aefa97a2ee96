/**
 * Signed-in browsers and API tokens for the browser tests, made the way the
 * web app makes them (real sessions and tokens in the test catalog), so specs
 * that are not about signing in need not go through the form each time.
 */
import type { BrowserContext } from "@playwright/test";
import { sessionCookie, startSession } from "@/lib/auth/sessions.server";
import { createCatalog } from "@/lib/catalog/database.server";

/** The browser tests' catalog, for setting up and checking what the web app stored. */
export function e2eCatalog() {
  return createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
}

/** Runs `work` on the browser tests' catalog, disconnecting after. */
export async function withCatalog<T>(work: (db: ReturnType<typeof e2eCatalog>) => Promise<T>): Promise<T> {
  const db = e2eCatalog();
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** Signs `context` in as the account with `email`; returns the session's CSRF token. */
export async function signInAs(context: BrowserContext, email: string): Promise<string> {
  const db = e2eCatalog();
  try {
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const session = await startSession(db, user.id);
    await context.addCookies([{ name: sessionCookie().name, value: session.token, url: process.env.GALLEON_E2E_URL! }]);
    return session.csrfToken;
  } finally {
    await db.$disconnect();
  }
}
