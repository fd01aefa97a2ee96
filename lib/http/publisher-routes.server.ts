import "server-only";
/**
 * The publisher and admin API's HTTP side, for route files: who sent a
 * request, the CSRF check, capped bodies, and PublisherErrors as responses.
 * The services behind (lib/publisher) take plain values.
 */
import { isAdmin } from "@/lib/auth/policy";
import { type Authentication, authenticate, type Credentials, CSRF_HEADER, passesCsrf } from "@/lib/auth/principal.server";
import { sessionCookie } from "@/lib/auth/sessions.server";
import { getCatalog } from "@/lib/catalog/database.server";
import { notFound, PublisherError } from "@/lib/publisher/errors";
import { LOGO_RULES } from "@/lib/publisher/logo-rules";
import { logoTooLarge } from "@/lib/publisher/logo.server";
import { readCappedBody } from "./capped-body.server";

/** The credentials `request` carries: its Authorization header, else its session cookie. */
export function credentialsOf(request: Request): Credentials {
  return {
    authorization: request.headers.get("authorization"),
    userAgent: request.headers.get("user-agent"),
    sessionToken: readCookie(request.headers.get("cookie"), sessionCookie().name),
  };
}

/** Who sent `request` (lib/auth/principal.server.ts's authenticate); null when anonymous or not valid. */
export function authenticateRequest(request: Request): Promise<Authentication | null> {
  return authenticate(getCatalog(), credentialsOf(request));
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The publisher API's error body: a message to show, and the field it is about when there is one. */
export function publisherErrorResponse(error: PublisherError): Response {
  return Response.json({ error: error.message, ...(error.field ? { field: error.field } : {}) }, { status: error.status });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Runs a publisher endpoint: 401 without valid credentials, 403 for a cookie
 * session's state-changing request without its CSRF token, and a
 * PublisherError thrown by `handle` as its status and message.
 */
export async function withPublisher(
  request: Request,
  handle: (auth: Authentication) => Promise<Response>,
): Promise<Response> {
  try {
    const auth = await authenticateRequest(request);
    if (!auth) {
      throw new PublisherError(401, "sign in, or send an API token as `Authorization: Bearer <token>`");
    }
    if (!SAFE_METHODS.has(request.method) && !passesCsrf(auth, request.headers.get(CSRF_HEADER))) {
      throw new PublisherError(403, "missing or wrong CSRF token: reload the page and try again");
    }
    return await handle(auth);
  } catch (error) {
    if (error instanceof PublisherError) return publisherErrorResponse(error);
    throw error;
  }
}

/** withPublisher for the admin API: anyone but an admin is answered 404, as if it did not exist, before the request is read. */
export function withAdmin(request: Request, handle: (auth: Authentication) => Promise<Response>): Promise<Response> {
  return withPublisher(request, (auth) => {
    if (!isAdmin(auth.principal)) throw notFound();
    return handle(auth);
  });
}

/** Reads a JSON body of at most `limit` bytes: 415 for another content type, 413 when larger, 400 when not JSON. */
export async function readJsonBody(request: Request, limit = 256 * 1024): Promise<unknown> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new PublisherError(415, "send the body as application/json");
  }
  const body = await readCappedBody(request, limit, () => new PublisherError(413, `the body is larger than ${Math.round(limit / 1024)} KB`));
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new PublisherError(400, "the body is not valid JSON");
  }
}

/** A logo upload's bytes, refused as soon as it passes the size limit. */
export function readLogoUpload(request: Request): Promise<Buffer> {
  return readCappedBody(request, LOGO_RULES.maxBytes, logoTooLarge);
}

/** If-Match: "<revision>" (or W/"<revision>"); none or "*" saves whatever the revision. */
export function expectedRevision(request: Request): number | undefined {
  const header = request.headers.get("if-match")?.trim();
  if (!header || header === "*") return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header);
  if (!match) throw new PublisherError(400, `If-Match must be a revision such as "3", not ${header}`);
  return Number(match[1]);
}
