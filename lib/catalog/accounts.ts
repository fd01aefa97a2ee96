import { type AuditActor, recordAudit } from "./audit";
import type { Catalog } from "./database.server";
import { acceptOpenInvitations, hasOpenInvitation } from "./invitations";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/** Accounts, their memberships of publishers, and the external identities linked to them. */

export interface NewAccount {
  /** Normalized (lowercase) and checked by the caller. */
  email: string;
  name: string;
  admin: boolean;
  /** Asked for only once the email is known to be free: hashing a password takes a while. */
  passwordHash: () => Promise<string | null>;
}

/** An account exists already for the email. */
export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`an account for ${email} exists already`);
    this.name = "EmailTakenError";
  }
}

export async function findUserByEmail(db: CatalogTransaction, email: string) {
  return db.user.findUnique({ where: { email }, select: { id: true, email: true, admin: true, passwordHash: true } });
}

/** Whether an account exists for `email` (normalized). */
export async function accountExists(db: Catalog, email: string): Promise<boolean> {
  return (await db.user.count({ where: { email } })) > 0;
}

export async function findUserById(db: Catalog, id: number) {
  return db.user.findUnique({ where: { id }, select: { id: true, email: true } });
}

/** Creates an account, in a transaction of the caller's when it is stored with something else; EmailTakenError when taken. */
export async function insertAccount(db: CatalogTransaction, account: NewAccount) {
  if (await db.user.findUnique({ where: { email: account.email } })) throw new EmailTakenError(account.email);
  const { passwordHash, ...fields } = account;
  return db.user.create({ data: { ...fields, passwordHash: await passwordHash() } });
}

/** Creates an account with its audit entry. */
export async function insertAuditedAccount(db: Catalog, account: NewAccount, actor: AuditActor) {
  return writeTransaction(db, async (tx) => {
    const user = await insertAccount(tx, account);
    await recordAudit(tx, actor, { publisherId: null, action: "user.create", target: user.email, detail: { admin: user.admin } });
    return user;
  });
}

/** Makes the user a member of the publisher with `role`, or changes their role. */
export async function upsertMembership(db: CatalogTransaction, userId: number, publisherId: number, role: string): Promise<void> {
  await db.membership.upsert({
    where: { userId_publisherId: { userId, publisherId } },
    create: { userId, publisherId, role },
    update: { role },
  });
}

/** A user with each publisher they are a member of and that publisher's namespaces. */
export async function findUserWithMemberships(db: Catalog, userId: number) {
  return db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { publisher: { include: { namespaces: { select: { name: true } } } } } } },
  });
}

/** Whether the user exists and is an admin or a member of the publisher. */
export async function isAdminOrMember(db: Catalog, userId: number, publisherId: number): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { admin: true, memberships: { where: { publisherId }, select: { role: true } } },
  });
  return !!user && (user.admin || user.memberships.length > 0);
}

/**
 * The account an external identity signs in to, in one transaction (nothing
 * is stored for a refused identity): the user it was linked to; else the
 * user of its `email` (null: unverified), linking it; else the account
 * `accountFor` gives (null: none) for whether the email has an open
 * invitation, created and linked, accepting its invitations.
 */
export async function userForExternalIdentity(
  db: Catalog,
  identity: { issuer: string; subject: string; email: string | null },
  accountFor: (email: string, invited: boolean) => NewAccount | null,
): Promise<number | null> {
  const { issuer, subject, email } = identity;
  return writeTransaction(db, async (tx) => {
    const linked = await tx.externalIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
    if (linked) return linked.userId;
    if (email === null) return null;
    let userId = (await tx.user.findUnique({ where: { email } }))?.id;
    if (userId === undefined) {
      const invited = await hasOpenInvitation(tx, email);
      const account = accountFor(email, invited);
      if (!account) return null;
      userId = (await insertAccount(tx, account)).id;
      if (invited) await acceptOpenInvitations(tx, email, userId);
    }
    await tx.externalIdentity.create({ data: { issuer, subject, userId } });
    return userId;
  });
}
