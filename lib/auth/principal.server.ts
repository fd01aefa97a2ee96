import "server-only";
import { findUserWithMemberships, isAdminOrMember } from "@/lib/catalog/accounts";
import type { Catalog } from "@/lib/catalog/database.server";
import { findApiTokenByHash, markApiTokenUsed } from "@/lib/catalog/tokens";
import { type Principal, ROLES, type Role, TOKEN_SCOPES, type TokenScope } from "./policy";
import { secretHash } from "./secrets";
import { type ActiveSession, findSession, validCsrfToken } from "./sessions.server";

export const API_TOKEN_PREFIX = "glt_";
const LAST_USED_PRECISION_MS = 60_000;

/** A signed-in user with their memberships and the namespaces of each publisher. */
export async function loadUserPrincipal(db: Catalog, userId: number): Promise<Principal | null> {
  const user = await findUserWithMemberships(db, userId);
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
  const token = await findApiTokenByHash(db, secretHash(secret));
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  // Its maker must still be entitled to make it: a member of its publisher, or an admin.
  if (token.createdById !== null && !(await isAdminOrMember(db, token.createdById, token.publisherId))) return null;
  // To the minute: registry clients ask for tokens many times a pull, and each write contends with the indexer's.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await markApiTokenUsed(db, token.id, now);
  }
  const owned = token.publisherNamespaces;
  const named = token.namespaces;
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

/** The credentials a request carries, as the HTTP layer reads them (lib/http/publisher-routes.server.ts). */
export interface Credentials {
  /** The Authorization header. */
  authorization: string | null;
  userAgent: string | null;
  /** The session cookie's value. */
  sessionToken: string | null;
}

/**
 * Who sent a request: a bearer API token (the API and the CLI), else a
 * session cookie (the console, in the browser). Null for anonymous requests
 * and for credentials that are unknown, expired or revoked.
 */
export async function authenticate(db: Catalog, credentials: Credentials): Promise<Authentication | null> {
  const { authorization, sessionToken } = credentials;
  if (authorization) {
    const [scheme, secret] = authorization.split(" ", 2);
    if (scheme?.toLowerCase() !== "bearer" || !secret) return null;
    const principal = await loadTokenPrincipal(db, secret);
    const cli = credentials.userAgent?.startsWith(CLI_USER_AGENT) ?? false;
    return principal && { principal, via: cli ? "cli" : "api", session: null };
  }
  const signedIn = sessionToken ? await loadSessionPrincipal(db, sessionToken) : null;
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

function asRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new Error(`unknown role ${value}`);
  return value as Role;
}

function asScope(value: string): TokenScope {
  if (!(TOKEN_SCOPES as readonly string[]).includes(value)) throw new Error(`unknown token scope ${value}`);
  return value as TokenScope;
}
