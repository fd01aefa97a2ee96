import { getCatalog } from "@/lib/catalog/database.server";
import { readJsonBody, withPublisher } from "@/lib/http/publisher-routes.server";
import { idOf, parseBody } from "@/lib/publisher/body";
import { getManagedPublisher } from "@/lib/publisher/publishers.server";
import { createPublisherToken, listApiTokens } from "@/lib/publisher/tokens.server";
import { TokenRequest } from "@/lib/schemas/publisher";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/publishers/<id>/tokens: the publisher's tokens, without their secrets. */
export function GET(request: Request, { params }: Context): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf((await params).id));
    return Response.json({ tokens: await listApiTokens(db, id) });
  });
}

/** POST /api/v1/publishers/<id>/tokens {name, scope, namespaces?, expiresInDays?}: a new token; its secret is in this answer only. */
export function POST(request: Request, { params }: Context): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf((await params).id));
    const created = await createPublisherToken(db, auth, id, parseBody(TokenRequest, await readJsonBody(request)));
    return Response.json(created, { status: 201 });
  });
}
