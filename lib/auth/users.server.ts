import "server-only";
import { EmailTakenError, insertAccount, type NewAccount, upsertMembership } from "@/lib/catalog/accounts";
import type { Catalog } from "@/lib/catalog/database.server";
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

/** The account to store for `user`; AccountError for an email that is not one. */
export function newAccount(user: NewUser): NewAccount {
  return {
    email: checkEmail(user.email),
    name: user.name?.trim() ?? "",
    admin: user.admin ?? false,
    passwordHash: async () => (user.password === undefined ? null : hashPassword(user.password)),
  };
}

/** Runs a catalog write that creates an account, answering a taken email with AccountError. */
export async function refusingTakenEmail<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof EmailTakenError) throw new AccountError(error.message, "taken");
    throw error;
  }
}

/** Creates an account. */
export function createUser(db: Catalog, user: NewUser) {
  return refusingTakenEmail(insertAccount(db, newAccount(user)));
}

/** Makes the user a member of the publisher with `role`, or changes their role. */
export async function setMembership(db: Catalog, userId: number, publisherId: number, role: Role) {
  await upsertMembership(db, userId, publisherId, role);
}
