import { answerTokenRequest } from "@/lib/auth/registry-token-http.server";

/**
 * The registry's token endpoint (its `auth.token.realm`): GET per the Docker
 * Registry token specification, POST per its OAuth2 form. See
 * lib/auth/registry-token.server.ts for what a token grants.
 */
export const GET = answerTokenRequest;
export const POST = answerTokenRequest;
