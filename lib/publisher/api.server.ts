/**
 * The publisher API's endpoints, one function per route file, each through
 * withPublisher: authentication, CSRF for cookie sessions, and `{error, field?}`
 * bodies for refusals.
 */
import { getCatalog } from "@/lib/catalog/client";
import { MarkdownTooLargeError, renderMarkdown } from "@/lib/markdown/render";
import { getSearchEngine } from "@/lib/search/shared";
import { listAudit } from "./audit.server";
import { CatalogDataUpdate, MarkdownPreview, NamespaceSettings, TokenRequest, VisibilityUpdate } from "@/lib/schemas/publisher";
import { idOf, parseBody, ROW_ID } from "./body";
import { notFound, PublisherError } from "./errors";
import { readJsonBody, withPublisher } from "./http.server";
import { readLogoUpload } from "./logo.server";
import { changeNamespaceSettings, getManagedPublisher } from "./publishers.server";
import {
  catalogDataJson,
  changeVisibility,
  findRepositoryPath,
  getEditableRepository,
  removeLogo,
  setLogo,
  updateCatalogData,
} from "./repositories.server";
import { createApiToken, listApiTokens, revokeApiToken } from "./tokens.server";

/** If-Match: "<revision>" (or W/"<revision>"); none or "*" saves whatever the revision. */
function expectedRevision(request: Request): number | undefined {
  const header = request.headers.get("if-match")?.trim();
  if (!header || header === "*") return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header);
  if (!match) throw new PublisherError(400, `If-Match must be a revision such as "3", not ${header}`);
  return Number(match[1]);
}

/**
 * GET|PUT /api/v1/repositories/<namespace>/<repository>/catalog-data,
 * PUT …/visibility, PUT|DELETE …/logo. Answers the CatalogData after the change.
 */
export function repositoryEndpoint(request: Request, segments: string[]): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const [namespace, ...rest] = segments;
    const action = rest.pop();
    if (!namespace || rest.length === 0) throw notFound();
    const db = getCatalog();
    const path = await findRepositoryPath(db, auth.principal, namespace, rest.join("/"));
    const ctx = { db, auth, search: await getSearchEngine() };
    switch (`${request.method} ${action}`) {
      case "GET catalog-data":
        break;
      case "PUT catalog-data": {
        const data = parseBody(CatalogDataUpdate, await readJsonBody(request));
        await updateCatalogData(ctx, path, data, expectedRevision(request));
        break;
      }
      case "PUT visibility": {
        const { visibility } = parseBody(VisibilityUpdate, await readJsonBody(request));
        await changeVisibility(ctx, path, visibility, expectedRevision(request));
        break;
      }
      case "PUT logo":
        await setLogo(ctx, path, await readLogoUpload(request), request.headers.get("content-type"), expectedRevision(request));
        break;
      case "DELETE logo":
        await removeLogo(ctx, path, expectedRevision(request));
        break;
      default:
        throw notFound();
    }
    const repository = await getEditableRepository(db, auth.principal, path);
    return Response.json(catalogDataJson(repository), { headers: { etag: `"${repository.revision}"` } });
  });
}

/** POST /api/v1/markdown/preview {markdown} → {html}: the public pages' own rendering and sanitizing. */
export function markdownPreviewEndpoint(request: Request): Promise<Response> {
  return withPublisher(request, async () => {
    const { markdown } = parseBody(MarkdownPreview, await readJsonBody(request));
    try {
      return Response.json({ html: renderMarkdown(markdown) });
    } catch (error) {
      if (error instanceof MarkdownTooLargeError) throw new PublisherError(400, error.message, "markdown");
      throw error;
    }
  });
}

/** PUT /api/v1/namespaces/<namespace>/settings {newRepositoriesPublic}. */
export function namespaceSettingsEndpoint(request: Request, namespace: string): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const { newRepositoriesPublic } = parseBody(NamespaceSettings, await readJsonBody(request));
    return Response.json(await changeNamespaceSettings(getCatalog(), auth, namespace, newRepositoriesPublic));
  });
}

/** GET /api/v1/publishers/<id>/tokens (list) and POST (create; the secret is in this answer only). */
export function tokensEndpoint(request: Request, publisher: string): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf(publisher));
    if (request.method === "GET") return Response.json({ tokens: await listApiTokens(db, id) });
    const created = await createApiToken(db, auth, id, parseBody(TokenRequest, await readJsonBody(request)));
    const token = (await listApiTokens(db, id)).find((t) => t.id === created.id);
    return Response.json({ ...token, token: created.secret }, { status: 201 });
  });
}

/** DELETE /api/v1/publishers/<id>/tokens/<tokenId>: revoked at once. */
export function tokenEndpoint(request: Request, publisher: string, tokenId: string): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf(publisher));
    const token = await db.apiToken.findFirst({ where: { id: idOf(tokenId), publisherId: id } });
    if (!token) throw notFound();
    await revokeApiToken(db, auth, token.id);
    return new Response(null, { status: 204 });
  });
}

/** GET /api/v1/publishers/<id>/audit?before=<id>: newest first, a page at a time. */
export function auditEndpoint(request: Request, publisher: string): Promise<Response> {
  return withPublisher(request, async (auth) => {
    const db = getCatalog();
    const { id } = await getManagedPublisher(db, auth.principal, idOf(publisher));
    const before = new URL(request.url).searchParams.get("before");
    if (before !== null && !ROW_ID.test(before)) {
      throw new PublisherError(400, "before must be an audit entry id", "before");
    }
    const entries = await listAudit(db, id, before === null ? undefined : Number(before));
    return Response.json({
      entries: entries.map(({ id, at, actor, via, action, target, detail }) => ({ id, at, actor, via, action, target, detail })),
    });
  });
}
