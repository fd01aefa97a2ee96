import { CATEGORIES, type Category } from "./catalog-data";
import type { Catalog } from "./client";

/**
 * Every category with its number of public repositories (0 for an empty one),
 * in CATEGORIES order: CategoryCount, kept exact by triggers, rather than a
 * count over every public repository's categories.
 */
export async function countPublicRepositoriesByCategory(db: Catalog): Promise<Array<{ category: Category; repositories: number }>> {
  const rows = await db.categoryCount.findMany();
  const countOf = new Map(rows.map((row) => [row.category, row.publicRepositories]));
  return CATEGORIES.map((category) => ({ category, repositories: countOf.get(category) ?? 0 }));
}
