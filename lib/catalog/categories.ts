import { CATEGORIES, type Category } from "./catalog-data";
import type { Catalog } from "./database.server";

/**
 * Every category with its number of public repositories (0 for an empty one),
 * in CATEGORIES order: CategoryCount, kept exact by triggers, rather than a
 * count over every public repository's categories.
 */
export async function countPublicRepositoriesByCategory(db: Catalog): Promise<Array<{ category: Category; repositories: number }>> {
  // Raw SQL: read on the home page, where Prisma's query compiler cost more than reading the few rows.
  const rows = await db.$queryRaw<Array<{ category: string; publicRepositories: number }>>`SELECT category, "publicRepositories" FROM "CategoryCount"`;
  const countOf = new Map(rows.map((row) => [row.category, row.publicRepositories]));
  return CATEGORIES.map((category) => ({ category, repositories: countOf.get(category) ?? 0 }));
}
