import type { Metadata } from "next";
import Link from "next/link";
import { countPublicRepositoriesByCategory } from "@/lib/catalog/categories";
import { getCatalog } from "@/lib/catalog/database.server";
import { categoryLabel, plural } from "@/lib/presentation/format";
import { categoryPageHref } from "@/lib/presentation/hrefs";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Categories", description: "Public container images by category" };

export default async function CategoriesPage() {
  const categories = await countPublicRepositoriesByCategory(getCatalog());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Categories</h1>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {categories.map(({ category, repositories }) => (
          <li key={category}>
            <Link
              href={categoryPageHref(category)}
              data-category={category}
              className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 p-4 hover:border-sky-600 dark:border-slate-800"
            >
              <span className="font-medium">{categoryLabel(category)}</span>
              <span className="text-sm text-slate-500" data-testid="category-count">
                {plural(repositories, "repository", "repositories")}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
