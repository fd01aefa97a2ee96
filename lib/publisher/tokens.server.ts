import "server-only";
import { API_TOKEN_PREFIX, type Authentication } from "@/lib/auth/principal.server";
import { canManagePublisher, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/policy";
import { newSecret, secretHash } from "@/lib/auth/secrets";
import type { Catalog } from "@/lib/catalog/database.server";
import { namespacesOf } from "@/lib/catalog/publishers";
import * as tokens from "@/lib/catalog/tokens";
import { auditActor } from "./audit.server";
import { TOKEN_MAX_DAYS, TOKEN_NAME_MAX } from "@/lib/config/limits";
import { forbidden, notFound, PublisherError } from "./errors";


export interface TokenRequest {
  name: string;
  scope: TokenScope;
  /** Namespaces of the publisher the token covers; empty for all of them, now and later. */
  namespaces: string[];
  expiresInDays: number;
}

/** Creates a publisher's API token; the secret is returned this once and only its hash is kept. */
export async function createApiToken(db: Catalog, auth: Authentication, publisherId: number, request: TokenRequest) {
  // Tokens never mint tokens; owners, admins and the operator (`galleon admin token create`) do.
  if (auth.principal.kind === "token" || !canManagePublisher(auth.principal, publisherId)) {
    throw forbidden("manage this publisher's API tokens");
  }
  const name = request.name.trim();
  if (!name || name.length > TOKEN_NAME_MAX) {
    throw new PublisherError(400, `a token needs a name of 1 to ${TOKEN_NAME_MAX} characters`, "name");
  }
  if (!TOKEN_SCOPES.includes(request.scope)) {
    throw new PublisherError(400, `scope is one of ${TOKEN_SCOPES.join(", ")}`, "scope");
  }
  if (!Number.isInteger(request.expiresInDays) || request.expiresInDays < 1 || request.expiresInDays > TOKEN_MAX_DAYS) {
    throw new PublisherError(400, `a token expires in 1 to ${TOKEN_MAX_DAYS} days`, "expiresInDays");
  }
  const owned = await namespacesOf(db, publisherId);
  const foreign = request.namespaces.filter((n) => !owned.includes(n));
  if (foreign.length > 0) {
    throw new PublisherError(400, `not a namespace of this publisher: ${foreign.join(", ")}`, "namespaces");
  }
  const secret = newSecret(API_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + request.expiresInDays * 86_400_000);
  const token = await tokens.insertApiToken(
    db,
    {
      publisherId,
      name,
      scope: request.scope,
      namespaces: [...new Set(request.namespaces)].sort(),
      tokenHash: secretHash(secret),
      displayPrefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      createdById: auth.principal.kind === "user" ? auth.principal.userId : null,
      expiresAt,
    },
    auditActor(auth),
    {
      publisherId,
      action: "token.create",
      target: `token "${name}"`,
      detail: { scope: request.scope, namespaces: request.namespaces, expiresAt },
    },
  );
  return { id: token.id, secret };
}

/** Revokes a token at once: the next request that carries it is refused. */
export async function revokeApiToken(db: Catalog, auth: Authentication, tokenId: number): Promise<void> {
  const token = await tokens.findApiToken(db, tokenId);
  if (!token || !canManagePublisher(auth.principal, token.publisherId)) throw forbidden("revoke this token");
  await tokens.revokeApiToken(db, token, auditActor(auth));
}

/** A publisher's tokens, without their hashes. */
export const listApiTokens = tokens.listApiTokens;

/** Creates a token of the publisher and answers it as listed, with its secret (this once). */
export async function createPublisherToken(db: Catalog, auth: Authentication, publisherId: number, request: TokenRequest) {
  const created = await createApiToken(db, auth, publisherId, request);
  const token = (await listApiTokens(db, publisherId)).find((t) => t.id === created.id);
  return { ...token, token: created.secret };
}

/** Revokes a token of the publisher; 404 for another publisher's. */
export async function revokePublisherToken(db: Catalog, auth: Authentication, publisherId: number, tokenId: number): Promise<void> {
  const token = await tokens.findApiToken(db, tokenId, publisherId);
  if (!token) throw notFound();
  await revokeApiToken(db, auth, token.id);
}
