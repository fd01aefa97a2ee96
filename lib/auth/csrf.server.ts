import "server-only";
import { createHmac } from "node:crypto";
import { siteUrl } from "@/lib/config/environment";
import { sameSecret } from "./secrets";
import { siteCookie } from "./sessions.server";
import { siteSecret } from "./site-secret.server";

/** How long an anonymous form (sign-in, sign-up, invitation) may stay open before it must be reloaded. */
export const FORM_TOKEN_TTL_MS = 12 * 3600_000;

/**
 * A random id that proxy.ts gives every browser opening an /auth page.
 * Anonymous forms carry a token bound to it (login CSRF): a form posted from
 * another site arrives without the cookie (SameSite=Lax) or with a token made
 * for another browser, and is refused.
 */
export function presessionCookie(env: NodeJS.ProcessEnv = process.env) {
  return siteCookie("galleon_presession", undefined, env);
}

/** `<expiry>.<HMAC of the pre-session id and expiry>`: nothing to store on the server. */
export function anonymousCsrfToken(presessionId: string, now = Date.now()): string {
  const expires = String(now + FORM_TOKEN_TTL_MS);
  return `${expires}.${sign(presessionId, expires)}`;
}

export function validAnonymousCsrfToken(
  presessionId: string | null | undefined,
  submitted: string | null | undefined,
  now = Date.now(),
): boolean {
  const [expires, signature] = submitted?.split(".") ?? [];
  if (!presessionId || !expires || !signature || !(Number(expires) > now)) return false;
  return sameSecret(sign(presessionId, expires), signature);
}

function sign(presessionId: string, expires: string): string {
  return createHmac("sha256", siteSecret()).update(`form\n${presessionId}\n${expires}`).digest("base64url");
}

/**
 * Browsers name the page a state-changing request comes from in Origin (the
 * header, null when absent): it must be the gallery's own
 * (GALLEON_PUBLIC_URL). Clients that send no Origin still need the CSRF token.
 */
export function fromOwnOrigin(origin: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  return origin === null || origin === siteUrl(env).origin;
}
