import "server-only";
/**
 * The registry token endpoint's HTTP side (GET per the token specification,
 * POST per its OAuth2 form): reads a `Request` into a TokenRequest and writes
 * the outcome. The decisions are lib/auth/registry-token.server.ts's.
 */
import type { TokenOutcome, TokenRequest } from "@/lib/auth/registry-token.server";
import { readCappedBody } from "./capped-body.server";
import { clientAddress } from "./auth-forms.server";

/** Larger queries or form bodies are refused unread: 32 scopes of a full-length name fit well within. */
export const MAX_REQUEST_BYTES = 16 * 1024;

class BadRequest extends Error {}

/** The outcome of `issue` (which reads the request) as the response; a malformed request is a 400. */
export async function tokenResponse(issue: () => Promise<TokenOutcome>): Promise<Response> {
  try {
    return outcomeResponse(await issue());
  } catch (error) {
    if (error instanceof BadRequest) return outcomeResponse({ status: 400, error: error.message });
    throw error;
  }
}

/** A GET's token request, from its query and Basic credentials. */
export function tokenRequestFromQuery(request: Request): TokenRequest {
  const url = new URL(request.url);
  if (url.search.length > MAX_REQUEST_BYTES) throw new BadRequest(`the query is longer than ${MAX_REQUEST_BYTES} bytes`);
  const params = url.searchParams;
  return {
    service: params.get("service"),
    scopes: params.getAll("scope"),
    credentials: basicCredentials(request.headers.get("authorization")),
    refreshToken: null,
    offline: params.get("offline_token") === "true",
    clientAddress: clientAddress(request),
  };
}

/** A POST's token request, from its OAuth2 form (password or refresh_token grant). */
export async function tokenRequestFromForm(request: Request): Promise<TokenRequest> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new BadRequest("send the form as application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams((await readCappedBody(request, MAX_REQUEST_BYTES, () => new BadRequest(`the body is larger than ${MAX_REQUEST_BYTES} bytes`))).toString("utf8"));
  const grant = form.get("grant_type");
  const base = {
    service: form.get("service"),
    scopes: form.getAll("scope"),
    offline: form.get("access_type") === "offline",
    clientAddress: clientAddress(request),
  };
  if (grant === "password") {
    const username = form.get("username");
    const password = form.get("password");
    if (username === null || !password) throw new BadRequest("the password grant needs a username and a password");
    return { ...base, credentials: { username, password }, refreshToken: null };
  }
  if (grant === "refresh_token") {
    const refreshToken = form.get("refresh_token");
    if (!refreshToken) throw new BadRequest("the refresh_token grant needs a refresh_token");
    return { ...base, credentials: null, refreshToken, offline: true };
  }
  throw new BadRequest('grant_type is "password" or "refresh_token"');
}

/** Basic credentials; null without an Authorization header. A malformed one is a bad request. */
function basicCredentials(header: string | null): TokenRequest["credentials"] {
  if (!header) return null;
  const [scheme, encoded = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() !== "basic") throw new BadRequest("send credentials as HTTP Basic");
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) throw new BadRequest("malformed Basic credentials");
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The outcome as JSON; errors carry `details` too, which Docker clients print. */
function outcomeResponse(outcome: TokenOutcome): Response {
  const headers = { "cache-control": "no-store" };
  if (outcome.status === 200) return Response.json(outcome.body, { headers });
  const body = { error: outcome.error, details: outcome.error };
  if (outcome.status === 429) {
    return Response.json(body, { status: 429, headers: { ...headers, "retry-after": String(outcome.retryAfterSeconds) } });
  }
  return Response.json(body, {
    status: outcome.status,
    headers: outcome.status === 401 ? { ...headers, "www-authenticate": 'Basic realm="galleon"' } : headers,
  });
}
