import { getCatalog } from "@/lib/catalog/client";
import { idParam, readFields, stringField, withAdmin } from "@/lib/publisher/admin-api.server";
import { setMemberRole } from "@/lib/publisher/admin.server";

type Params = { params: Promise<{ id: string; userId: string }> };

/** PUT {role} changes a member's role; DELETE removes the member. */
export function PUT(request: Request, { params }: Params): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, userId } = await params;
    const ids = { publisherId: idParam(id), userId: idParam(userId) };
    const role = stringField(await readFields(request, ["role"]), "role");
    return Response.json(await setMemberRole(getCatalog(), auth, { ...ids, role }));
  });
}

export function DELETE(request: Request, { params }: Params): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, userId } = await params;
    return Response.json(await setMemberRole(getCatalog(), auth, { publisherId: idParam(id), userId: idParam(userId), role: null }));
  });
}
