import { jsonError, notFoundResponse, repositoryJson, tagJson } from "@/lib/api";
import { getCatalog } from "@/lib/catalog/client";
import { getDefaultTag, getPublicRepository, listTags } from "@/lib/catalog/gallery";
import { parseTagListQuery, TagQueryError } from "@/lib/tag-query";

/**
 * GET /api/v1/repositories/<namespace>/<repository> and …/<repository>/tags
 * (filter, sort=semver|pushed|name, page, pageSize). A path ending in "/tags"
 * lists that repository's tags; private and unknown repositories get the same 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const path = [...(await params).path];
  const wantsTags = path.length > 2 && path.at(-1) === "tags";
  if (wantsTags) path.pop();
  const [namespace, ...name] = path;
  if (!namespace || name.length === 0) return notFoundResponse();
  const db = getCatalog();
  const repository = await getPublicRepository(db, namespace, name.join("/"));
  if (!repository) return notFoundResponse();
  if (!wantsTags) return Response.json(repositoryJson(repository, await getDefaultTag(db, repository)));

  let query;
  try {
    query = parseTagListQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof TagQueryError) return jsonError(400, error.message);
    throw error;
  }
  const { tags, total } = await listTags(db, repository, query);
  return Response.json({ total, page: query.page, pageSize: query.pageSize, tags: tags.map(tagJson) });
}
