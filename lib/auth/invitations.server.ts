import type { Catalog } from "@/lib/catalog/client";
import type { Invitation } from "@/lib/catalog/generated/client";
import { type CatalogTransaction, writeTransaction } from "@/lib/catalog/transaction";
import { type Role } from "./policy";
import { newSecret, secretHash } from "./secrets";
import { createUser, normalizeEmail } from "./users.server";

export const INVITATION_DAYS = 7;

/**
 * An invitation to join a publisher. Galleon sends no mail: the admin passes
 * the link on. Returns the token, which only the link carries.
 */
export async function createInvitation(db: CatalogTransaction, input: { publisherId: number; email: string; role: Role }) {
  const token = newSecret();
  const invitation = await db.invitation.create({
    data: {
      publisherId: input.publisherId,
      email: normalizeEmail(input.email),
      role: input.role,
      tokenHash: secretHash(token),
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    },
  });
  return { id: invitation.id, token, expiresAt: invitation.expiresAt };
}

export const invitationPath = (token: string) => `/auth/invitations/${encodeURIComponent(token)}`;

const isOpen = (invitation: Invitation) => !invitation.acceptedAt && invitation.expiresAt > new Date();

/** The open invitation a link carries, with its publisher's name; null when unknown, used or expired. */
export async function findInvitation(db: Catalog, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: secretHash(token) },
    include: { publisher: { select: { displayName: true } } },
  });
  return invitation && isOpen(invitation) ? invitation : null;
}

/** Makes `userId` a member as the invitation says and uses the invitation up; false when it is no longer open. */
export async function acceptInvitation(db: Catalog, token: string, userId: number): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: secretHash(token) } });
    if (!invitation || !isOpen(invitation)) return false;
    await useInvitation(tx, invitation, userId);
    return true;
  });
}

/**
 * Creates the invited email's account with `password` and accepts the
 * invitation, both or neither; null when the invitation is no longer open.
 * Throws AccountError or PasswordPolicyError for a refused account.
 */
export async function acceptInvitationWithNewAccount(db: Catalog, token: string, password: string): Promise<number | null> {
  return writeTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: secretHash(token) } });
    if (!invitation || !isOpen(invitation)) return null;
    const user = await createUser(tx, { email: invitation.email, password });
    await useInvitation(tx, invitation, user.id);
    return user.id;
  });
}

/** Whether `email` has an open invitation (anyone's). */
export async function hasOpenInvitation(tx: CatalogTransaction, email: string): Promise<boolean> {
  const open = await tx.invitation.count({ where: { email: normalizeEmail(email), acceptedAt: null, expiresAt: { gt: new Date() } } });
  return open > 0;
}

/** Accepts every open invitation for `email` on behalf of the new account `userId`. */
export async function acceptOpenInvitations(tx: CatalogTransaction, email: string, userId: number): Promise<void> {
  const invitations = await tx.invitation.findMany({ where: { email: normalizeEmail(email), acceptedAt: null } });
  for (const invitation of invitations.filter(isOpen)) await useInvitation(tx, invitation, userId);
}

async function useInvitation(tx: CatalogTransaction, invitation: Invitation, userId: number): Promise<void> {
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
  await tx.membership.upsert({
    where: { userId_publisherId: { userId, publisherId: invitation.publisherId } },
    create: { userId, publisherId: invitation.publisherId, role: invitation.role },
    update: { role: invitation.role },
  });
}
