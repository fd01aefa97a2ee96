import { lookupJson, parseParams } from "@/lib/http/public-api";
import { getCatalog } from "@/lib/catalog/database.server";
import { lookUp, parsePublicSearchQuery } from "@/lib/http/public-search";
import { SearchQueryError } from "@/lib/search/query";
import { MAX_TOTAL_HITS } from "@/lib/search/rules";
import { getSearchEngine } from "@/lib/search/shared";

/** GET /api/v1/search: the search page's parameters, as JSON, with what q looked up (lookupJson). */
export async function GET(request: Request): Promise<Response> {
  const query = parseParams(() => parsePublicSearchQuery(new URL(request.url).searchParams), SearchQueryError);
  if (query instanceof Response) return query;
  const [result, lookup] = await Promise.all([(await getSearchEngine()).search(query), lookUp(getCatalog(), query.q)]);
  return Response.json({
    query,
    total: result.total,
    totalCapped: result.total >= MAX_TOTAL_HITS,
    page: result.page,
    pageSize: result.pageSize,
    hits: result.hits.map(({ document, highlights }) => ({ ...document, updatedAt: new Date(document.updatedAt).toISOString(), highlights })),
    facets: result.facets,
    ...lookupJson(lookup),
  });
}
