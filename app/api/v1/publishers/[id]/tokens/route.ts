import { TOKEN_SCOPES } from "@/lib/auth/policy";
import { getCatalog } from "@/lib/catalog/client";
import { readJsonBody, withPublisher } from "@/lib/http/api.server";
import { checkBody, idOf, oneOf } from "@/lib/publisher/body";
import { getManagedPublisher } from "@/lib/publisher/publishers.server";
import { createPublisherToken, listApiTokens, TOKEN_DEFAULT_DAYS } from "@/lib/publisher/tokens.server";

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
    const body = checkBody(
      await readJsonBody(request),
      { name: "string", scope: "string", namespaces: "strings", expiresInDays: "integer" },
      ["name", "scope"],
    );
    const created = await createPublisherToken(db, auth, id, {
      name: body.name,
      scope: oneOf(body.scope, TOKEN_SCOPES, "scope"),
      namespaces: body.namespaces ?? [],
      expiresInDays: body.expiresInDays ?? TOKEN_DEFAULT_DAYS,
    });
    return Response.json(created, { status: 201 });
  });
}
