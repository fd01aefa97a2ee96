import { getCatalog } from "@/lib/catalog/client";
import { readJsonBody, withAdmin } from "@/lib/http/api.server";
import { createPublisher } from "@/lib/publisher/admin.server";
import { checkBody } from "@/lib/publisher/body";

/** POST /api/v1/admin/publishers {displayName}: a new publisher, without namespaces yet. */
export function POST(request: Request): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const body = checkBody(await readJsonBody(request), { displayName: "string" }, ["displayName"]);
    return Response.json(await createPublisher(getCatalog(), auth, body), { status: 201 });
  });
}
