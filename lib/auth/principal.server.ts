import type { Catalog } from "@/lib/catalog/client";
import { type Principal, ROLES, type Role, TOKEN_SCOPES, type TokenScope } from "./policy";
import { secretHash } from "./secrets";
import { type ActiveSession, findSession, sessionCookie, validCsrfToken } from "./sessions.server";

export const API_TOKEN_PREFIX = "glt_";
const LAST_USED_PRECISION_MS = 60_000;

/** A signed-in user with their memberships and the namespaces of each publisher. */
export async function loadUserPrincipal(db: Catalog, userId: number): Promise<Principal | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { publisher: { include: { namespaces: { select: { name: true } } } } } } },
  });
  if (!user) return null;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    admin: user.admin,
    memberships: user.memberships.map((m) => ({
      publisherId: m.publisherId,
      publisherName: m.publisher.displayName,
      role: asRole(m.role),
      namespaces: m.publisher.namespaces.map((n) => n.name).sort(),
    })),
  };
}

/**
 * The principal of a bearer API token; null when unknown, expired, revoked,
 * or made by someone who is no longer a member of its publisher (nor an admin).
 */
export async function loadTokenPrincipal(db: Catalog, secret: string): Promise<Principal | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: secretHash(secret) },
    include: { publisher: { include: { namespaces: { select: { name: true } } } } },
  });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (token.createdById !== null && !(await stillEntitled(db, token.createdById, token.publisherId))) return null;
  // To the minute: registry clients ask for tokens many times a pull, and each write contends with the indexer's.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  const owned = token.publisher.namespaces.map((n) => n.name);
  const named = JSON.parse(token.namespaces) as string[];
  return {
    kind: "token",
    tokenId: token.id,
    name: token.name,
    displayPrefix: token.displayPrefix,
    publisherId: token.publisherId,
    scope: asScope(token.scope),
    // A namespace taken from the publisher since is no longer covered.
    namespaces: (named.length > 0 ? named.filter((n) => owned.includes(n)) : owned).sort(),
  };
}

/** Whether a token's maker may still make it: a member of its publisher, or an admin. */
async function stillEntitled(db: Catalog, userId: number, publisherId: number): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { admin: true, memberships: { where: { publisherId }, select: { role: true } } },
  });
  return !!user && (user.admin || user.memberships.length > 0);
}

export type Door = "console" | "api" | "cli";

export interface Authentication {
  principal: Principal;
  /** Where the request came from, for the audit log. */
  via: Door;
  /** Set for cookie sessions: their state-changing requests must carry its CSRF token. */
  session: ActiveSession | null;
}

/** The CLI says who it is, so the audit log can tell its changes from other API calls. */
export const CLI_USER_AGENT = "galleon-cli";

/**
 * Who sent `request`: a bearer API token (the API and the CLI), else a
 * session cookie (the console, in the browser). Null for anonymous requests
 * and for credentials that are unknown, expired or revoked.
 */
export async function authenticate(db: Catalog, request: Request): Promise<Authentication | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, secret] = authorization.split(" ", 2);
    if (scheme?.toLowerCase() !== "bearer" || !secret) return null;
    const principal = await loadTokenPrincipal(db, secret);
    const cli = request.headers.get("user-agent")?.startsWith(CLI_USER_AGENT) ?? false;
    return principal && { principal, via: cli ? "cli" : "api", session: null };
  }
  const token = readCookie(request.headers.get("cookie"), sessionCookie().name);
  const signedIn = token ? await loadSessionPrincipal(db, token) : null;
  return signedIn && { ...signedIn, via: "console" };
}

/** The live session a session cookie's token names, with its user; null when unknown, expired or revoked. */
export async function loadSessionPrincipal(db: Catalog, token: string) {
  const session = await findSession(db, token);
  const principal = session && (await loadUserPrincipal(db, session.userId));
  return session && principal?.kind === "user" ? { principal, session } : null;
}

export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "csrf";

/**
 * CSRF defence for state-changing requests: token requests carry no ambient
 * credential and need none; cookie sessions must send the session's CSRF
 * token in the X-CSRF-Token header or the form field `csrf`.
 */
export function passesCsrf(auth: Authentication, submitted: string | null): boolean {
  return auth.session === null || validCsrfToken(auth.session, submitted);
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

function asRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new Error(`unknown role ${value}`);
  return value as Role;
}

function asScope(value: string): TokenScope {
  if (!(TOKEN_SCOPES as readonly string[]).includes(value)) throw new Error(`unknown token scope ${value}`);
  return value as TokenScope;
}
