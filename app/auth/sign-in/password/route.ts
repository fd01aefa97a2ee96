import type { NextRequest } from "next/server";
import { answerForm, backToForm, fieldOf, FormRefusal, readAnonymousForm, signedInResponse, clientAddress } from "@/lib/http/auth-forms.server";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signInWithPassword } from "@/lib/auth/sign-in.server";
import { getCatalog } from "@/lib/catalog/database.server";

/** The sign-in form: email, password, returnTo. */
export async function POST(request: NextRequest): Promise<Response> {
  return answerForm(async () => {
    const form = await readAnonymousForm(request);
    const email = fieldOf(form, "email").trim();
    const returnTo = safeReturnTo(fieldOf(form, "returnTo"));
    const result = await signInWithPassword(getCatalog(), email, fieldOf(form, "password"), clientAddress(request));
    if ("retryAfterSeconds" in result) {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      throw new FormRefusal(
        429,
        `Too many failed sign-ins for this account or from this address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        { "Retry-After": String(result.retryAfterSeconds) },
      );
    }
    if ("wrong" in result) return backToForm("/auth/sign-in", { error: "credentials", email, returnTo });
    return signedInResponse(request, result.userId, returnTo);
  });
}
