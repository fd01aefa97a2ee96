import { getCatalog } from "@/lib/catalog/database.server";
import { siteUrl } from "@/lib/config/environment";
import { ATOM_CONTENT_TYPE } from "@/lib/feeds/atom";
import { renderTagFeed } from "@/lib/feeds/tag-feeds";

/** GET /feeds/<namespace>.atom and /feeds/<namespace>/<repository>.atom; private and unknown names get the same 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const xml = await renderTagFeed(getCatalog(), (await params).path, siteUrl());
  if (xml === null) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "content-type": ATOM_CONTENT_TYPE } });
}
