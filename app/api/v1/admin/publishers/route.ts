import { getCatalog } from "@/lib/catalog/client";
import { readFields, stringField, withAdmin } from "@/lib/publisher/admin-api.server";
import { createPublisher } from "@/lib/publisher/admin.server";

/** POST /api/v1/admin/publishers {displayName}: a new publisher, without namespaces yet. */
export function POST(request: Request): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const fields = await readFields(request, ["displayName"]);
    const created = await createPublisher(getCatalog(), auth, { displayName: stringField(fields, "displayName") });
    return Response.json(created, { status: 201 });
  });
}
