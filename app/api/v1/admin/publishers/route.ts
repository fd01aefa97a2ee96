import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withAdmin } from "@/lib/http/publisher-routes.server";
import { createPublisher } from "@/lib/publisher/admin.server";
import { parseBody } from "@/lib/publisher/body";
import { PublisherCreation } from "@/lib/schemas/admin";

/** POST /api/v1/admin/publishers {displayName}: a new publisher, without namespaces yet. */
export function POST(request: Request): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const body = parseBody(PublisherCreation, await readJsonBody(request));
    return Response.json(await createPublisher(getCatalog(), auth, body), { status: 201 });
  });
}
