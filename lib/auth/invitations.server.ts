import type { Catalog } from "@/lib/catalog/client";
import { type CatalogTransaction, writeTransaction } from "@/lib/catalog/transaction";
import { type Role } from "./policy";
import { newSecret, secretHash } from "./secrets";
import { normalizeEmail } from "./users.server";

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

export const invitationPath = (token: string) => `/auth/invitations/${token}`;

/** The open invitation a link carries, with its publisher's name; null when unknown, used or expired. */
export async function findInvitation(db: Catalog, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: secretHash(token) },
    include: { publisher: { select: { displayName: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) return null;
  return invitation;
}

/** Makes `userId` a member as the invitation says and uses the invitation up; false when it is no longer open. */
export async function acceptInvitation(db: Catalog, token: string, userId: number): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash: secretHash(token) } });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) return false;
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await tx.membership.upsert({
      where: { userId_publisherId: { userId, publisherId: invitation.publisherId } },
      create: { userId, publisherId: invitation.publisherId, role: invitation.role },
      update: { role: invitation.role },
    });
    return true;
  });
}
