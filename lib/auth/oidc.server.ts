import "server-only";
import * as client from "openid-client";
import type { Catalog } from "@/lib/catalog/database.server";
import { siteUrl } from "@/lib/config/environment";
import { userForIdentity } from "./identities.server";
import { DEFAULT_RETURN_TO, safeReturnTo } from "./return-to";
import { siteCookie } from "./sessions.server";
import { signupOpen } from "./users.server";

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The button says "Sign in with <name>". */
  name: string;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Sign-in with any OpenID Connect provider, from GALLEON_OIDC_*; null when not configured. */
export function oidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  if (!env.GALLEON_OIDC_ISSUER) return null;
  const issuer = new URL(env.GALLEON_OIDC_ISSUER);
  if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && LOOPBACK_HOSTS.has(issuer.hostname))) {
    throw new Error("GALLEON_OIDC_ISSUER must be an https URL (http only on a loopback address, for tests)");
  }
  if (!env.GALLEON_OIDC_CLIENT_ID || !env.GALLEON_OIDC_CLIENT_SECRET) {
    throw new Error("GALLEON_OIDC_ISSUER needs GALLEON_OIDC_CLIENT_ID and GALLEON_OIDC_CLIENT_SECRET");
  }
  return {
    issuer,
    clientId: env.GALLEON_OIDC_CLIENT_ID,
    clientSecret: env.GALLEON_OIDC_CLIENT_SECRET,
    name: env.GALLEON_OIDC_NAME || "OpenID Connect",
  };
}

/** Holds the sign-in in progress (PKCE verifier, state, nonce, page to return to) between start and callback. */
export const oidcFlowCookie = () => siteCookie("galleon_oidc", 600);

const callbackUrl = () => new URL("/auth/oidc/callback", siteUrl());

let discovered: Promise<client.Configuration> | undefined;

/** The provider's metadata, discovered once; a failed discovery is tried again on the next sign-in. */
function configuration(settings: OidcSettings): Promise<client.Configuration> {
  discovered ??= client
    .discovery(
      settings.issuer,
      settings.clientId,
      undefined,
      client.ClientSecretBasic(settings.clientSecret),
      settings.issuer.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
    )
    .catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
  return discovered;
}

interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** The provider's authorization URL (code flow with PKCE, state and nonce) and the flow cookie's value. */
export async function beginOidcSignIn(settings: OidcSettings, returnTo: string): Promise<{ url: URL; flow: string }> {
  const config = await configuration(settings);
  const pending: PendingSignIn = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    returnTo,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl().href,
    scope: "openid email",
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, flow: Buffer.from(JSON.stringify(pending)).toString("base64url") };
}

/** A finished sign-in: the user, or the sign-in page's error code (see formErrorMessage). */
export type OidcOutcome = { returnTo: string } & ({ userId: number } | { error: string });

/**
 * The callback: checks state, exchanges the code (with the PKCE verifier),
 * validates the ID token and its nonce, then finds, links or creates the
 * account (userForIdentity). The provider's own refusal ("access_denied")
 * is passed on as "oidc:<code>".
 */
export async function finishOidcSignIn(db: Catalog, settings: OidcSettings, flow: string | undefined, query: string): Promise<OidcOutcome> {
  const pending = readFlow(flow);
  if (!pending) return { returnTo: DEFAULT_RETURN_TO, error: "oidc-expired" };
  const { returnTo } = pending;
  try {
    const config = await configuration(settings);
    const current = callbackUrl();
    current.search = query;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    // Providers may put the email in the ID token or only in the userinfo answer.
    const info = claims.email === undefined ? await client.fetchUserInfo(config, tokens.access_token, claims.sub) : claims;
    const userId = await userForIdentity(
      db,
      {
        issuer: config.serverMetadata().issuer,
        subject: claims.sub,
        email: typeof info.email === "string" ? info.email : undefined,
        emailVerified: info.email_verified === true,
      },
      signupOpen(),
    );
    return userId === null ? { returnTo, error: "no-account" } : { returnTo, userId };
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError && /^[a-z_]{1,64}$/.test(error.error)) {
      return { returnTo, error: `oidc:${error.error}` };
    }
    console.error("OpenID Connect sign-in failed:", error);
    return { returnTo, error: "oidc-failed" };
  }
}

function readFlow(flow: string | undefined): PendingSignIn | null {
  try {
    const pending = JSON.parse(Buffer.from(flow ?? "", "base64url").toString("utf8")) as Partial<PendingSignIn>;
    const { verifier, state, nonce } = pending;
    if (typeof verifier !== "string" || typeof state !== "string" || typeof nonce !== "string") return null;
    return { verifier, state, nonce, returnTo: safeReturnTo(pending.returnTo) };
  } catch {
    return null;
  }
}
