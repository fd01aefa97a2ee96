import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withAdmin } from "@/lib/http/publisher-routes.server";
import { assignNamespaceTo } from "@/lib/publisher/admin.server";
import { parseBody } from "@/lib/publisher/body";
import { NamespaceAssignment } from "@/lib/schemas/admin";

/** PUT {publisherId, move?}: gives the namespace to the publisher; one another publisher owns moves only with move: true. */
export function PUT(request: Request, { params }: { params: Promise<{ namespace: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { namespace } = await params;
    const body = parseBody(NamespaceAssignment, await readJsonBody(request));
    return Response.json(await assignNamespaceTo(getCatalog(), auth, { namespace, ...body }));
  });
}
