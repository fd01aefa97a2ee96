import { getCatalog } from "@/lib/catalog/database.server";
import { siteUrl } from "@/lib/config/environment";
import { sitemapFile } from "@/lib/feeds/sitemap.server";

/** GET /sitemap-<file>.xml (rewritten here by next.config.mjs): one file of the sitemap index. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const xml = await sitemapFile(getCatalog(), siteUrl(), (await params).file);
  if (xml === null) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "content-type": "application/xml; charset=utf-8" } });
}
