import { type NewAccount, insertAccount, upsertMembership } from "./accounts";
import type { Catalog } from "./database.server";
import type { Invitation } from "./generated/client";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/** Invitations to join a publisher, found by the hash of the token their link carries. */

const isOpen = (invitation: Invitation) => !invitation.acceptedAt && invitation.expiresAt > new Date();

export async function insertInvitation(
  db: CatalogTransaction,
  invitation: { publisherId: number; email: string; role: string; tokenHash: string; expiresAt: Date },
) {
  return db.invitation.create({ data: invitation });
}

/** The open invitation with `tokenHash`, with its publisher's name; null when unknown, used or expired. */
export async function findOpenInvitation(db: Catalog, tokenHash: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash },
    include: { publisher: { select: { displayName: true } } },
  });
  return invitation && isOpen(invitation) ? invitation : null;
}

/** Makes `userId` a member as the invitation says and uses the invitation up; false when it is no longer open. */
export async function acceptInvitation(db: Catalog, tokenHash: string, userId: number): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
    if (!invitation || !isOpen(invitation)) return false;
    await useInvitation(tx, invitation, userId);
    return true;
  });
}

/**
 * Creates the account `accountFor` gives for the invited email and accepts
 * the invitation, both or neither; null when the invitation is no longer open.
 */
export async function acceptInvitationWithNewAccount(
  db: Catalog,
  tokenHash: string,
  accountFor: (email: string) => NewAccount,
): Promise<number | null> {
  return writeTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash } });
    if (!invitation || !isOpen(invitation)) return null;
    const user = await insertAccount(tx, accountFor(invitation.email));
    await useInvitation(tx, invitation, user.id);
    return user.id;
  });
}

/** Whether `email` (normalized) has an open invitation (anyone's). */
export async function hasOpenInvitation(tx: CatalogTransaction, email: string): Promise<boolean> {
  const open = await tx.invitation.count({ where: { email, acceptedAt: null, expiresAt: { gt: new Date() } } });
  return open > 0;
}

/** Accepts every open invitation for `email` (normalized) on behalf of the new account `userId`. */
export async function acceptOpenInvitations(tx: CatalogTransaction, email: string, userId: number): Promise<void> {
  const invitations = await tx.invitation.findMany({ where: { email, acceptedAt: null } });
  for (const invitation of invitations.filter(isOpen)) await useInvitation(tx, invitation, userId);
}

async function useInvitation(tx: CatalogTransaction, invitation: Invitation, userId: number): Promise<void> {
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
  await upsertMembership(tx, userId, invitation.publisherId, invitation.role);
}
