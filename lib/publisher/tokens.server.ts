import { API_TOKEN_PREFIX, type Authentication } from "@/lib/auth/principal.server";
import { canManagePublisher, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/policy";
import { newSecret, secretHash } from "@/lib/auth/secrets";
import type { Catalog } from "@/lib/catalog/client";
import { writeTransaction } from "@/lib/catalog/transaction";
import { recordAudit } from "./audit.server";
import { forbidden, PublisherError } from "./errors";

export const TOKEN_NAME_MAX = 64;
/** Tokens expire: at most a year, 90 days unless chosen otherwise. */
export const TOKEN_MAX_DAYS = 366;
export const TOKEN_DEFAULT_DAYS = 90;

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
  const owned = (await db.namespace.findMany({ where: { publisherId }, select: { name: true } })).map((n) => n.name);
  const foreign = request.namespaces.filter((n) => !owned.includes(n));
  if (foreign.length > 0) {
    throw new PublisherError(400, `not a namespace of this publisher: ${foreign.join(", ")}`, "namespaces");
  }
  const secret = newSecret(API_TOKEN_PREFIX);
  const token = await writeTransaction(db, async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        publisherId,
        name,
        scope: request.scope,
        namespaces: JSON.stringify([...new Set(request.namespaces)].sort()),
        tokenHash: secretHash(secret),
        displayPrefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
        createdById: auth.principal.kind === "user" ? auth.principal.userId : null,
        expiresAt: new Date(Date.now() + request.expiresInDays * 86_400_000),
      },
    });
    await recordAudit(tx, auth, {
      publisherId,
      action: "token.create",
      target: `token "${name}"`,
      detail: { scope: request.scope, namespaces: request.namespaces, expiresAt: created.expiresAt },
    });
    return created;
  });
  return { id: token.id, secret };
}

/** Revokes a token at once: the next request that carries it is refused. */
export async function revokeApiToken(db: Catalog, auth: Authentication, tokenId: number): Promise<void> {
  const token = await db.apiToken.findUnique({ where: { id: tokenId } });
  if (!token || !canManagePublisher(auth.principal, token.publisherId)) throw forbidden("revoke this token");
  await writeTransaction(db, async (tx) => {
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: token.revokedAt ?? new Date() } });
    await recordAudit(tx, auth, { publisherId: token.publisherId, action: "token.revoke", target: `token "${token.name}"` });
  });
}

/** A publisher's tokens, without their hashes. */
export async function listApiTokens(db: Catalog, publisherId: number) {
  const tokens = await db.apiToken.findMany({ where: { publisherId }, orderBy: { createdAt: "desc" } });
  return tokens.map(({ tokenHash: _hash, namespaces, ...token }) => ({
    ...token,
    namespaces: JSON.parse(namespaces) as string[],
  }));
}
