import type { Catalog } from "./database.server";
import type { Prisma } from "./generated/client";

/** What the console shows of repositories, public and private: reads for who may see them (the services check). */

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

export type EditableRepositoryRow = Prisma.RepositoryGetPayload<{ select: typeof EDITABLE }>;

/** Every repository of `namespaces` (all of them for null), by path. */
export async function listEditableRepositories(db: Catalog, namespaces: string[] | null): Promise<EditableRepositoryRow[]> {
  return db.repository.findMany({
    where: namespaces === null ? {} : { namespaceName: { in: namespaces } },
    select: EDITABLE,
    orderBy: { path: "asc" },
  });
}

/** The repository at the registry path `path`. */
export async function findEditableRepository(db: Catalog, path: string): Promise<EditableRepositoryRow | null> {
  return db.repository.findUnique({ where: { path }, select: EDITABLE });
}

/** The repository named `<namespace>/<name>` on pages. */
export async function findEditableRepositoryByName(db: Catalog, namespace: string, name: string): Promise<EditableRepositoryRow | null> {
  return db.repository.findUnique({ where: { namespaceName_name: { namespaceName: namespace, name } }, select: EDITABLE });
}

/** The namespaces named, by name, with their publisher. */
export async function namespacesWithPublishers(db: Catalog, names: string[]) {
  return db.namespace.findMany({
    where: { name: { in: names } },
    include: { publisher: { select: { id: true, displayName: true } } },
    orderBy: { name: "asc" },
  });
}

/** The names of a repository's `limit` most recently pushed tags, newest first. */
export async function recentTagNames(db: Catalog, repositoryId: number, limit: number): Promise<string[]> {
  const tags = await db.tag.findMany({ where: { repositoryId }, select: { name: true }, orderBy: { updatedAt: "desc" }, take: limit });
  return tags.map((t) => t.name);
}
