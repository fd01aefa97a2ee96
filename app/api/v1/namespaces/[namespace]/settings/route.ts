import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withPublisher } from "@/lib/http/publisher-routes.server";
import { parseBody } from "@/lib/publisher/body";
import { changeNamespaceSettings } from "@/lib/publisher/publishers.server";
import { NamespaceSettings } from "@/lib/schemas/publisher";

type Context = { params: Promise<{ namespace: string }> };

/** PUT /api/v1/namespaces/<namespace>/settings {newRepositoriesPublic}. */
export function PUT(request: Request, { params }: Context): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const { namespace } = await params;
    const { newRepositoriesPublic } = parseBody(NamespaceSettings, await readJsonBody(request));
    return Response.json(await changeNamespaceSettings(getCatalog(), auth, namespace, newRepositoriesPublic));
  });
}
