/** Answers registry 401 challenges: Bearer tokens from the realm (cached per scope) or Basic credentials. */

import { z } from "zod";
import { RegistryAuthError, RegistryError, type Subject } from "./errors";
import { checkStatus, readCapped, send, withRetries, type HttpOptions } from "./http";

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  /** Lower-cased: "bearer", "basic". */
  scheme: string;
  /** Lower-cased names; quoted values unescaped (they may hold commas). */
  params: Record<string, string>;
}

const TOKEN_RESPONSE_MAX_BYTES = 1 << 20;
/** The token spec's default lifetime when expires_in is absent. */
const DEFAULT_TOKEN_SECONDS = 60;

// A scheme (a bare token) or an auth-param: name=token or name="quoted, \"escaped\"".
const CHALLENGE_PART = /([!#$%&'*+.^_`|~\w-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/g;

/** Parses a WWW-Authenticate header (RFC 7235), which may hold several challenges. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  for (const [, name = "", quoted, bare] of header.matchAll(CHALLENGE_PART)) {
    const current = challenges.at(-1);
    if (quoted === undefined && bare === undefined) {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
    } else if (current) {
      current.params[name.toLowerCase()] = quoted?.replace(/\\(.)/g, "$1") ?? bare ?? "";
    }
  }
  return challenges;
}

interface CachedToken {
  header: string;
  expiresAt: number;
}

export class Authenticator {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly basicCredentials: string | null;
  /** Set once the registry asked for Basic: later requests send it up front. */
  private basicRequired = false;

  constructor(
    credentials: Credentials | null,
    private readonly http: HttpOptions,
  ) {
    this.basicCredentials =
      credentials && `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  }

  /** The Authorization header to send before any challenge, when one is known for the scope. */
  headerFor(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token && token.expiresAt > Date.now()) return token.header;
    return this.basicRequired ? (this.basicCredentials ?? undefined) : undefined;
  }

  /**
   * Answers a 401 for a request needing `scope` ("repository:NAME:pull",
   * "registry:catalog:*"): the Authorization header to retry it with once.
   */
  async answer(wwwAuthenticate: string | null, scope: string, subject: Subject): Promise<string> {
    const challenges = parseChallenges(wwwAuthenticate ?? "");
    const bearer = challenges.find((challenge) => challenge.scheme === "bearer");
    if (bearer?.params.realm) {
      const token = await this.fetchToken(bearer.params, subject);
      this.tokens.set(scope, token);
      return token.header;
    }
    if (challenges.some((challenge) => challenge.scheme === "basic")) {
      if (!this.basicCredentials) throw new RegistryAuthError(subject, 401, "the registry requires credentials");
      this.basicRequired = true;
      return this.basicCredentials;
    }
    throw new RegistryAuthError(subject, 401, `unsupported challenge: ${wwwAuthenticate ?? "(none)"}`);
  }

  /** Asks the realm for a token: anonymously, or with Basic credentials when configured. */
  private async fetchToken(params: Record<string, string>, subject: Subject): Promise<CachedToken> {
    const url = new URL(params.realm ?? "");
    if (params.service) url.searchParams.set("service", params.service);
    for (const scope of (params.scope ?? "").split(" ").filter(Boolean)) url.searchParams.append("scope", scope);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.basicCredentials) headers.authorization = this.basicCredentials;

    const body = await withRetries(this.http, subject, url.origin, async (attemptMs) => {
      const response = await send(url, { headers }, attemptMs);
      try {
        await checkStatus(response, subject, attemptMs);
      } catch (error) {
        // Transient failures (not RegistryErrors) are retried; any other refusal is about the credentials.
        if (!(error instanceof RegistryError)) throw error;
        const { status } = response;
        throw new RegistryAuthError(subject, status, `token server ${url.origin} refused: HTTP ${status}`);
      }
      return readCapped(response, TOKEN_RESPONSE_MAX_BYTES, attemptMs);
    });

    const { token, access_token, expires_in } = tokenResponse(body);
    const value = token ?? access_token;
    if (!value) throw new RegistryAuthError(subject, 401, `token server ${url.origin} returned no token`);
    const seconds = expires_in ?? DEFAULT_TOKEN_SECONDS;
    // Drop it a little early so a token never expires between cache and registry.
    return { header: `Bearer ${value}`, expiresAt: Date.now() + seconds * 900 };
  }
}

/** A token server's answer as the specification writes it: a field of another type reads as absent. */
const TokenAnswer = z
  .object({
    token: z.string().optional().catch(undefined),
    /** The OAuth2 name of the same token. */
    access_token: z.string().optional().catch(undefined),
    expires_in: z.number().positive().optional().catch(undefined),
  })
  .catch({});

/** The token response's fields; none when it is not a JSON object. */
function tokenResponse(body: Buffer | null): z.output<typeof TokenAnswer> {
  try {
    return TokenAnswer.parse(body && JSON.parse(body.toString("utf8")));
  } catch {
    return {};
  }
}
