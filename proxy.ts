import { type NextRequest, NextResponse } from "next/server";
import { presessionCookie } from "@/lib/auth/csrf.server";
import { newSecret } from "@/lib/auth/secrets";

/**
 * Gives a browser opening a page with an anonymous form the pre-session
 * cookie that the form's CSRF token is bound to (lib/auth/csrf.server.ts),
 * on the request as well, so the page renders its token for it at once.
 */
export function proxy(request: NextRequest) {
  const cookie = presessionCookie();
  if (request.cookies.has(cookie.name)) return NextResponse.next();
  const id = newSecret();
  request.cookies.set(cookie.name, id);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(cookie.name, id, cookie.options);
  return response;
}

export const config = { matcher: ["/auth/sign-in", "/auth/sign-up", "/auth/invitations/:token"] };
