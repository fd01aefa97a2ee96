import { getCatalog } from "@/lib/catalog/database.server";
import { withPublisher } from "@/lib/http/publisher-routes.server";
import { idOf } from "@/lib/publisher/body";
import { getManagedPublisher } from "@/lib/publisher/publishers.server";
import { revokePublisherToken } from "@/lib/publisher/tokens.server";

type Context = { params: Promise<{ id: string; tokenId: string }> };

/** DELETE /api/v1/publishers/<id>/tokens/<tokenId>: revoked at once. */
export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const { id: publisher, tokenId } = await params;
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf(publisher));
    await revokePublisherToken(db, auth, id, idOf(tokenId));
    return new Response(null, { status: 204 });
  });
}
