import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SearchResults } from "@/components/search/SearchResults";
import { isCategory } from "@/lib/catalog/catalog-data";
import { categoryLabel } from "@/lib/presentation/format";
import { categoryPageHref, toURLSearchParams, type PageSearchParams } from "@/lib/presentation/hrefs";

interface Props {
  params: Promise<{ category: string }>;
  searchParams: Promise<PageSearchParams>;
}

async function categoryOf(params: Props["params"]) {
  const { category } = await params;
  return isCategory(category) ? category : notFound();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const label = categoryLabel(await categoryOf(params));
  return { title: label, description: `Public container images in the category ${label}` };
}

/** One category's public repositories, with the search page's filters, sorts and pages. */
export default async function CategoryPage({ params, searchParams }: Props) {
  const category = await categoryOf(params);
  return (
    <div className="space-y-6">
      <header>
        <Link href="/categories" className="text-sm text-slate-500 hover:underline">
          Categories
        </Link>
        <h1 className="text-2xl font-bold">{categoryLabel(category)}</h1>
      </header>
      <SearchResults
        params={toURLSearchParams(await searchParams)}
        scope={{ path: categoryPageHref(category), pinned: { field: "categories", value: category } }}
        countHeading="h2"
      />
    </div>
  );
}
