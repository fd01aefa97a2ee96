import { getCatalog } from "@/lib/catalog/client";
import { withAdmin } from "@/lib/publisher/admin-api.server";
import { inviteMember } from "@/lib/publisher/admin.server";
import { checkBody, idOf } from "@/lib/publisher/body";
import { readJsonBody } from "@/lib/publisher/http.server";

/** POST {email, role}: adds an existing account at once, else answers with an invitation link to pass on. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const publisherId = idOf((await params).id);
    const body = checkBody(await readJsonBody(request), { email: "string", role: "string" }, ["email", "role"]);
    return Response.json(await inviteMember(getCatalog(), auth, { publisherId, ...body }), { status: 201 });
  });
}
