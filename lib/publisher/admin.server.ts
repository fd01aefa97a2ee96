import "server-only";
/**
 * The site operator's work: publishers, their namespaces, members and
 * badges, and accounts. The /admin page (via its API) and `galleon admin`
 * call these; each checks isAdmin and writes its audit entry in the change's
 * transaction. Results carry a `message` written to be shown as it is.
 */
import { insertAuditedAccount } from "@/lib/catalog/accounts";
import { invitationPath, newInvitation } from "@/lib/auth/invitations.server";
import { PasswordPolicyError } from "@/lib/auth/passwords.server";
import { isAdmin, type Principal, ROLES, type Role } from "@/lib/auth/policy";
import type { Authentication } from "@/lib/auth/principal.server";
import { AccountError, checkEmail, newAccount, refusingTakenEmail } from "@/lib/auth/users.server";
import type { Catalog } from "@/lib/catalog/database.server";
import { isReservedNamespace, isValidNamespace, NAMESPACE_MAX_LENGTH } from "@/lib/catalog/names";
import * as publishers from "@/lib/catalog/publishers";
import { BADGES, type Badge } from "@/lib/catalog/publishers";
import { siteUrl } from "@/lib/config/environment";
import { auditActor } from "./audit.server";
import { DISPLAY_NAME_MAX } from "@/lib/config/limits";
import { notFound, PublisherError } from "./errors";

export { BADGES, type Badge } from "@/lib/catalog/publishers";

/** Everyone else is answered as if the admin side did not exist. */
function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal)) throw notFound();
}

export async function createPublisher(db: Catalog, auth: Authentication, input: { displayName: string }) {
  requireAdmin(auth.principal);
  const displayName = checkDisplayName(input.displayName);
  const publisher = await publishers.insertPublisher(db, displayName, auditActor(auth));
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
  const assigned = await publishers.assignNamespaceAudited(
    db,
    { namespace, publisherId: input.publisherId, move: input.move ?? false },
    auditActor(auth),
  );
  if (assigned.outcome === "no-publisher") throw noPublisher(input.publisherId);
  const { publisher, previous } = assigned;
  if (assigned.outcome === "unchanged") {
    return { namespace, publisherId: publisher.id, message: `"${namespace}" already belongs to ${publisher.displayName}.` };
  }
  if (previous && assigned.outcome === "owned-by-another") {
    throw new PublisherError(
      409,
      `"${namespace}" belongs to ${previous.displayName} (id ${previous.id}); moving it to ${publisher.displayName} must be asked for explicitly`,
      "namespace",
    );
  }
  return {
    namespace,
    publisherId: publisher.id,
    message: previous
      ? `Moved "${namespace}" from ${previous.displayName} to ${publisher.displayName}.`
      : `"${namespace}" now belongs to ${publisher.displayName}.`,
  };
}

const noPublisher = (id: number) => new PublisherError(404, `there is no publisher with id ${id}`, "publisherId");

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
  const { token, invitation } = newInvitation({ publisherId: input.publisherId, email, role });
  const added = await publishers.addMemberOrInvite(
    db,
    { publisherId: input.publisherId, email, role, invitation },
    auditActor(auth),
  );
  if (!added) throw noPublisher(input.publisherId);
  const { publisher, invited } = added;
  if (!invited) {
    return {
      status: "member" as const,
      email,
      role,
      message: `${email} has an account: they are now ${role} of ${publisher.displayName}.`,
    };
  }
  return {
    status: "invited" as const,
    email,
    role,
    link: new URL(invitationPath(token), siteUrl()).href,
    expiresAt: invited.expiresAt,
    message: `Invited ${email} as ${role} of ${publisher.displayName}. Pass the link on; it is shown only now and works until ${invited.expiresAt.toISOString()}.`,
  };
}

/** Changes a member's role, or (role null) removes them from the publisher. */
export async function setMemberRole(
  db: Catalog,
  auth: Authentication,
  input: { publisherId: number; userId: number; role: string | null },
) {
  requireAdmin(auth.principal);
  const role = input.role === null ? null : checkRole(input.role);
  const changed = await publishers.changeMembership(db, { ...input, role }, auditActor(auth));
  if (!changed) throw new PublisherError(404, "this account is not a member of this publisher");
  const { email, publisher } = changed;
  return {
    message: role ? `${email} is now ${role} of ${publisher.displayName}.` : `${email} is no longer a member of ${publisher.displayName}.`,
  };
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
  const publisher = await publishers.setPublisherBadge(db, input, auditActor(auth));
  if (!publisher) throw noPublisher(input.publisherId);
  return {
    id: publisher.id,
    displayName: publisher.displayName,
    verified: publisher.verified,
    official: publisher.official,
    message: `${publisher.displayName} ${input.granted ? "now has" : "no longer has"} the ${input.badge} badge.`,
  };
}

/** Creates an account that signs in with a password: the operator's first admin, or anyone's ahead of an invitation. */
export async function createAccount(
  db: Catalog,
  auth: Authentication,
  input: { email: string; password: string; admin: boolean },
) {
  requireAdmin(auth.principal);
  try {
    const user = await refusingTakenEmail(insertAuditedAccount(db, newAccount(input), auditActor(auth)));
    return { id: user.id, email: user.email, admin: user.admin, message: `Created ${user.admin ? "admin " : ""}account ${user.email}.` };
  } catch (error) {
    throw asPublisherError(error);
  }
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
  const overview = await publishers.adminOverview(db);
  return {
    ...overview,
    publishers: overview.publishers.map((p) => ({
      ...p,
      members: p.members.map((m) => ({ ...m, role: m.role as Role })),
      invitations: p.invitations.map((i) => ({ ...i, role: i.role as Role })),
    })),
  };
}

export type AdminOverview = Awaited<ReturnType<typeof adminOverview>>;

/** A badge named in the path; any other name names nothing (404). */
export function badgeOf(segment: string): Badge {
  if (!(BADGES as readonly string[]).includes(segment)) throw notFound();
  return segment as Badge;
}
