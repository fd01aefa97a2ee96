import { upsertMembership } from "./accounts";
import { type AuditActor, recordAudit } from "./audit";
import type { Catalog } from "./database.server";
import { insertInvitation } from "./invitations";
import { assignNamespace, updatePublisher } from "./publishing";
import { writeTransaction } from "./transaction";

/**
 * Publishers as their owners and the site admin manage them: namespaces,
 * members, badges. Every change is written with its audit entry.
 */

export const BADGES = ["verified", "official"] as const;
export type Badge = (typeof BADGES)[number];

/** The names of the publisher's namespaces. */
export async function namespacesOf(db: Catalog, publisherId: number): Promise<string[]> {
  return (await db.namespace.findMany({ where: { publisherId }, select: { name: true } })).map((n) => n.name);
}

/** A publisher with its namespaces (and their settings) and its members; null when unknown. */
export async function findManagedPublisher(db: Catalog, publisherId: number) {
  return db.publisher.findUnique({
    where: { id: publisherId },
    include: {
      namespaces: { orderBy: { name: "asc" } },
      members: { include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
}

/** The namespace's owner (null: none); undefined when the namespace is unknown. */
export async function namespaceOwner(db: Catalog, namespace: string): Promise<number | null | undefined> {
  return (await db.namespace.findUnique({ where: { name: namespace }, select: { publisherId: true } }))?.publisherId;
}

/** Whether repositories the indexer discovers in `namespace` start public, with its audit entry. */
export async function saveNamespaceSettings(
  db: Catalog,
  change: { namespace: string; publisherId: number | null; newRepositoriesPublic: boolean },
  actor: AuditActor,
) {
  const { namespace, publisherId, newRepositoriesPublic } = change;
  return writeTransaction(db, async (tx) => {
    const saved = await tx.namespace.update({ where: { name: namespace }, data: { newRepositoriesPublic } });
    await recordAudit(tx, actor, { publisherId, action: "namespace.settings", target: namespace, detail: { newRepositoriesPublic } });
    return { namespace: saved.name, newRepositoriesPublic: saved.newRepositoriesPublic };
  });
}

export async function insertPublisher(db: Catalog, displayName: string, actor: AuditActor) {
  return writeTransaction(db, async (tx) => {
    const created = await tx.publisher.create({ data: { displayName } });
    await recordAudit(tx, actor, { publisherId: created.id, action: "publisher.create", target: displayName });
    return created;
  });
}

interface PublisherName {
  id: number;
  displayName: string;
}

/**
 * Gives `namespace` to the publisher, creating the namespace if needed; one
 * another publisher owns moves only with `move`. Says what it found:
 * no such publisher, the namespace already the publisher's, owned by
 * another (`previous`, unchanged without `move`), or assigned.
 */
export async function assignNamespaceAudited(
  db: Catalog,
  change: { namespace: string; publisherId: number; move: boolean },
  actor: AuditActor,
): Promise<
  | { outcome: "no-publisher" }
  | { outcome: "unchanged" | "owned-by-another" | "assigned"; publisher: PublisherName; previous: PublisherName | null }
> {
  const { namespace } = change;
  return writeTransaction(db, async (tx) => {
    const publisher = await tx.publisher.findUnique({ where: { id: change.publisherId } });
    if (!publisher) return { outcome: "no-publisher" };
    const current = await tx.namespace.findUnique({ where: { name: namespace }, include: { publisher: true } });
    const previous = current?.publisher ?? null;
    if (previous?.id === publisher.id) return { outcome: "unchanged", publisher, previous };
    if (previous && !change.move) return { outcome: "owned-by-another", publisher, previous };
    await assignNamespace(tx, namespace, publisher.id);
    await recordAudit(tx, actor, {
      publisherId: publisher.id,
      action: "namespace.assign",
      target: namespace,
      detail: previous ? { from: previous.displayName } : {},
    });
    if (previous) {
      await recordAudit(tx, actor, { publisherId: previous.id, action: "namespace.move", target: namespace, detail: { to: publisher.displayName } });
    }
    return { outcome: "assigned", publisher, previous };
  });
}

/**
 * Makes the account with `email` a member with `role`, or, when there is
 * none, stores `invitation` for it. Null when there is no such publisher.
 */
export async function addMemberOrInvite(
  db: Catalog,
  change: { publisherId: number; email: string; role: string; invitation: { tokenHash: string; expiresAt: Date } },
  actor: AuditActor,
): Promise<{ publisher: PublisherName; invited: null | { expiresAt: Date } } | null> {
  const { email, role } = change;
  return writeTransaction(db, async (tx) => {
    const publisher = await tx.publisher.findUnique({ where: { id: change.publisherId } });
    if (!publisher) return null;
    const user = await tx.user.findUnique({ where: { email } });
    if (user) {
      await upsertMembership(tx, user.id, publisher.id, role);
      await recordAudit(tx, actor, { publisherId: publisher.id, action: "member.add", target: email, detail: { role } });
      return { publisher, invited: null };
    }
    const invitation = await insertInvitation(tx, { publisherId: publisher.id, email, role, ...change.invitation });
    await recordAudit(tx, actor, {
      publisherId: publisher.id,
      action: "member.invite",
      target: email,
      detail: { role, expiresAt: invitation.expiresAt },
    });
    return { publisher, invited: { expiresAt: invitation.expiresAt } };
  });
}

/** Changes a member's role, or (role null) removes them; null when the account is not a member of the publisher. */
export async function changeMembership(
  db: Catalog,
  change: { publisherId: number; userId: number; role: string | null },
  actor: AuditActor,
): Promise<{ email: string; publisher: PublisherName } | null> {
  const { role } = change;
  const key = { userId_publisherId: { userId: change.userId, publisherId: change.publisherId } };
  return writeTransaction(db, async (tx) => {
    const membership = await tx.membership.findUnique({ where: key, include: { user: true, publisher: true } });
    if (!membership) return null;
    const { user, publisher } = membership;
    if (role) await upsertMembership(tx, user.id, publisher.id, role);
    else await tx.membership.delete({ where: key });
    await recordAudit(tx, actor, {
      publisherId: publisher.id,
      action: role ? "member.role" : "member.remove",
      target: user.email,
      detail: role ? { from: membership.role, to: role } : { role: membership.role },
    });
    return { email: user.email, publisher };
  });
}

/**
 * Grants or revokes a badge. Search shows badges, so the publisher's
 * repositories are queued for the indexer to republish (updatePublisher).
 * Null when there is no such publisher.
 */
export async function setPublisherBadge(
  db: Catalog,
  change: { publisherId: number; badge: Badge; granted: boolean },
  actor: AuditActor,
) {
  return writeTransaction(db, async (tx) => {
    if (!(await tx.publisher.findUnique({ where: { id: change.publisherId } }))) return null;
    const publisher = await updatePublisher(tx, change.publisherId, { [change.badge]: change.granted });
    await recordAudit(tx, actor, {
      publisherId: publisher.id,
      action: change.granted ? "badge.grant" : "badge.revoke",
      target: change.badge,
    });
    return publisher;
  });
}

/** Every publisher with its namespaces, members and open invitations; the namespaces of none; every account. */
export async function adminOverview(db: Catalog) {
  const [publishers, unassigned, users] = await Promise.all([
    db.publisher.findMany({
      orderBy: { displayName: "asc" },
      include: {
        namespaces: { select: { name: true }, orderBy: { name: "asc" } },
        members: { include: { user: { select: { email: true } } }, orderBy: { user: { email: "asc" } } },
        invitations: {
          where: { acceptedAt: null, expiresAt: { gt: new Date() } },
          select: { id: true, email: true, role: true, expiresAt: true },
          orderBy: { createdAt: "desc" },
        },
      },
    }),
    db.namespace.findMany({ where: { publisherId: null }, select: { name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({ select: { id: true, email: true, admin: true, createdAt: true }, orderBy: { email: "asc" } }),
  ]);
  return {
    publishers: publishers.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      verified: p.verified,
      official: p.official,
      namespaces: p.namespaces.map((n) => n.name),
      members: p.members.map((m) => ({ userId: m.userId, email: m.user.email, role: m.role })),
      invitations: p.invitations,
    })),
    unassignedNamespaces: unassigned.map((n) => n.name),
    users,
  };
}
