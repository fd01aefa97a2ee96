import { type NextRequest, NextResponse } from "next/server";
import { fromOwnOrigin, presessionCookie } from "@/lib/auth/csrf.server";
import { newSecret } from "@/lib/auth/secrets";
import { sessionCookie } from "@/lib/auth/sessions.server";
import { cacheControl } from "@/lib/security/cache";
import { IMAGE_PROXY_PATH } from "@/lib/markdown/images";
import { contentSecurityPolicy, IMAGE_POLICY, newNonce, staticSecurityHeaders } from "@/lib/security/headers";
import { allowedMethods, answersJson } from "@/lib/security/routes";
import { CACHE_STATUS_HEADER, cachedPage, isRenderRequest, placeholderNonce } from "@/lib/response-cache/serve.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Pages with an anonymous form, whose CSRF token is bound to the pre-session cookie.
const ANONYMOUS_FORM_PAGES = /^\/auth\/(sign-in|sign-up|invitations\/[^/]+)$/;

/**
 * Every request passes here first (README "Security headers"):
 * - a path that does not decode is a 400, a method the path does not answer
 *   a 405 with `Allow` (JSON on the API), before Next sees either;
 * - a state-changing request sent by a page of another origin (`Origin`
 *   present and not the gallery's) is a 403: the one Origin check for the
 *   forms and the publisher API alike, besides their CSRF tokens;
 * - the answer gets the security headers, a Content-Security-Policy with a
 *   fresh nonce (on the request too, where Next reads it for its scripts),
 *   and its Cache-Control;
 * - a page with an anonymous form gives the browser its pre-session cookie
 *   (lib/auth/csrf.server.ts), on the request as well, so the page renders
 *   its token for it at once;
 * - an anonymous visitor's public page comes from the response cache
 *   (lib/response-cache) while it is current, its nonce replaced by this
 *   response's; a page's first miss is rendered as usual; the cache's own
 *   render requests get its placeholder nonce.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = isRenderRequest(request) ? placeholderNonce() : newNonce();
  const policy = contentSecurityPolicy(nonce);
  const credentials = request.cookies.has(sessionCookie().name) || request.headers.has("authorization");
  const cached = refusal(request) ?? (await cachedPage({ request, pathname, search, credentials }, nonce));
  const response = cached instanceof Response ? cached : next(request, policy);
  if (cached === "miss") response.headers.set(CACHE_STATUS_HEADER, "miss");
  for (const [name, value] of Object.entries(staticSecurityHeaders())) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", pathname === IMAGE_PROXY_PATH ? IMAGE_POLICY : policy);
  const cache = cacheControl({ method: request.method, pathname, credentials });
  if (cache) response.headers.set("Cache-Control", cache);
  return response;
}

function refusal(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  const json = answersJson(pathname);
  if (!decodes(pathname)) return refuse(json, 400, "the path is not valid percent-encoded UTF-8");
  const allowed = allowedMethods(pathname);
  if (!allowed.includes(request.method)) {
    return refuse(json, 405, `${request.method} is not allowed here`, { Allow: allowed.join(", ") });
  }
  if (!SAFE_METHODS.has(request.method) && !fromOwnOrigin(request.headers.get("origin"))) {
    return refuse(json, 403, "this request came from another site's page: nothing was changed");
  }
  return null;
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function refuse(json: boolean, status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  return json
    ? NextResponse.json({ error: message }, { status, headers })
    : new NextResponse(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

function next(request: NextRequest, policy: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const cookie = presessionCookie();
  const givePresession = ANONYMOUS_FORM_PAGES.test(request.nextUrl.pathname) && !request.cookies.has(cookie.name);
  if (!givePresession) return NextResponse.next({ request: { headers } });
  const id = newSecret();
  request.cookies.set(cookie.name, id);
  headers.set("cookie", request.cookies.toString());
  const response = NextResponse.next({ request: { headers } });
  response.cookies.set(cookie.name, id, cookie.options);
  return response;
}

// Everything, Next's static files included (they get the same headers).
export const config = { matcher: "/:path*" };
