import { jsonError } from "@/lib/api";
import { parseSuggestQuery, SearchQueryError } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";

/** GET /api/v1/suggest?q=…&limit=…: repositories to offer as the search box is typed in. */
export async function GET(request: Request): Promise<Response> {
  let query;
  try {
    query = parseSuggestQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof SearchQueryError) return jsonError(400, error.message);
    throw error;
  }
  const suggestions = await (await getSearchEngine()).suggest(query.q, query.limit);
  return Response.json({ query, suggestions });
}
