import { notFoundResponse, parseParams, repositoryJson, tagDetailsJson, tagJson } from "@/lib/api";
import { cosignTrust } from "@/lib/attachments/trust.server";
import { getTagAttachments } from "@/lib/catalog/attachments";
import { getCatalog } from "@/lib/catalog/client";
import { findPublicRepositoryOrTag, getDefaultTag, getPublicRepository, listTags, type PublicRepository } from "@/lib/catalog/gallery";
import { repositoryEndpoint } from "@/lib/publisher/api.server";
import { parseTagListQuery, TagQueryError } from "@/lib/tag-query";

type Context = { params: Promise<{ path: string[] }> };

/**
 * GET /api/v1/repositories/<namespace>/<repository>, …/<repository>/tags
 * (filter, sort=semver|pushed|name, page, pageSize) and …/<repository>/tags/<tag>.
 * A path ending in "/tags" lists the tags of the repository before it when
 * there is one; otherwise the path is read as on the pages (a repository
 * bearing the whole name, else a tag). Private and unknown repositories and
 * tags get the same 404. A path ending in "/catalog-data" is the publisher
 * read (lib/publisher/api.server.ts), as are the PUT and DELETE methods.
 */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const path = (await params).path;
  if (path.at(-1) === "catalog-data") return repositoryEndpoint(request, path);
  const [namespace, ...segments] = path;
  if (!namespace || segments.length === 0) return notFoundResponse();
  const db = getCatalog();
  if (segments.length > 1 && segments.at(-1) === "tags") {
    const repository = await getPublicRepository(db, namespace, segments.slice(0, -1).join("/"));
    if (repository) return tagList(request, repository);
  }
  const page = await findPublicRepositoryOrTag(db, namespace, segments);
  if (!page) return notFoundResponse();
  if (page.kind === "tag") return Response.json(tagDetailsJson(page.tag, await getTagAttachments(db, page.tag), cosignTrust()));
  return Response.json(repositoryJson(page.repository, await getDefaultTag(db, page.repository)));
}

export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return repositoryEndpoint(request, (await params).path);
}

export const DELETE = PUT;

async function tagList(request: Request, repository: PublicRepository): Promise<Response> {
  const query = parseParams(() => parseTagListQuery(new URL(request.url).searchParams), TagQueryError);
  if (query instanceof Response) return query;
  const { tags, total } = await listTags(getCatalog(), repository, query);
  return Response.json({ total, page: query.page, pageSize: query.pageSize, tags: tags.map(tagJson) });
}
