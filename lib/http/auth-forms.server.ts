import "server-only";
/**
 * The HTTP side of the /auth pages' form posts. They work without JavaScript: a post is
 * answered with a redirect (303), back to the form with an error code when
 * it is refused for what was typed, or with a short page and its status
 * (400, 403, 429) when it is refused as a whole.
 */
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { presessionCookie, validAnonymousCsrfToken } from "@/lib/auth/csrf.server";
import { CSRF_FIELD } from "@/lib/auth/principal.server";
import { type ActiveSession, findSession, sessionCookie, startSession, validCsrfToken } from "@/lib/auth/sessions.server";
import { getCatalog } from "@/lib/catalog/database.server";

export class FormRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CSRF_REFUSAL = "This form has expired or was not sent from this site's page: nothing was changed. Go back, reload the page and try again.";

/** Runs a form post, answering a FormRefusal with its page. */
export async function answerForm(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof FormRefusal) return refusalPage(error);
    throw error;
  }
}

/** An anonymous form's fields (sign-in, sign-up, invitation): only with its CSRF token, bound to the pre-session cookie. */
export async function readAnonymousForm(request: NextRequest): Promise<FormData> {
  const form = await readForm(request);
  const presessionId = request.cookies.get(presessionCookie().name)?.value;
  if (!validAnonymousCsrfToken(presessionId, fieldOf(form, CSRF_FIELD))) throw new FormRefusal(403, CSRF_REFUSAL);
  return form;
}

/**
 * Checks a signed-in form (sign-out, accepting an invitation): a live
 * session's form must carry the session's CSRF token. Returns the cookie's
 * token and its session, null when signed out or expired (nothing to protect).
 */
export async function readSessionForm(request: NextRequest): Promise<{ token: string | null; session: ActiveSession | null }> {
  const form = await readForm(request);
  const token = request.cookies.get(sessionCookie().name)?.value ?? null;
  const session = token ? await findSession(getCatalog(), token) : null;
  if (session && !validCsrfToken(session, fieldOf(form, CSRF_FIELD))) throw new FormRefusal(403, CSRF_REFUSAL);
  return { token, session };
}

// A foreign Origin never gets here: proxy.ts refuses it for every state-changing request.
async function readForm(request: NextRequest): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new FormRefusal(400, "This address takes a form post from the site's pages.");
  }
}

/** A text field; "" when missing (or a file). */
export function fieldOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: location } });
}

/** Back to the form at `path` with its error code and the fields to keep (never a password). */
export function backToForm(path: string, fields: Record<string, string>): NextResponse {
  return seeOther(`${path}?${new URLSearchParams(fields)}`);
}

/** Signs the browser in as `userId`, in a new session that replaces the one its cookie named, and goes to `returnTo`. */
export async function signedInResponse(request: NextRequest, userId: number, returnTo: string): Promise<NextResponse> {
  const cookie = sessionCookie();
  const session = await startSession(getCatalog(), userId, request.cookies.get(cookie.name)?.value);
  const response = seeOther(returnTo);
  response.cookies.set(cookie.name, session.token, cookie.options);
  return response;
}

export function clearCookie(response: NextResponse, cookie: { name: string; options: object }): NextResponse {
  response.cookies.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
  return response;
}

const TITLES = { 400: "Bad request", 403: "Refused", 404: "Not found", 429: "Too many attempts" };

function refusalPage(refusal: FormRefusal): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[refusal.status]} · Galleon</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>${TITLES[refusal.status]}</h1>
<p role="alert">${escapeHtml(refusal.message)}</p>
<p><a href="/auth/sign-in">Sign in</a> · <a href="/">Back to the gallery</a></p>
</body></html>`;
  return new Response(html, {
    status: refusal.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...refusal.headers },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The client's address for the per-address sign-in limit: the last
 * X-Forwarded-For entry. Next's server sets the header to the connection's
 * address when a request has none, and a reverse proxy in front appends the
 * address that connected to it; entries before the last one are whatever the
 * client wrote. Served directly, a client can still pick its entry and so its
 * address bucket, never its account's: the per-account limit holds regardless.
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
