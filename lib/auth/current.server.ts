import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getCatalog } from "@/lib/catalog/database.server";
import { anonymousCsrfToken, presessionCookie } from "./csrf.server";
import type { Principal } from "./policy";
import { loadSessionPrincipal } from "./principal.server";
import { sessionCookie } from "./sessions.server";

export interface SignedIn {
  principal: Extract<Principal, { kind: "user" }>;
  /** Put in every form (field `csrf`) and fetch (header X-CSRF-Token) that changes state. */
  csrfToken: string;
}

/**
 * The signed-in user of the current request, for server components and route
 * handlers; null when signed out. Looked up once per request (the site header
 * and the page both ask).
 */
export const getSignedIn = cache(async (): Promise<SignedIn | null> => {
  const token = (await cookies()).get(sessionCookie().name)?.value;
  const signedIn = token ? await loadSessionPrincipal(getCatalog(), token) : null;
  return signedIn && { principal: signedIn.principal, csrfToken: signedIn.session.csrfToken };
});

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireSignedIn(returnTo: string): Promise<SignedIn> {
  const signedIn = await getSignedIn();
  if (!signedIn) redirect(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  return signedIn;
}

/** The CSRF token for an anonymous form on this page (field `csrf`), bound to the pre-session cookie proxy.ts sets. */
export async function anonymousFormToken(): Promise<string> {
  const presessionId = (await cookies()).get(presessionCookie().name)?.value;
  // Without the cookie (refused by the browser) no token could pass: the post explains.
  return presessionId ? anonymousCsrfToken(presessionId) : "";
}
