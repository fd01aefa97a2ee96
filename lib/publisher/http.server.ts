import { type Authentication, authenticate, CSRF_HEADER, passesCsrf } from "@/lib/auth/principal.server";
import { getCatalog } from "@/lib/catalog/client";
import { readCappedBody } from "@/lib/http/body.server";
import { PublisherError } from "./errors";

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
    const auth = await authenticate(getCatalog(), request);
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

/** Reads a JSON body of at most `limit` bytes: 415 for another content type, 413 when larger, 400 when not JSON. */
export async function readJsonBody(request: Request, limit = 256 * 1024): Promise<unknown> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new PublisherError(415, "send the body as application/json");
  }
  const body = await readBody(request, limit);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new PublisherError(400, "the body is not valid JSON");
  }
}

/** The raw body, refused with 413 as soon as it passes `limit` bytes (a Content-Length is not trusted). */
export function readBody(request: Request, limit: number): Promise<Buffer> {
  return readCappedBody(request, limit, () => new PublisherError(413, `the body is larger than ${Math.round(limit / 1024)} KB`));
}
