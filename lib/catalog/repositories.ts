import type { Catalog } from "./client";
import { fullNameOf } from "./names";

/** Reads of repositories as the catalog holds them. */

const withEverything = {
  namespace: { include: { publisher: true } },
  categories: true,
  tags: { include: { platforms: true }, orderBy: { name: "asc" } },
} as const;

/** A repository with its publisher, categories, tags and platforms, or null. */
export async function getRepositoryByPath(db: Catalog, path: string) {
  return db.repository.findUnique({ where: { path }, include: withEverything });
}

export type RepositoryWithEverything = NonNullable<Awaited<ReturnType<typeof getRepositoryByPath>>>;

/** Whether the public may see a repository: published, and still in the registry. */
export function isPublic(repository: { visibility: string; inRegistry: boolean }): boolean {
  return repository.visibility === "PUBLIC" && repository.inRegistry;
}

/** Full names of every repository the public may see: what the search index should hold. */
export async function listPublicFullNames(db: Catalog): Promise<string[]> {
  const rows = await db.repository.findMany({
    where: { visibility: "PUBLIC", inRegistry: true },
    select: { namespaceName: true, name: true },
  });
  return rows.map((r) => fullNameOf({ namespace: r.namespaceName, name: r.name }));
}
