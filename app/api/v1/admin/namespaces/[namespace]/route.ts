import { getCatalog } from "@/lib/catalog/client";
import { integerField, optionalBooleanField, readFields, withAdmin } from "@/lib/publisher/admin-api.server";
import { assignNamespaceTo } from "@/lib/publisher/admin.server";

/** PUT {publisherId, move?}: gives the namespace to the publisher; one another publisher owns moves only with move: true. */
export function PUT(request: Request, { params }: { params: Promise<{ namespace: string }> }): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { namespace } = await params;
    const fields = await readFields(request, ["publisherId", "move"]);
    const result = await assignNamespaceTo(getCatalog(), auth, {
      namespace,
      publisherId: integerField(fields, "publisherId"),
      move: optionalBooleanField(fields, "move"),
    });
    return Response.json(result);
  });
}
