import "server-only";
import { type Authentication } from "@/lib/auth/principal.server";
import { can, isAdmin, type Permission, type Principal } from "@/lib/auth/policy";
import { type CatalogData, CatalogValidationError, type Visibility } from "@/lib/catalog/catalog-data";
import type { Catalog } from "@/lib/catalog/database.server";
import {
  type EditableRepositoryRow,
  findEditableRepository,
  findEditableRepositoryByName,
  listEditableRepositories,
} from "@/lib/catalog/console";
import { fullNameOf, type RepositoryName, splitRepositoryPath } from "@/lib/catalog/names";
import { type RepositoryEdit, RevisionConflictError, saveRepository, type SaveOptions } from "@/lib/catalog/publishing";
import { MarkdownTooLargeError, renderMarkdown } from "@/lib/markdown/render";
import type { SearchEngine } from "@/lib/search/types";
import { auditActor } from "./audit.server";
import type { CatalogDataJson } from "./catalog-data-json";
import { forbidden, notFound, PublisherError } from "./errors";
import { logoUrl, processLogo } from "./logo.server";

/** What a publisher-side change needs: the catalog, who asks, and the search index for privacy removals. */
export interface PublisherContext {
  db: Catalog;
  auth: Authentication;
  /** Null where no search index is at hand (the CLI's admin commands); the indexer catches up. */
  search: SearchEngine | null;
}

/**
 * The repository a change is for: its registry path, or the repository as
 * getEditableRepository read it for the same principal (so it is not read again).
 */
export type RepositoryRef = string | EditableRepository;

/** Repositories the principal may read in the console, public and private, by path. */
export async function listRepositoriesFor(db: Catalog, principal: Principal) {
  const namespaces =
    principal.kind === "user" ? principal.memberships.flatMap((m) => m.namespaces) : principal.kind === "token" ? principal.namespaces : [];
  return (await listEditableRepositories(db, isAdmin(principal) ? null : namespaces)).map(toEditable);
}

/**
 * A repository, by its registry path or its name on pages, as the console and
 * the API show it to who may read it; PublisherError 404 otherwise.
 */
export async function getEditableRepository(db: Catalog, principal: Principal, repository: string | RepositoryName) {
  const { namespace, name } = typeof repository === "string" ? splitRepositoryPath(repository) : repository;
  if (!can(principal, "read", namespace)) throw notFound();
  const row =
    typeof repository === "string" ? await findEditableRepository(db, repository) : await findEditableRepositoryByName(db, namespace, name);
  if (!row) throw notFound();
  return toEditable(row);
}

export type EditableRepository = ReturnType<typeof toEditable>;

/** The API's CatalogData: what a publisher may read and write about a repository, and how its sync goes. */
export function catalogDataJson(repository: EditableRepository): CatalogDataJson {
  return {
    repository: repository.fullName,
    registryPath: repository.path,
    visibility: repository.visibility,
    revision: repository.revision,
    shortDescription: repository.shortDescription,
    about: repository.about,
    usage: repository.usage,
    categories: repository.categories,
    defaultTag: repository.defaultTag,
    logo: repository.logo,
    inRegistry: repository.inRegistry,
    lastSyncedAt: repository.lastSyncedAt?.toISOString() ?? null,
    syncError: repository.syncError,
  };
}

function toEditable({ categories, namespace, ...row }: EditableRepositoryRow) {
  return {
    ...row,
    fullName: fullNameOf({ namespace: row.namespaceName, name: row.name }),
    visibility: row.visibility as Visibility,
    categories: categories.map((c) => c.category).sort(),
    publisherId: namespace.publisherId,
  };
}

/**
 * Saves a repository's catalog data: checked against the principal's rights,
 * validated whole (nothing stored half-way), refused with 409 when
 * `expectedRevision` is given and someone saved since, audited in the same
 * transaction. Returns the repository as saved.
 */
export async function updateCatalogData(
  ctx: PublisherContext,
  repository: RepositoryRef,
  data: Partial<CatalogData>,
  expectedRevision?: number,
): Promise<EditableRepository> {
  const current = await authorize(ctx, repository, "edit", "edit this repository's catalog data");
  const changed = Object.keys(data).filter((key) => data[key as keyof CatalogData] !== undefined);
  return save(ctx, current, data, expectedRevision, {
    action: "repository.catalog-data",
    detail: { fields: changed.sort() },
  });
}

/**
 * Makes a repository public or private. Made private, its search document is
 * removed here and now (the indexer also republishes it from the queued
 * CatalogChange, so a document written from a stale read is removed too).
 */
export async function changeVisibility(
  ctx: PublisherContext,
  repository: RepositoryRef,
  visibility: Visibility,
  expectedRevision?: number,
): Promise<EditableRepository> {
  const current = await authorize(ctx, repository, "visibility", "change this repository's visibility");
  const saved = await save(ctx, current, { visibility }, expectedRevision, {
    action: "repository.visibility",
    detail: { from: current.visibility, to: visibility },
  });
  if (visibility === "PRIVATE" && ctx.search) {
    await ctx.search.remove([current.fullName]);
  }
  return saved;
}

/**
 * Replaces a repository's logo with an uploaded image, re-encoded by the
 * server (processLogo refuses anything else, storing nothing); the logo URL
 * carries the new revision, so caches never serve the old image.
 */
export async function setLogo(
  ctx: PublisherContext,
  repository: RepositoryRef,
  upload: Buffer,
  contentType: string | null,
  expectedRevision?: number,
): Promise<EditableRepository> {
  const current = await authorize(ctx, repository, "edit", "change this repository's logo");
  const logo = await processLogo(upload, contentType);
  const audit = { action: "repository.logo", detail: { width: logo.width, height: logo.height } };
  return save(ctx, current, {}, expectedRevision, audit, { logo, url: (revision) => logoUrl(current.path, revision) });
}

/** Removes a repository's logo, uploaded or linked. */
export async function removeLogo(ctx: PublisherContext, repository: RepositoryRef, expectedRevision?: number): Promise<EditableRepository> {
  const current = await authorize(ctx, repository, "edit", "change this repository's logo");
  const audit = { action: "repository.logo", detail: { removed: true } };
  return save(ctx, current, { logo: null }, expectedRevision, audit, null);
}

/** The repository, read once, when the principal may do `permission` on it: 404 when they may not read it, else 403. */
async function authorize(ctx: PublisherContext, repository: RepositoryRef, permission: Permission, what: string) {
  const current = typeof repository === "string" ? await getEditableRepository(ctx.db, ctx.auth.principal, repository) : repository;
  if (!can(ctx.auth.principal, permission, current.namespaceName)) throw forbidden(what);
  return current;
}

/**
 * Saves `edit` over `current` and answers the repository as saved: the
 * save's transaction checks the revision, so nothing is read again.
 */
async function save(
  ctx: PublisherContext,
  current: EditableRepository,
  edit: RepositoryEdit,
  expectedRevision: number | undefined,
  audit: { action: string; detail: Record<string, unknown> },
  uploadedLogo?: SaveOptions["uploadedLogo"],
): Promise<EditableRepository> {
  try {
    const saved = await saveRepository(ctx.db, current.path, edit, {
      expectedRevision,
      existingOnly: true,
      audit: { actor: auditActor(ctx.auth), event: { publisherId: current.publisherId, target: current.path, ...audit } },
      uploadedLogo,
    });
    if (!saved) throw notFound();
    const { categories, ...fields } = edit;
    return {
      ...current,
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      ...(categories && { categories: [...new Set(categories)].sort() }),
      ...(uploadedLogo && { logo: uploadedLogo.url(saved.revision) }),
      revision: saved.revision,
    };
  } catch (error) {
    if (error instanceof CatalogValidationError) throw new PublisherError(400, error.message, error.field);
    if (error instanceof RevisionConflictError) {
      throw new PublisherError(
        409,
        "Someone else saved this repository after you opened it. Your changes were not saved: reload to see theirs, then apply yours again.",
      );
    }
    throw error;
  }
}

/** The About or Usage as the public pages render and sanitize it, for the editor's preview. */
export function previewMarkdown(markdown: string): string {
  try {
    return renderMarkdown(markdown);
  } catch (error) {
    if (error instanceof MarkdownTooLargeError) throw new PublisherError(400, error.message, "markdown");
    throw error;
  }
}
