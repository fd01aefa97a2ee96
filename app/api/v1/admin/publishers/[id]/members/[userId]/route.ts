import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withAdmin } from "@/lib/http/publisher-routes.server";
import { setMemberRole } from "@/lib/publisher/admin.server";
import { idOf, parseBody } from "@/lib/publisher/body";
import { MemberRole } from "@/lib/schemas/admin";

type Context = { params: Promise<{ id: string; userId: string }> };

/** PUT {role} changes a member's role; DELETE removes the member. */
export function PUT(request: Request, { params }: Context): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, userId } = await params;
    const member = { publisherId: idOf(id), userId: idOf(userId) };
    const { role } = parseBody(MemberRole, await readJsonBody(request));
    return Response.json(await setMemberRole(getCatalog(), auth, { ...member, role }));
  });
}

export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, userId } = await params;
    return Response.json(await setMemberRole(getCatalog(), auth, { publisherId: idOf(id), userId: idOf(userId), role: null }));
  });
}
