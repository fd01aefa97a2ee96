import type { NextRequest } from "next/server";
import { backToForm, clearCookie, signedInResponse } from "@/lib/http/auth-forms.server";
import { finishOidcSignIn, oidcFlowCookie, oidcSettings } from "@/lib/auth/oidc.server";
import { getCatalog } from "@/lib/catalog/database.server";

/** Where the provider sends the browser back: signed in, or back to the sign-in page saying why not. */
export async function GET(request: NextRequest): Promise<Response> {
  const settings = oidcSettings();
  if (!settings) return new Response("not found", { status: 404 });
  const cookie = oidcFlowCookie();
  const outcome = await finishOidcSignIn(getCatalog(), settings, request.cookies.get(cookie.name)?.value, request.nextUrl.search);
  const response =
    "userId" in outcome
      ? await signedInResponse(request, outcome.userId, outcome.returnTo)
      : backToForm("/auth/sign-in", { error: outcome.error, returnTo: outcome.returnTo });
  return clearCookie(response, cookie);
}
