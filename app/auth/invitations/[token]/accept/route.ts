import type { NextRequest } from "next/server";
import { acceptInvitationAs, invitationPath } from "@/lib/auth/invitations.server";
import { getCatalog } from "@/lib/catalog/database.server";
import { answerForm, FormRefusal, readSessionForm, seeOther } from "@/lib/http/auth-forms.server";

/** "Accept", signed in with the invited email. Anything else goes back to the invitation page, which says why. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return answerForm(async () => {
    const { token } = await params;
    const { session } = await readSessionForm(request);
    const outcome = await acceptInvitationAs(getCatalog(), token, session?.userId ?? null);
    if (typeof outcome === "object") throw new FormRefusal(403, `This invitation is for ${outcome.invitedEmail}, not for you.`);
    return seeOther(outcome === "accepted" ? "/console" : invitationPath(token));
  });
}
