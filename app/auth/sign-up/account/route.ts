import type { NextRequest } from "next/server";
import { accountErrorCode } from "@/lib/auth/forms.server";
import { answerForm, backToForm, fieldOf, FormRefusal, readAnonymousForm, signedInResponse } from "@/lib/http/auth-forms.server";
import { DEFAULT_RETURN_TO } from "@/lib/auth/return-to";
import { createUser, signupOpen } from "@/lib/auth/users.server";
import { getCatalog } from "@/lib/catalog/database.server";

/** The sign-up form (GALLEON_SIGNUP=on only): email and password; the account starts in no publisher. */
export async function POST(request: NextRequest): Promise<Response> {
  return answerForm(async () => {
    if (!signupOpen()) throw new FormRefusal(404, "Sign-up is closed on this site: accounts come with invitations.");
    const form = await readAnonymousForm(request);
    const email = fieldOf(form, "email").trim();
    let userId: number;
    try {
      userId = (await createUser(getCatalog(), { email, password: fieldOf(form, "password") })).id;
    } catch (error) {
      return backToForm("/auth/sign-up", { error: accountErrorCode(error), email });
    }
    return signedInResponse(request, userId, DEFAULT_RETURN_TO);
  });
}
