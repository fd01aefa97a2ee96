import type { NextRequest } from "next/server";
import { answerForm, backToForm, fieldOf, FormRefusal, readAnonymousForm, seeOther } from "@/lib/http/auth-forms.server";
import { beginOidcSignIn, oidcFlowCookie, oidcSettings } from "@/lib/auth/oidc.server";
import { safeReturnTo } from "@/lib/auth/return-to";

/** "Sign in with <provider>": off to the provider, with the flow's secrets in a short-lived HttpOnly cookie. */
export async function POST(request: NextRequest): Promise<Response> {
  return answerForm(async () => {
    const settings = oidcSettings();
    if (!settings) throw new FormRefusal(404, "Signing in through an identity provider is not set up on this site.");
    const form = await readAnonymousForm(request);
    const returnTo = safeReturnTo(fieldOf(form, "returnTo"));
    const started = await beginOidcSignIn(settings, returnTo).catch((error: unknown) => {
      console.error("OpenID Connect discovery failed:", error);
      return null;
    });
    if (!started) return backToForm("/auth/sign-in", { error: "oidc-failed", returnTo });
    const response = seeOther(started.url.href);
    const cookie = oidcFlowCookie();
    response.cookies.set(cookie.name, started.flow, cookie.options);
    return response;
  });
}
