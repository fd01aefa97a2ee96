import { notFoundResponse, parseParams, repositoryJson, tagDetailsJson, tagJson } from "@/lib/http/public-api";
import { cosignTrust } from "@/lib/attachments/trust.server";
import { getTagAttachments } from "@/lib/catalog/attachments";
import { getCatalog } from "@/lib/catalog/database.server";
import { findPublicRepositoryOrTag, getDefaultTag, getPublicRepository, listTags, type PublicRepository } from "@/lib/catalog/gallery";
import { expectedRevision, readJsonBody, readLogoUpload, withPublisher } from "@/lib/http/publisher-routes.server";
import { parseBody } from "@/lib/publisher/body";
import { notFound } from "@/lib/publisher/errors";
import {
  catalogDataJson,
  changeVisibility,
  type EditableRepository,
  getEditableRepository,
  type PublisherContext,
  removeLogo,
  setLogo,
  updateCatalogData,
} from "@/lib/publisher/repository-editing.server";
import { CatalogDataUpdate, VisibilityUpdate } from "@/lib/schemas/publisher";
import { getSearchEngine } from "@/lib/search/shared";
import { parseTagListQuery, TagQueryError } from "@/lib/http/tag-list-query";

type Context = { params: Promise<{ path: string[] }> };

/** A publisher action on the repository the path names; answers the repository after it. */
type PublisherAction = (request: Request, ctx: PublisherContext, repository: EditableRepository) => Promise<EditableRepository>;

/**
 * The publisher side of /api/v1/repositories/<namespace>/<repository>/<action>,
 * by the path's last segment and the method (repository names contain "/",
 * so one catch-all route serves them). Each answers the CatalogData after it.
 */
const PUBLISHER_ACTIONS: Record<string, Partial<Record<string, PublisherAction>>> = {
  "catalog-data": {
    GET: async (_request, _ctx, repository) => repository,
    PUT: async (request, ctx, repository) => {
      const data = parseBody(CatalogDataUpdate, await readJsonBody(request));
      return updateCatalogData(ctx, repository, data, expectedRevision(request));
    },
  },
  visibility: {
    PUT: async (request, ctx, repository) => {
      const { visibility } = parseBody(VisibilityUpdate, await readJsonBody(request));
      return changeVisibility(ctx, repository, visibility, expectedRevision(request));
    },
  },
  logo: {
    PUT: async (request, ctx, repository) =>
      setLogo(ctx, repository, await readLogoUpload(request), request.headers.get("content-type"), expectedRevision(request)),
    DELETE: async (request, ctx, repository) => removeLogo(ctx, repository, expectedRevision(request)),
  },
};

/**
 * GET /api/v1/repositories/<namespace>/<repository>, …/<repository>/tags
 * (filter, sort=semver|pushed|name, page, pageSize) and …/<repository>/tags/<tag>.
 * A path ending in "/tags" lists the tags of the repository before it when
 * there is one; otherwise the path is read as on the pages (a repository
 * bearing the whole name, else a tag). Private and unknown repositories and
 * tags get the same 404. A path ending in "/catalog-data" is the publisher
 * read (PUBLISHER_ACTIONS).
 */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const path = (await params).path;
  if (path.at(-1) === "catalog-data") return publisherAction(request, path);
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

/** PUT …/catalog-data, …/visibility, …/logo: a publisher's change (PUBLISHER_ACTIONS). */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return publisherAction(request, (await params).path);
}

/** DELETE …/logo: removes the repository's logo (PUBLISHER_ACTIONS). */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  return publisherAction(request, (await params).path);
}

/** Runs the PUBLISHER_ACTIONS entry for the path's last segment and the method; 404 when there is none or the repository is not readable. */
function publisherAction(request: Request, segments: string[]): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const [namespace, ...rest] = segments;
    const action = rest.pop();
    if (!namespace || action === undefined || rest.length === 0) throw notFound();
    const db = getCatalog();
    const repository = await getEditableRepository(db, auth.principal, { namespace, name: rest.join("/") });
    const run = Object.hasOwn(PUBLISHER_ACTIONS, action) ? PUBLISHER_ACTIONS[action]![request.method] : undefined;
    if (!run) throw notFound();
    const after = await run(request, { db, auth, search: await getSearchEngine() }, repository);
    return Response.json(catalogDataJson(after), { headers: { etag: `"${after.revision}"` } });
  });
}

async function tagList(request: Request, repository: PublicRepository): Promise<Response> {
  const query = parseParams(() => parseTagListQuery(new URL(request.url).searchParams), TagQueryError);
  if (query instanceof Response) return query;
  const { tags, total } = await listTags(getCatalog(), repository, query);
  return Response.json({ total, page: query.page, pageSize: query.pageSize, tags: tags.map(tagJson) });
}
