import { jsonError, lookupJson } from "@/lib/api";
import { getCatalog } from "@/lib/catalog/client";
import { lookUp, parsePublicSearchQuery } from "@/lib/public-search";
import { SearchQueryError } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";

/** GET /api/v1/search: the search page's parameters, as JSON, with what q looked up (lookupJson). */
export async function GET(request: Request): Promise<Response> {
  let query;
  try {
    query = parsePublicSearchQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof SearchQueryError) return jsonError(400, error.message);
    throw error;
  }
  const [result, lookup] = await Promise.all([(await getSearchEngine()).search(query), lookUp(getCatalog(), query.q)]);
  return Response.json({
    query,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    hits: result.hits.map(({ document, highlights }) => ({ ...document, updatedAt: new Date(document.updatedAt).toISOString(), highlights })),
    facets: result.facets,
    ...lookupJson(lookup),
  });
}
