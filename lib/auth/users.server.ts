import type { Catalog } from "@/lib/catalog/client";
import { hashPassword } from "./passwords.server";
import type { Role } from "./policy";

/** Emails identify accounts case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose: one "@", something on each side, a dot in the domain. Invitations prove the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class AccountError extends Error {}

export interface NewUser {
  email: string;
  /** Omitted for accounts that sign in only through OpenID Connect. */
  password?: string;
  name?: string;
  admin?: boolean;
}

export async function createUser(db: Catalog, user: NewUser) {
  const email = normalizeEmail(user.email);
  if (!EMAIL_PATTERN.test(email) || email.length > 254) throw new AccountError(`"${user.email}" is not an email address`);
  if (await db.user.findUnique({ where: { email } })) throw new AccountError(`an account for ${email} exists already`);
  return db.user.create({
    data: {
      email,
      name: user.name?.trim() ?? "",
      admin: user.admin ?? false,
      passwordHash: user.password === undefined ? null : await hashPassword(user.password),
    },
  });
}

/** Makes the user a member of the publisher with `role`, or changes their role. */
export async function setMembership(db: Catalog, userId: number, publisherId: number, role: Role) {
  await db.membership.upsert({
    where: { userId_publisherId: { userId, publisherId } },
    create: { userId, publisherId, role },
    update: { role },
  });
}
