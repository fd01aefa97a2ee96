import type { NextRequest } from "next/server";
import { accountErrorCode } from "@/lib/auth/forms.server";
import { answerForm, backToForm, fieldOf, readAnonymousForm, seeOther, signedInResponse } from "@/lib/http/auth-forms.server";
import { acceptInvitationWithNewAccount, invitationPath } from "@/lib/auth/invitations.server";
import { DEFAULT_RETURN_TO } from "@/lib/auth/return-to";
import { getCatalog } from "@/lib/catalog/database.server";

/** Creates the invited email's account with a password, joins the publisher and signs in. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return answerForm(async () => {
    const { token } = await params;
    const form = await readAnonymousForm(request);
    let userId: number | null;
    try {
      userId = await acceptInvitationWithNewAccount(getCatalog(), token, fieldOf(form, "password"));
    } catch (error) {
      return backToForm(invitationPath(token), { error: accountErrorCode(error) });
    }
    return userId === null ? seeOther(invitationPath(token)) : signedInResponse(request, userId, DEFAULT_RETURN_TO);
  });
}
