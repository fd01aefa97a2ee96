import { jsonError } from "@/lib/api";
import { parsePublicSearchQuery } from "@/lib/public-search";
import { SearchQueryError } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";

/** GET /api/v1/search: the search page's parameters, as JSON. */
export async function GET(request: Request): Promise<Response> {
  let query;
  try {
    query = parsePublicSearchQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof SearchQueryError) return jsonError(400, error.message);
    throw error;
  }
  const result = await (await getSearchEngine()).search(query);
  return Response.json({
    query,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    hits: result.hits.map(({ document, highlights }) => ({ ...document, updatedAt: new Date(document.updatedAt).toISOString(), highlights })),
    facets: result.facets,
  });
}
