import { type Authentication } from "@/lib/auth/principal.server";
import { can, isAdmin, type Permission, type Principal } from "@/lib/auth/policy";
import { type CatalogData, CatalogValidationError, type Visibility } from "@/lib/catalog/catalog-data";
import type { Catalog } from "@/lib/catalog/client";
import type { Prisma } from "@/lib/catalog/generated/client";
import { fullNameOf, splitRepositoryPath } from "@/lib/catalog/names";
import { RevisionConflictError, saveRepository } from "@/lib/catalog/publishing";
import type { SearchEngine } from "@/lib/search/types";
import { recordAudit } from "./audit.server";
import { forbidden, notFound, PublisherError } from "./errors";

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

export type EditableRepository = ReturnType<typeof toEditable>;

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
): Promise<number> {
  try {
    const saved = await saveRepository(ctx.db, current.path, edit, {
      expectedRevision,
      existingOnly: true,
      alsoWrite: (tx) =>
        recordAudit(tx, ctx.auth, { publisherId: current.publisherId, target: current.path, ...audit }),
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
