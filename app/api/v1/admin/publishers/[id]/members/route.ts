import { getCatalog } from "@/lib/catalog/client";
import { idParam, readFields, stringField, withAdmin } from "@/lib/publisher/admin-api.server";
import { inviteMember } from "@/lib/publisher/admin.server";

/** POST {email, role}: adds an existing account at once, else answers with an invitation link to pass on. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const publisherId = idParam((await params).id);
    const fields = await readFields(request, ["email", "role"]);
    const result = await inviteMember(getCatalog(), auth, {
      publisherId,
      email: stringField(fields, "email"),
      role: stringField(fields, "role"),
    });
    return Response.json(result, { status: 201 });
  });
}
