import type { NextRequest } from "next/server";
import { answerForm, FormRefusal, readSessionForm, seeOther } from "@/lib/auth/forms.server";
import { acceptInvitation, findInvitation, invitationPath } from "@/lib/auth/invitations.server";
import { getCatalog } from "@/lib/catalog/client";

/** "Accept", signed in with the invited email. Anything else goes back to the invitation page, which says why. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return answerForm(async () => {
    const { token } = await params;
    const { session } = await readSessionForm(request);
    const db = getCatalog();
    const invitation = await findInvitation(db, token);
    const user = session && (await db.user.findUnique({ where: { id: session.userId } }));
    if (!invitation || !user) return seeOther(invitationPath(token));
    if (user.email !== invitation.email) throw new FormRefusal(403, `This invitation is for ${invitation.email}, not for you.`);
    return seeOther((await acceptInvitation(db, token, user.id)) ? "/console" : invitationPath(token));
  });
}
