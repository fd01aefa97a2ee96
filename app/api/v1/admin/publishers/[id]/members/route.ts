import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withAdmin } from "@/lib/http/publisher-routes.server";
import { inviteMember } from "@/lib/publisher/admin.server";
import { idOf, parseBody } from "@/lib/publisher/body";
import { MemberInvitation } from "@/lib/schemas/admin";

/** POST {email, role}: adds an existing account at once, else answers with an invitation link to pass on. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const publisherId = idOf((await params).id);
    const body = parseBody(MemberInvitation, await readJsonBody(request));
    return Response.json(await inviteMember(getCatalog(), auth, { publisherId, ...body }), { status: 201 });
  });
}
