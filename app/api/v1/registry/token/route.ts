import { issueRegistryToken, registryTokenSettings } from "@/lib/auth/registry-token.server";
import { getCatalog } from "@/lib/catalog/database.server";
import { tokenRequestFromForm, tokenRequestFromQuery, tokenResponse } from "@/lib/http/token-endpoint.server";

/**
 * The registry's token endpoint (its `auth.token.realm`). See
 * lib/auth/registry-token.server.ts for what a token grants.
 */

/** GET per the Docker Registry token specification: scopes in the query, credentials as HTTP Basic. */
export function GET(request: Request): Promise<Response> {
  return tokenResponse(async () => issueRegistryToken(getCatalog(), registryTokenSettings(), tokenRequestFromQuery(request)));
}

/** POST per its OAuth2 form: the password or refresh_token grant. */
export function POST(request: Request): Promise<Response> {
  return tokenResponse(async () => issueRegistryToken(getCatalog(), registryTokenSettings(), await tokenRequestFromForm(request)));
}
