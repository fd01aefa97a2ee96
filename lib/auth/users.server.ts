import type { CatalogTransaction } from "@/lib/catalog/transaction";
import { hashPassword } from "./passwords.server";
import type { Role } from "./policy";

/** Emails identify accounts case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose: one "@", something on each side, a dot in the domain. Invitations prove the rest.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class AccountError extends Error {
  constructor(
    message: string,
    /** Which rule refused the account, for forms that show their own message. */
    readonly reason: "email" | "taken",
  ) {
    super(message);
  }
}

/** Whether anyone may create an account (GALLEON_SIGNUP=on); off by default: accounts come from invitations. */
export function signupOpen(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GALLEON_SIGNUP === "on";
}

/** The normalized email, or an AccountError saying it is not one. */
export function checkEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!EMAIL_PATTERN.test(normalized) || normalized.length > 254) {
    throw new AccountError(`"${email}" is not an email address`, "email");
  }
  return normalized;
}

export interface NewUser {
  email: string;
  /** Omitted for accounts that sign in only through OpenID Connect. */
  password?: string;
  name?: string;
  admin?: boolean;
}

/** Creates an account, in a transaction of the caller's when it must be stored with something else. */
export async function createUser(db: CatalogTransaction, user: NewUser) {
  const email = checkEmail(user.email);
  if (await db.user.findUnique({ where: { email } })) {
    throw new AccountError(`an account for ${email} exists already`, "taken");
  }
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
export async function setMembership(db: CatalogTransaction, userId: number, publisherId: number, role: Role) {
  await db.membership.upsert({
    where: { userId_publisherId: { userId, publisherId } },
    create: { userId, publisherId, role },
    update: { role },
  });
}
