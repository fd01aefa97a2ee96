import { getCatalog } from "@/lib/catalog/client";
import { readJsonBody, withAdmin } from "@/lib/http/api.server";
import { inviteMember } from "@/lib/publisher/admin.server";
import { checkBody, idOf } from "@/lib/publisher/body";

/** POST {email, role}: adds an existing account at once, else answers with an invitation link to pass on. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const publisherId = idOf((await params).id);
    const body = checkBody(await readJsonBody(request), { email: "string", role: "string" }, ["email", "role"]);
    return Response.json(await inviteMember(getCatalog(), auth, { publisherId, ...body }), { status: 201 });
  });
}
