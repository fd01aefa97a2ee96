import { getCatalog } from "@/lib/catalog/database.server";
import { siteUrl } from "@/lib/config/environment";
import { sitemapIndex } from "@/lib/feeds/sitemap.server";

export const dynamic = "force-dynamic";

/** GET /sitemap.xml: the sitemap index (robots.txt points here). */
export async function GET(): Promise<Response> {
  return new Response(await sitemapIndex(getCatalog(), siteUrl()), { headers: { "content-type": "application/xml; charset=utf-8" } });
}
