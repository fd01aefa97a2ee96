import "server-only";
import type { Catalog } from "@/lib/catalog/database.server";
import { deleteSession, findSessionRow, insertSession, touchSession } from "@/lib/catalog/sessions";
import { siteUrl } from "@/lib/config/environment";
import { newSecret, sameSecret, secretHash } from "./secrets";

/** A session lasts this long after its last use. */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000;
// Sliding the expiry on every request would write on every page view.
const SLIDE_EVERY_MS = 3600_000;

/**
 * The gallery's own cookies: HttpOnly, SameSite=Lax, and Secure when the
 * gallery is served over https, where the __Host- prefix then pins them to
 * this host. Without `maxAge` they end with the browser session.
 */
export function siteCookie(name: string, maxAge: number | undefined, env: NodeJS.ProcessEnv = process.env) {
  const secure = siteUrl(env).protocol === "https:";
  return {
    name: secure ? `__Host-${name}` : name,
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", ...(maxAge === undefined ? {} : { maxAge }) },
  };
}

export function sessionCookie(env: NodeJS.ProcessEnv = process.env) {
  return siteCookie("galleon_session", SESSION_IDLE_MS / 1000, env);
}

export interface NewSession {
  /** The cookie's value. */
  token: string;
  csrfToken: string;
}

/**
 * Starts a session for `userId`. The session the browser had (if any) is
 * revoked: a new id on every sign-in, so a planted cookie cannot be carried
 * into a signed-in session.
 */
export async function startSession(db: Catalog, userId: number, previousToken?: string): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  await insertSession(
    db,
    { id: secretHash(token), userId, csrfToken, expiresAt: new Date(Date.now() + SESSION_IDLE_MS) },
    previousToken && secretHash(previousToken),
  );
  return { token, csrfToken };
}

export interface ActiveSession {
  id: string;
  userId: number;
  csrfToken: string;
}

/** The live session a cookie names, sliding its expiry; null when unknown, expired or revoked. */
export async function findSession(db: Catalog, token: string): Promise<ActiveSession | null> {
  const id = secretHash(token);
  const session = await findSessionRow(db, id);
  const now = Date.now();
  if (!session || session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > SLIDE_EVERY_MS) {
    await touchSession(db, id, new Date(now), new Date(now + SESSION_IDLE_MS));
  }
  return { id, userId: session.userId, csrfToken: session.csrfToken };
}

/** Signs out: the session is deleted on the server, so a copied cookie is worthless too. */
export async function endSession(db: Catalog, token: string): Promise<void> {
  await deleteSession(db, secretHash(token));
}

/** Whether a state-changing request carries its session's CSRF token. */
export function validCsrfToken(session: ActiveSession, submitted: string | null | undefined): boolean {
  return !!submitted && sameSecret(session.csrfToken, submitted);
}
