import { listAudit } from "@/lib/catalog/audit";
import { getCatalog } from "@/lib/catalog/database.server";
import { withPublisher } from "@/lib/http/publisher-routes.server";
import { idOf, ROW_ID } from "@/lib/publisher/body";
import { PublisherError } from "@/lib/publisher/errors";
import { getManagedPublisher } from "@/lib/publisher/publishers.server";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/publishers/<id>/audit?before=<id>: newest first, a page at a time. */
export function GET(request: Request, { params }: Context): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf((await params).id));
    const before = new URL(request.url).searchParams.get("before");
    if (before !== null && !ROW_ID.test(before)) {
      throw new PublisherError(400, "before must be an audit entry id", "before");
    }
    const entries = await listAudit(db, id, before === null ? undefined : Number(before));
    return Response.json({
      entries: entries.map(({ id, at, actor, via, action, target, detail }) => ({ id, at, actor, via, action, target, detail })),
    });
  });
}
