import { type Authentication } from "@/lib/auth/principal.server";
import { can, isAdmin, type Permission, type Principal } from "@/lib/auth/policy";
import { type CatalogData, CatalogValidationError, type Visibility } from "@/lib/catalog/catalog-data";
import type { Catalog } from "@/lib/catalog/client";
import type { Prisma } from "@/lib/catalog/generated/client";
import { fullNameOf, splitRepositoryPath } from "@/lib/catalog/names";
import { RevisionConflictError, saveRepository } from "@/lib/catalog/publishing";
import type { SearchEngine } from "@/lib/search/types";
import type { CatalogTransaction } from "@/lib/catalog/transaction";
import { recordAudit } from "./audit.server";
import { forbidden, notFound, PublisherError } from "./errors";
import { logoUrl, processLogo } from "./logo.server";

/** What a publisher-side change needs: the catalog, who asks, and the search index for privacy removals. */
export interface PublisherContext {
  db: Catalog;
  auth: Authentication;
  /** Null where no search index is at hand (the CLI's admin commands); the indexer catches up. */
  search: SearchEngine | null;
}

const EDITABLE = {
  id: true,
  path: true,
  namespaceName: true,
  name: true,
  visibility: true,
  shortDescription: true,
  about: true,
  usage: true,
  defaultTag: true,
  logo: true,
  revision: true,
  inRegistry: true,
  lastSyncedAt: true,
  syncError: true,
  syncErrorAt: true,
  categories: { select: { category: true } },
  namespace: { select: { publisherId: true } },
} as const;

/** Repositories the principal may read in the console, public and private, by path. */
export async function listRepositoriesFor(db: Catalog, principal: Principal) {
  const namespaces =
    principal.kind === "user" ? principal.memberships.flatMap((m) => m.namespaces) : principal.kind === "token" ? principal.namespaces : [];
  const rows = await db.repository.findMany({
    where: isAdmin(principal) ? {} : { namespaceName: { in: namespaces } },
    select: EDITABLE,
    orderBy: { path: "asc" },
  });
  return rows.map(toEditable);
}

/** A repository as the console and the API show it to who may read it; PublisherError 404 otherwise. */
export async function getEditableRepository(db: Catalog, principal: Principal, path: string) {
  const { namespace } = splitRepositoryPath(path);
  if (!can(principal, "read", namespace)) throw notFound();
  const row = await db.repository.findUnique({ where: { path }, select: EDITABLE });
  if (!row) throw notFound();
  return toEditable(row);
}

/** The registry path of the repository named `<namespace>/<name>` on pages; 404 unless the principal may read it. */
export async function findRepositoryPath(db: Catalog, principal: Principal, namespace: string, name: string) {
  if (!can(principal, "read", namespace)) throw notFound();
  const row = await db.repository.findUnique({
    where: { namespaceName_name: { namespaceName: namespace, name } },
    select: { path: true },
  });
  if (!row) throw notFound();
  return row.path;
}

export type EditableRepository = ReturnType<typeof toEditable>;

/** The API's CatalogData: what a publisher may read and write about a repository, and how its sync goes. */
export function catalogDataJson(repository: EditableRepository) {
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

export type CatalogDataJson = ReturnType<typeof catalogDataJson>;

function toEditable({ categories, namespace, ...row }: EditableRepositoryRow) {
  return {
    ...row,
    fullName: fullNameOf({ namespace: row.namespaceName, name: row.name }),
    visibility: row.visibility as Visibility,
    categories: categories.map((c) => c.category).sort(),
    publisherId: namespace.publisherId,
  };
}

type EditableRepositoryRow = Prisma.RepositoryGetPayload<{ select: typeof EDITABLE }>;

/**
 * Saves a repository's catalog data: checked against the principal's rights,
 * validated whole (nothing stored half-way), refused with 409 when
 * `expectedRevision` is given and someone saved since, audited in the same
 * transaction. Returns the new revision.
 */
export async function updateCatalogData(
  ctx: PublisherContext,
  path: string,
  data: Partial<CatalogData>,
  expectedRevision?: number,
): Promise<number> {
  const current = await authorize(ctx, path, "edit", "edit this repository's catalog data");
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
  path: string,
  visibility: Visibility,
  expectedRevision?: number,
): Promise<number> {
  const current = await authorize(ctx, path, "visibility", "change this repository's visibility");
  const revision = await save(ctx, current, { visibility }, expectedRevision, {
    action: "repository.visibility",
    detail: { from: current.visibility, to: visibility },
  });
  if (visibility === "PRIVATE" && ctx.search) {
    await ctx.search.remove([current.fullName]);
  }
  return revision;
}

/**
 * Replaces a repository's logo with an uploaded image, re-encoded by the
 * server (processLogo refuses anything else, storing nothing); the logo URL
 * carries the new revision, so caches never serve the old image.
 */
export async function setLogo(
  ctx: PublisherContext,
  path: string,
  upload: Buffer,
  contentType: string | null,
  expectedRevision?: number,
): Promise<number> {
  const current = await authorize(ctx, path, "edit", "change this repository's logo");
  const logo = await processLogo(upload, contentType);
  const audit = { action: "repository.logo", detail: { width: logo.width, height: logo.height } };
  return save(ctx, current, {}, expectedRevision, audit, async (tx, saved) => {
    await tx.repositoryLogo.upsert({
      where: { repositoryId: saved.id },
      create: { repositoryId: saved.id, ...logo },
      update: { ...logo, updatedAt: new Date() },
    });
    await tx.repository.update({ where: { id: saved.id }, data: { logo: logoUrl(current.path, saved.revision) } });
  });
}

/** Removes a repository's logo, uploaded or linked. */
export async function removeLogo(ctx: PublisherContext, path: string, expectedRevision?: number): Promise<number> {
  const current = await authorize(ctx, path, "edit", "change this repository's logo");
  const audit = { action: "repository.logo", detail: { removed: true } };
  return save(ctx, current, { logo: null }, expectedRevision, audit, async (tx, saved) => {
    await tx.repositoryLogo.deleteMany({ where: { repositoryId: saved.id } });
  });
}

async function authorize(ctx: PublisherContext, path: string, permission: Permission, what: string) {
  const repository = await getEditableRepository(ctx.db, ctx.auth.principal, path);
  if (!can(ctx.auth.principal, permission, repository.namespaceName)) throw forbidden(what);
  return repository;
}

async function save(
  ctx: PublisherContext,
  current: EditableRepository,
  edit: Parameters<typeof saveRepository>[2],
  expectedRevision: number | undefined,
  audit: { action: string; detail: Record<string, unknown> },
  alsoWrite?: (tx: CatalogTransaction, saved: { id: number; revision: number }) => Promise<void>,
): Promise<number> {
  try {
    const saved = await saveRepository(ctx.db, current.path, edit, {
      expectedRevision,
      existingOnly: true,
      alsoWrite: async (tx, saved) => {
        await alsoWrite?.(tx, saved);
        await recordAudit(tx, ctx.auth, { publisherId: current.publisherId, target: current.path, ...audit });
      },
    });
    if (!saved) throw notFound();
    return saved.revision;
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
