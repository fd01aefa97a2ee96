import "server-only";
/** What the /auth forms show for what was typed: error codes and their messages. */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordPolicyError } from "./passwords.server";
import { AccountError } from "./users.server";

/** The form's error code for an account that createUser refused; anything else is rethrown. */
export function accountErrorCode(error: unknown): string {
  if (error instanceof AccountError) return error.reason;
  if (error instanceof PasswordPolicyError) return "password";
  throw error;
}

/** The message for a form's error code (the `error` query parameter); null for none or an unknown code. */
export function formErrorMessage(code: string | undefined, providerName = "the identity provider"): string | null {
  if (!code) return null;
  const messages: Record<string, string> = {
    credentials: "Wrong email or password.",
    email: "Enter a valid email address.",
    taken: "An account with this email exists already: sign in instead.",
    password: `A password needs ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
    "no-account":
      "There is no Galleon account for this identity. Ask a publisher's owner or the site admin for an invitation.",
    "oidc-expired": `Signing in with ${providerName} took too long or was started in another browser. Try again.`,
    "oidc-failed": `Signing in with ${providerName} failed. Try again; if it keeps failing, tell the site admin.`,
    "oidc:access_denied": `${providerName} did not sign you in: access was denied or cancelled.`,
  };
  if (messages[code]) return messages[code];
  const providerError = /^oidc:([a-z_]{1,64})$/.exec(code)?.[1];
  return providerError ? `${providerName} refused the sign-in (${providerError}).` : null;
}
