import { parseParams } from "@/lib/http/public-api";
import { parseSuggestQuery, SearchQueryError } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";

/** GET /api/v1/suggest?q=…&limit=…: repositories to offer as the search box is typed in. */
export async function GET(request: Request): Promise<Response> {
  const query = parseParams(() => parseSuggestQuery(new URL(request.url).searchParams), SearchQueryError);
  if (query instanceof Response) return query;
  const suggestions = await (await getSearchEngine()).suggest(query.q, query.limit);
  return Response.json({ query, suggestions });
}
