import "server-only";
import type { Catalog } from "@/lib/catalog/database.server";
import { findUserById } from "@/lib/catalog/accounts";
import * as invitations from "@/lib/catalog/invitations";
import { type Role } from "./policy";
import { newSecret, secretHash } from "./secrets";
import { newAccount, normalizeEmail, refusingTakenEmail } from "./users.server";

export const INVITATION_DAYS = 7;

/**
 * A new invitation to join a publisher: the row to store, and its token,
 * which only the link carries (Galleon sends no mail: the admin passes the link on).
 */
export function newInvitation(input: { publisherId: number; email: string; role: Role }) {
  const token = newSecret();
  const invitation = {
    publisherId: input.publisherId,
    email: normalizeEmail(input.email),
    role: input.role,
    tokenHash: secretHash(token),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  };
  return { token, invitation };
}

/** Stores a new invitation; returns the token. */
export async function createInvitation(db: Catalog, input: { publisherId: number; email: string; role: Role }) {
  const { token, invitation } = newInvitation(input);
  const created = await invitations.insertInvitation(db, invitation);
  return { id: created.id, token, expiresAt: created.expiresAt };
}

export const invitationPath = (token: string) => `/auth/invitations/${encodeURIComponent(token)}`;

/** The open invitation a link carries, with its publisher's name; null when unknown, used or expired. */
export function findInvitation(db: Catalog, token: string) {
  return invitations.findOpenInvitation(db, secretHash(token));
}

/** Makes `userId` a member as the invitation says and uses the invitation up; false when it is no longer open. */
export function acceptInvitation(db: Catalog, token: string, userId: number): Promise<boolean> {
  return invitations.acceptInvitation(db, secretHash(token), userId);
}

/**
 * Creates the invited email's account with `password` and accepts the
 * invitation, both or neither; null when the invitation is no longer open.
 * Throws AccountError or PasswordPolicyError for a refused account.
 */
export function acceptInvitationWithNewAccount(db: Catalog, token: string, password: string): Promise<number | null> {
  return refusingTakenEmail(
    invitations.acceptInvitationWithNewAccount(db, secretHash(token), (email) => newAccount({ email, password })),
  );
}

/**
 * "Accept", signed in as `userId` (null: signed out): "accepted";
 * "unavailable" when there is no open invitation or no such account; or the
 * invited email, when the account has another (nothing is accepted).
 */
export async function acceptInvitationAs(
  db: Catalog,
  token: string,
  userId: number | null,
): Promise<"accepted" | "unavailable" | { invitedEmail: string }> {
  const invitation = await findInvitation(db, token);
  const user = userId === null ? null : await findUserById(db, userId);
  if (!invitation || !user) return "unavailable";
  if (user.email !== invitation.email) return { invitedEmail: invitation.email };
  return (await acceptInvitation(db, token, user.id)) ? "accepted" : "unavailable";
}
