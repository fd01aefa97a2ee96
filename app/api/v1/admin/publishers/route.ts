import { getCatalog } from "@/lib/catalog/client";
import { withAdmin } from "@/lib/publisher/admin-api.server";
import { createPublisher } from "@/lib/publisher/admin.server";
import { parseBody } from "@/lib/publisher/body";
import { readJsonBody } from "@/lib/publisher/http.server";
import { PublisherCreation } from "@/lib/schemas/admin";

/** POST /api/v1/admin/publishers {displayName}: a new publisher, without namespaces yet. */
export function POST(request: Request): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const body = parseBody(PublisherCreation, await readJsonBody(request));
    return Response.json(await createPublisher(getCatalog(), auth, body), { status: 201 });
  });
}
