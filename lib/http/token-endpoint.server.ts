import "server-only";
/**
 * The registry token endpoint's HTTP side (GET per the token specification,
 * POST per its OAuth2 form): reads a `Request` into a TokenRequest and writes
 * the outcome. The decisions are lib/auth/registry-token.server.ts's.
 */
import type { TokenOutcome, TokenRequest } from "@/lib/auth/registry-token.server";
import { RegistryTokenForm } from "@/lib/schemas/registry-token";
import { readCappedBody } from "./capped-body.server";
import { clientAddress } from "./auth-forms.server";

/** Larger queries or form bodies are refused unread: 32 scopes of a full-length name fit well within. */
export const MAX_REQUEST_BYTES = 16 * 1024;

class BadRequest extends Error {}

/** Why a form of a known grant was refused. */
const GRANT_REFUSALS: Record<string, string> = {
  password: "the password grant needs a username and a password",
  refresh_token: "the refresh_token grant needs a refresh_token",
};

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
  const parsed = RegistryTokenForm.safeParse({ ...Object.fromEntries(form), scope: form.getAll("scope") });
  if (!parsed.success) {
    const grant = form.get("grant_type") ?? "";
    throw new BadRequest(Object.hasOwn(GRANT_REFUSALS, grant) ? GRANT_REFUSALS[grant]! : 'grant_type is "password" or "refresh_token"');
  }
  const body = parsed.data;
  const base = {
    service: body.service ?? null,
    scopes: body.scope,
    offline: body.access_type === "offline",
    clientAddress: clientAddress(request),
  };
  if (body.grant_type === "password") {
    return { ...base, credentials: { username: body.username, password: body.password }, refreshToken: null };
  }
  return { ...base, credentials: null, refreshToken: body.refresh_token, offline: true };
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
