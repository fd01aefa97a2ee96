import type { Catalog } from "./database.server";

/** Which of `paths` are public repositories: what anyone may pull from the registry. */
export async function publicRepositoryPaths(db: Catalog, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const rows = await db.repository.findMany({
    where: { path: { in: paths }, visibility: "PUBLIC" },
    select: { path: true },
  });
  return new Set(rows.map((row) => row.path));
}
