/**
 * A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 for the
 * browser tests, with its development login and consent pages: any login
 * name signs in as the account of that name.
 */
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "@/scripts/registry/harness";

/** The provider's accounts by login name: one whose email is a seeded account's, one nobody invited. */
export const OIDC_ACCOUNTS = {
  "acme-editor": { email: "editor@acme.test", email_verified: true },
  stranger: { email: "stranger@oidc.test", email_verified: true },
} as const;

export const OIDC_CLIENT = { id: "galleon-e2e", secret: "galleon-e2e-client-secret", name: "Test ID" };

export interface OidcProviderHandle {
  issuer: string;
  stop(): Promise<void>;
}

/** Starts the provider with one client (Galleon), whose only redirect URI is `redirectUri`. */
export async function startOidcProvider(redirectUri: string): Promise<OidcProviderHandle> {
  const issuer = `http://127.0.0.1:${await freePort()}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    async findAccount(_ctx: unknown, id: string) {
      const account = OIDC_ACCOUNTS[id as keyof typeof OIDC_ACCOUNTS];
      return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    cookies: { keys: ["e2e-oidc-provider-cookie-key"] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = provider.listen(Number(new URL(issuer).port));
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
