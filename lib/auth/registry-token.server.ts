import "server-only";
/**
 * Galleon as the registry's token server (the Docker Registry token
 * authentication specification; docs/decisions/0010). The route handler
 * parses the HTTP request into a `TokenRequest`; this module decides what
 * the token grants and signs it.
 *
 * - anonymous: `pull` on public repositories;
 * - an API token (`glt_…`) as the Basic password: READ pulls, WRITE pulls and
 *   pushes, in the namespaces it covers (public pulls elsewhere);
 * - the indexer's service credential: `pull` everywhere and the catalog;
 * - anything else is refused (account passwords with a hint to use a token).
 * A scope that is not granted is left out, never an error.
 */
import "server-only";
import { randomUUID, sign } from "node:crypto";
import type { Catalog } from "@/lib/catalog/database.server";
import { splitRepositoryPath } from "@/lib/catalog/names";
import { publicRepositoryPaths } from "@/lib/catalog/registry-access";
import { API_TOKEN_PREFIX, loadTokenPrincipal } from "./principal.server";
import { currentSigningKey, registryKeysDir } from "./registry-keys.server";
import { sameSecret } from "./secrets";
import { loginWait, recordLoginFailure } from "./throttle.server";

export interface RegistryTokenSettings {
  /** The registry's `auth.token.service`: the JWT's `aud`. */
  service: string;
  /** The registry's `auth.token.issuer`: the JWT's `iss`. */
  issuer: string;
  lifetimeSeconds: number;
  /** The indexer's service credential, if configured. */
  indexer: { username: string; password: string } | null;
  keysDir: string;
}

/** Where the web app serves the token endpoint: the registry's `auth.token.realm` is the gallery's URL plus this. */
export const REGISTRY_TOKEN_PATH = "/api/v1/registry/token";
export const DEFAULT_SERVICE = "galleon-registry";
export const DEFAULT_ISSUER = "galleon";
export const DEFAULT_LIFETIME_SECONDS = 300;
const INDEXER_PASSWORD_MIN = 16;

/** Settings from the environment (README "Connecting a registry"). */
export function registryTokenSettings(env: NodeJS.ProcessEnv = process.env): RegistryTokenSettings {
  const lifetime = Number(env.GALLEON_REGISTRY_TOKEN_LIFETIME ?? DEFAULT_LIFETIME_SECONDS);
  if (!Number.isInteger(lifetime) || lifetime < 10 || lifetime > 3600) {
    throw new Error("GALLEON_REGISTRY_TOKEN_LIFETIME is a number of seconds from 10 to 3600");
  }
  const { GALLEON_REGISTRY_USERNAME: username, GALLEON_REGISTRY_PASSWORD: password } = env;
  if (username && password && password.length < INDEXER_PASSWORD_MIN) {
    throw new Error(`GALLEON_REGISTRY_PASSWORD needs at least ${INDEXER_PASSWORD_MIN} characters`);
  }
  return {
    service: env.GALLEON_REGISTRY_TOKEN_SERVICE || DEFAULT_SERVICE,
    issuer: env.GALLEON_REGISTRY_TOKEN_ISSUER || DEFAULT_ISSUER,
    lifetimeSeconds: lifetime,
    indexer: username && password ? { username, password } : null,
    keysDir: registryKeysDir(env),
  };
}

export interface Access {
  type: "repository" | "registry";
  name: string;
  actions: string[];
}

export interface TokenRequest {
  service: string | null;
  /** The `scope` parameters as sent (each may hold several scopes separated by spaces). */
  scopes: string[];
  /** Basic credentials, or the OAuth2 form's username and password. */
  credentials: { username: string; password: string } | null;
  /** The OAuth2 form's `refresh_token` grant. */
  refreshToken: string | null;
  /** `offline_token=true` (GET) or `access_type=offline` (POST): a refresh token is wanted. */
  offline: boolean;
  /** Where the request came from, for throttling failed credentials. */
  clientAddress: string;
}

export type TokenOutcome =
  | {
      status: 200;
      body: { token: string; access_token: string; expires_in: number; issued_at: string; refresh_token?: string };
    }
  | { status: 400 | 401; error: string }
  | { status: 429; error: string; retryAfterSeconds: number };

export const MAX_SCOPES = 32;
export const MAX_SCOPE_LENGTH = 512;
const MAX_NAME_LENGTH = 255;
// The distribution spec's repository name grammar.
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const ACTION = /^(?:[a-z]+|\*)$/;

export class ScopeError extends Error {}

/**
 * "repository:acme/app:pull,push registry:catalog:*" → accesses, the same
 * resource's actions merged. Throws ScopeError on anything malformed.
 */
export function parseScopes(values: string[]): Access[] {
  const merged = new Map<string, Access>();
  for (const scope of values.flatMap((value) => value.split(" ")).filter(Boolean)) {
    if (scope.length > MAX_SCOPE_LENGTH) throw new ScopeError(`a scope has at most ${MAX_SCOPE_LENGTH} characters`);
    const parts = scope.split(":");
    if (parts.length !== 3) throw new ScopeError(`malformed scope "${printable(scope)}": expected type:name:actions`);
    const [type, name, actionList] = parts as [string, string, string];
    const actions = actionList.split(",");
    if (actions.some((action) => !ACTION.test(action))) {
      throw new ScopeError(`malformed actions in scope "${printable(scope)}"`);
    }
    if (type === "repository") {
      if (name.length > MAX_NAME_LENGTH || !REPOSITORY_NAME.test(name)) {
        throw new ScopeError(`malformed repository name in scope "${printable(scope)}"`);
      }
    } else if (type !== "registry" || name !== "catalog") {
      throw new ScopeError(`unknown resource in scope "${printable(scope)}"`);
    }
    const key = `${type}:${name}`;
    const access = merged.get(key) ?? { type, name, actions: [] };
    access.actions = [...new Set([...access.actions, ...actions])];
    merged.set(key, access);
    if (merged.size > MAX_SCOPES) throw new ScopeError(`at most ${MAX_SCOPES} scopes per request`);
  }
  return [...merged.values()];
}

/** A scope quoted back in an error: bounded, control characters escaped. */
function printable(scope: string): string {
  const shown = JSON.stringify(scope.slice(0, 80)).slice(1, -1);
  return scope.length > 80 ? `${shown}…` : shown;
}

/** Who a token is for, once credentials are checked. */
type Grantee =
  | { kind: "anonymous" }
  | { kind: "indexer"; subject: string }
  | { kind: "publisher"; subject: string; namespaces: string[]; push: boolean };

const ACCOUNT_PASSWORD_REFUSED =
  "the registry takes a Galleon API token (glt_…) as the password, not an account password: create one in the console";

/** Decides and signs a token for `request`. */
export async function issueRegistryToken(
  db: Catalog,
  settings: RegistryTokenSettings,
  request: TokenRequest,
  now = new Date(),
): Promise<TokenOutcome> {
  if (request.service !== settings.service) {
    return { status: 400, error: `unknown service: this token server serves "${settings.service}"` };
  }
  let requested: Access[];
  try {
    requested = parseScopes(request.scopes);
  } catch (error) {
    if (error instanceof ScopeError) return { status: 400, error: error.message };
    throw error;
  }

  // A refresh token is the credential's secret itself (see issue): the same checks apply.
  const credentials = request.refreshToken !== null ? { username: "", password: request.refreshToken } : request.credentials;
  let grantee: Grantee = { kind: "anonymous" };
  if (credentials) {
    // The refresh grant names no user: its token's public prefix stands for the account.
    const account = credentials.username || credentials.password.slice(0, API_TOKEN_PREFIX.length + 6);
    const wait = await loginWait(db, account, request.clientAddress, now);
    if (wait > 0) return { status: 429, error: "too many failed attempts: try again later", retryAfterSeconds: wait };
    const found = await checkCredentials(db, settings, credentials);
    if (typeof found === "string") {
      await recordLoginFailure(db, account, request.clientAddress, now);
      return { status: 401, error: found };
    }
    grantee = found;
  }

  const access = await grant(db, grantee, requested);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = signToken(settings, grantee.kind === "anonymous" ? "" : grantee.subject, access, issuedAt);
  return {
    status: 200,
    body: {
      token,
      access_token: token,
      expires_in: settings.lifetimeSeconds,
      issued_at: new Date(issuedAt * 1000).toISOString(),
      ...(request.offline && credentials && { refresh_token: credentials.password }),
    },
  };
}

/** The grantee behind credentials, or why they are refused. */
async function checkCredentials(
  db: Catalog,
  settings: RegistryTokenSettings,
  credentials: { username: string; password: string },
): Promise<Grantee | string> {
  const { indexer } = settings;
  if (indexer && sameSecret(credentials.password, indexer.password)) {
    return { kind: "indexer", subject: indexer.username };
  }
  if (!credentials.password.startsWith(API_TOKEN_PREFIX)) return ACCOUNT_PASSWORD_REFUSED;
  const principal = await loadTokenPrincipal(db, credentials.password);
  if (principal?.kind !== "token") return "unknown, expired or revoked API token";
  return {
    kind: "publisher",
    subject: `token:${principal.displayPrefix}`,
    namespaces: principal.namespaces,
    push: principal.scope === "WRITE",
  };
}

/** The requested accesses, each cut down to what the grantee may do; those left with nothing are dropped. */
async function grant(db: Catalog, grantee: Grantee, requested: Access[]): Promise<Access[]> {
  const repositories = requested.filter((access) => access.type === "repository").map((access) => access.name);
  const publicPaths = grantee.kind === "indexer" ? new Set<string>() : await publicRepositoryPaths(db, repositories);
  return requested
    .map((access) => ({ ...access, actions: access.actions.filter((action) => allowed(grantee, access, action, publicPaths)) }))
    .filter((access) => access.actions.length > 0);
}

function allowed(grantee: Grantee, access: Access, action: string, publicPaths: Set<string>): boolean {
  if (access.type === "registry") return grantee.kind === "indexer" && action === "*";
  if (action !== "pull" && action !== "push") return false;
  if (grantee.kind === "indexer") return action === "pull";
  if (grantee.kind === "publisher" && grantee.namespaces.includes(splitRepositoryPath(access.name).namespace)) {
    return action === "pull" || grantee.push;
  }
  return action === "pull" && publicPaths.has(access.name);
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * A registry token: an ES256 JWT for `access`, valid for the configured
 * lifetime from `issuedAt` (epoch seconds), whose header names the key by its
 * libtrust id, as Distribution 2.8 matches it.
 */
function signToken(settings: RegistryTokenSettings, subject: string, access: Access[], issuedAt: number): string {
  const claims = {
    iss: settings.issuer,
    sub: subject,
    aud: settings.service,
    exp: issuedAt + settings.lifetimeSeconds,
    nbf: issuedAt - 10,
    iat: issuedAt,
    jti: randomUUID(),
    access,
  };
  const { key, keyId } = currentSigningKey(settings.keysDir);
  const header = { typ: "JWT", alg: "ES256", kid: keyId };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * A token for exactly what a registry challenge asks, signed with the key on
 * this server: the operator's own access, for seeding sample content and for
 * tests' pushes (`npm run seed` against a token-mode registry). Never served.
 */
export function operatorRegistryToken(settings: RegistryTokenSettings, service: string, scopes: string[], now = new Date()): string {
  if (service !== settings.service) throw new Error(`the registry asks for service "${service}", not "${settings.service}"`);
  return signToken(settings, "operator", parseScopes(scopes), Math.floor(now.getTime() / 1000));
}
