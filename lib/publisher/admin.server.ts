/**
 * The site operator's work: publishers, their namespaces, members and
 * badges, and accounts. The /admin page (via its API) and `galleon admin`
 * call these; each checks isAdmin and writes its audit entry in the change's
 * transaction. Results carry a `message` written to be shown as it is.
 */
import { createInvitation, invitationPath } from "@/lib/auth/invitations.server";
import { PasswordPolicyError } from "@/lib/auth/passwords.server";
import { isAdmin, type Principal, ROLES, type Role } from "@/lib/auth/policy";
import type { Authentication } from "@/lib/auth/principal.server";
import { AccountError, checkEmail, createUser, setMembership } from "@/lib/auth/users.server";
import type { Catalog } from "@/lib/catalog/client";
import { isReservedNamespace, isValidNamespace, NAMESPACE_MAX_LENGTH } from "@/lib/catalog/names";
import { assignNamespace, updatePublisher } from "@/lib/catalog/publishing";
import { type CatalogTransaction, writeTransaction } from "@/lib/catalog/transaction";
import { siteUrl } from "@/lib/config";
import { recordAudit } from "./audit.server";
import { notFound, PublisherError } from "./errors";

export const DISPLAY_NAME_MAX = 100;
export const BADGES = ["verified", "official"] as const;
export type Badge = (typeof BADGES)[number];

/** Everyone else is answered as if the admin side did not exist. */
function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal)) throw notFound();
}

export async function createPublisher(db: Catalog, auth: Authentication, input: { displayName: string }) {
  requireAdmin(auth.principal);
  const displayName = checkDisplayName(input.displayName);
  const publisher = await writeTransaction(db, async (tx) => {
    const created = await tx.publisher.create({ data: { displayName } });
    await recordAudit(tx, auth, { publisherId: created.id, action: "publisher.create", target: displayName });
    return created;
  });
  return { id: publisher.id, displayName, message: `Created publisher "${displayName}" (id ${publisher.id}).` };
}

function checkDisplayName(value: string): string {
  const displayName = value.trim();
  if (!displayName || displayName.length > DISPLAY_NAME_MAX) {
    throw new PublisherError(400, `a publisher needs a name of 1 to ${DISPLAY_NAME_MAX} characters`, "displayName");
  }
  return displayName;
}

/**
 * Gives a namespace to a publisher, creating it if the catalog does not know
 * it yet. A namespace another publisher owns moves only when `move` says so:
 * its members and tokens lose it at once.
 */
export async function assignNamespaceTo(
  db: Catalog,
  auth: Authentication,
  input: { namespace: string; publisherId: number; move?: boolean },
) {
  requireAdmin(auth.principal);
  const namespace = input.namespace.trim();
  if (!isValidNamespace(namespace)) {
    throw new PublisherError(
      400,
      `"${namespace}" is not a namespace: lowercase letters and digits, separated by ".", "_", "__" or "-", at most ${NAMESPACE_MAX_LENGTH} characters`,
      "namespace",
    );
  }
  if (isReservedNamespace(namespace)) {
    throw new PublisherError(400, `"${namespace}" is a reserved gallery path and cannot be a publisher's namespace`, "namespace");
  }
  return writeTransaction(db, async (tx) => {
    const publisher = await findPublisher(tx, input.publisherId);
    const current = await tx.namespace.findUnique({ where: { name: namespace }, include: { publisher: true } });
    const previous = current?.publisher;
    if (previous?.id === publisher.id) {
      return { namespace, publisherId: publisher.id, message: `"${namespace}" already belongs to ${publisher.displayName}.` };
    }
    if (previous && !input.move) {
      throw new PublisherError(
        409,
        `"${namespace}" belongs to ${previous.displayName} (id ${previous.id}); moving it to ${publisher.displayName} must be asked for explicitly`,
        "namespace",
      );
    }
    await assignNamespace(tx, namespace, publisher.id);
    await recordAudit(tx, auth, {
      publisherId: publisher.id,
      action: "namespace.assign",
      target: namespace,
      detail: previous ? { from: previous.displayName } : {},
    });
    if (previous) {
      await recordAudit(tx, auth, {
        publisherId: previous.id,
        action: "namespace.move",
        target: namespace,
        detail: { to: publisher.displayName },
      });
    }
    return {
      namespace,
      publisherId: publisher.id,
      message: previous
        ? `Moved "${namespace}" from ${previous.displayName} to ${publisher.displayName}.`
        : `"${namespace}" now belongs to ${publisher.displayName}.`,
    };
  });
}

async function findPublisher(tx: CatalogTransaction, id: number) {
  const publisher = await tx.publisher.findUnique({ where: { id } });
  if (!publisher) throw new PublisherError(404, `there is no publisher with id ${id}`, "publisherId");
  return publisher;
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new PublisherError(400, `role is one of ${ROLES.join(", ")}`, "role");
  return role as Role;
}

/**
 * Adds someone to a publisher. Someone with an account becomes a member at
 * once; for anyone else an invitation is created, and its link (carrying the
 * only copy of its secret) is returned for the admin to pass on.
 */
export async function inviteMember(
  db: Catalog,
  auth: Authentication,
  input: { publisherId: number; email: string; role: string },
) {
  requireAdmin(auth.principal);
  const role = checkRole(input.role);
  let email: string;
  try {
    email = checkEmail(input.email);
  } catch (error) {
    throw asPublisherError(error);
  }
  return writeTransaction(db, async (tx) => {
    const publisher = await findPublisher(tx, input.publisherId);
    const user = await tx.user.findUnique({ where: { email } });
    if (user) {
      await setMembership(tx, user.id, publisher.id, role);
      await recordAudit(tx, auth, { publisherId: publisher.id, action: "member.add", target: email, detail: { role } });
      return {
        status: "member" as const,
        email,
        role,
        message: `${email} has an account: they are now ${role} of ${publisher.displayName}.`,
      };
    }
    const invitation = await createInvitation(tx, { publisherId: publisher.id, email, role });
    await recordAudit(tx, auth, {
      publisherId: publisher.id,
      action: "member.invite",
      target: email,
      detail: { role, expiresAt: invitation.expiresAt },
    });
    return {
      status: "invited" as const,
      email,
      role,
      link: new URL(invitationPath(invitation.token), siteUrl()).href,
      expiresAt: invitation.expiresAt,
      message: `Invited ${email} as ${role} of ${publisher.displayName}. Pass the link on; it is shown only now and works until ${invitation.expiresAt.toISOString()}.`,
    };
  });
}

/** Changes a member's role, or (role null) removes them from the publisher. */
export async function setMemberRole(
  db: Catalog,
  auth: Authentication,
  input: { publisherId: number; userId: number; role: string | null },
) {
  requireAdmin(auth.principal);
  const role = input.role === null ? null : checkRole(input.role);
  return writeTransaction(db, async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_publisherId: { userId: input.userId, publisherId: input.publisherId } },
      include: { user: true, publisher: true },
    });
    if (!membership) throw new PublisherError(404, "this account is not a member of this publisher");
    const { user, publisher } = membership;
    if (role) {
      await setMembership(tx, user.id, publisher.id, role);
    } else {
      await tx.membership.delete({ where: { userId_publisherId: { userId: user.id, publisherId: publisher.id } } });
    }
    await recordAudit(tx, auth, {
      publisherId: publisher.id,
      action: role ? "member.role" : "member.remove",
      target: user.email,
      detail: role ? { from: membership.role, to: role } : { role: membership.role },
    });
    return {
      message: role
        ? `${user.email} is now ${role} of ${publisher.displayName}.`
        : `${user.email} is no longer a member of ${publisher.displayName}.`,
    };
  });
}

/**
 * Grants or revokes a badge. Search shows badges, so the publisher's
 * repositories are queued for the indexer to republish (updatePublisher).
 */
export async function setBadge(
  db: Catalog,
  auth: Authentication,
  input: { publisherId: number; badge: Badge; granted: boolean },
) {
  requireAdmin(auth.principal);
  if (!BADGES.includes(input.badge)) throw new PublisherError(400, `a badge is one of ${BADGES.join(", ")}`, "badge");
  return writeTransaction(db, async (tx) => {
    const current = await findPublisher(tx, input.publisherId);
    const publisher = await updatePublisher(tx, current.id, { [input.badge]: input.granted });
    await recordAudit(tx, auth, {
      publisherId: publisher.id,
      action: input.granted ? "badge.grant" : "badge.revoke",
      target: input.badge,
    });
    return {
      id: publisher.id,
      displayName: publisher.displayName,
      verified: publisher.verified,
      official: publisher.official,
      message: `${publisher.displayName} ${input.granted ? "now has" : "no longer has"} the ${input.badge} badge.`,
    };
  });
}

/** Creates an account that signs in with a password: the operator's first admin, or anyone's ahead of an invitation. */
export async function createAccount(
  db: Catalog,
  auth: Authentication,
  input: { email: string; password: string; admin: boolean },
) {
  requireAdmin(auth.principal);
  return writeTransaction(db, async (tx) => {
    const user = await createUser(tx, input).catch((error: unknown) => {
      throw asPublisherError(error);
    });
    await recordAudit(tx, auth, { publisherId: null, action: "user.create", target: user.email, detail: { admin: user.admin } });
    return { id: user.id, email: user.email, admin: user.admin, message: `Created ${user.admin ? "admin " : ""}account ${user.email}.` };
  });
}

/** Account rules' refusals, as the 400s every door shows. */
function asPublisherError(error: unknown): unknown {
  if (error instanceof AccountError) return new PublisherError(400, error.message, "email");
  if (error instanceof PasswordPolicyError) return new PublisherError(400, error.message, "password");
  return error;
}

/** What the admin page shows: every publisher with its namespaces, members and open invitations; every account. */
export async function adminOverview(db: Catalog, principal: Principal) {
  requireAdmin(principal);
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
      members: p.members.map((m) => ({ userId: m.userId, email: m.user.email, role: m.role as Role })),
      invitations: p.invitations.map((i) => ({ ...i, role: i.role as Role })),
    })),
    unassignedNamespaces: unassigned.map((n) => n.name),
    users,
  };
}

export type AdminOverview = Awaited<ReturnType<typeof adminOverview>>;
