import { type AuditActor, type AuditEvent, recordAudit } from "./audit";
import type { Catalog } from "./database.server";
import { writeTransaction } from "./transaction";

/** Publishers' API tokens, found by the hash of their secret (only the hash is stored). */

export interface NewApiToken {
  publisherId: number;
  name: string;
  scope: string;
  /** Namespace names; empty for every namespace of the publisher. */
  namespaces: string[];
  tokenHash: string;
  displayPrefix: string;
  createdById: number | null;
  expiresAt: Date;
}

/** Stores a token with its audit entry. */
export async function insertApiToken(db: Catalog, token: NewApiToken, actor: AuditActor, event: AuditEvent) {
  return writeTransaction(db, async (tx) => {
    const created = await tx.apiToken.create({ data: { ...token, namespaces: JSON.stringify(token.namespaces) } });
    await recordAudit(tx, actor, event);
    return created;
  });
}

/** The token with `tokenHash`, with its publisher's namespaces. */
export async function findApiTokenByHash(db: Catalog, tokenHash: string) {
  const token = await db.apiToken.findUnique({
    where: { tokenHash },
    include: { publisher: { include: { namespaces: { select: { name: true } } } } },
  });
  return token && { ...token, namespaces: JSON.parse(token.namespaces) as string[], publisherNamespaces: token.publisher.namespaces.map((n) => n.name) };
}

export async function markApiTokenUsed(db: Catalog, id: number, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

/** The token `id` of the publisher `publisherId`; null when it has no such token. */
export async function findApiToken(db: Catalog, id: number, publisherId?: number) {
  return db.apiToken.findFirst({ where: { id, ...(publisherId === undefined ? {} : { publisherId }) }, select: { id: true, publisherId: true, name: true, revokedAt: true } });
}

/** Revokes the token (keeping the first revocation's time) with its audit entry. */
export async function revokeApiToken(db: Catalog, token: { id: number; publisherId: number; name: string; revokedAt: Date | null }, actor: AuditActor) {
  await writeTransaction(db, async (tx) => {
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: token.revokedAt ?? new Date() } });
    await recordAudit(tx, actor, { publisherId: token.publisherId, action: "token.revoke", target: `token "${token.name}"` });
  });
}

/** A publisher's tokens, newest first, without their hashes. */
export async function listApiTokens(db: Catalog, publisherId: number) {
  const tokens = await db.apiToken.findMany({ where: { publisherId }, orderBy: { createdAt: "desc" } });
  return tokens.map(({ tokenHash: _hash, namespaces, ...token }) => ({
    ...token,
    namespaces: JSON.parse(namespaces) as string[],
  }));
}
