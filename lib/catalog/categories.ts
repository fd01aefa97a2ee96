import { CATEGORIES, type Category } from "./catalog-data";
import type { Catalog } from "./client";
import { PUBLIC } from "./repositories";

/** Every category with its number of public repositories (0 for an empty one), in CATEGORIES order. */
export async function countPublicRepositoriesByCategory(db: Catalog): Promise<Array<{ category: Category; repositories: number }>> {
  const rows = await db.repositoryCategory.groupBy({ by: ["category"], where: { repository: PUBLIC }, _count: true });
  const countOf = new Map(rows.map((row) => [row.category, row._count]));
  return CATEGORIES.map((category) => ({ category, repositories: countOf.get(category) ?? 0 }));
}
