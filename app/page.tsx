import Link from "next/link";
import { RepositoryList } from "@/components/search/RepositoryList";
import { SearchForm } from "@/components/search/SearchBox";
import { Badges } from "@/components/ui/Badges";
import { getCatalog } from "@/lib/catalog/database.server";
import { countPublicRepositoriesByCategory } from "@/lib/catalog/categories";
import { countPublic, listTopPublicNamespaces } from "@/lib/catalog/gallery";
import { categoryLabel, plural } from "@/lib/presentation/format";
import { getSearchEngine } from "@/lib/search/shared";
import type { SearchHit, SearchSort } from "@/lib/search/types";
import { categoryPageHref } from "@/lib/presentation/hrefs";

// Read per request: the indexer changes what is here at any time.
export const dynamic = "force-dynamic";

const SHOWN = 6;
/** Publishers listed, those with the most public repositories: the page stays small at any catalog size. */
const TOP_PUBLISHERS = 12;

function Shelf({ title, hits, more }: { title: string; hits: SearchHit[]; more: string }) {
  return (
    <section aria-labelledby={`${more}-heading`}>
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id={`${more}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        <Link href={`/search?sort=${more}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          See all →
        </Link>
      </div>
      <RepositoryList hits={hits} className="grid gap-3 md:grid-cols-2 lg:grid-cols-3" />
    </section>
  );
}

export default async function Home() {
  const search = await getSearchEngine();
  const browse = (sort: SearchSort) => search.search({ q: "", filters: {}, sort, page: 1, pageSize: SHOWN });
  const db = getCatalog();
  // The counts are kept exact in the catalog (a repository made private is uncounted at once) and cost an index read.
  const [recent, popular, totals, publishers, categories] = await Promise.all([
    browse("updated"),
    browse("pulls"),
    countPublic(db),
    listTopPublicNamespaces(db, TOP_PUBLISHERS),
    countPublicRepositoriesByCategory(db).then((all) => all.filter(({ repositories }) => repositories > 0)),
  ]);

  return (
    <div className="space-y-10">
      <section className="rounded-xl bg-gradient-to-br from-sky-50 to-slate-100 px-6 py-10 text-center dark:from-slate-900 dark:to-slate-800">
        <h1 className="text-3xl font-bold tracking-tight">Find container images</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          {plural(totals.repositories, "public repository", "public repositories")} from {plural(totals.namespaces, "publisher")}.
        </p>
        <div className="mx-auto mt-6 max-w-xl">
          <SearchForm query="" label="Search the gallery" />
        </div>
      </section>
      <Shelf title="Recently updated" hits={recent.hits} more="updated" />
      <Shelf title="Popular" hits={popular.hits} more="pulls" />
      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="publishers-heading">
          <h2 id="publishers-heading" className="mb-3 text-lg font-semibold">
            Top publishers
          </h2>
          <ul className="space-y-2">
            {publishers.map((publisher) => (
              <li key={publisher.name} className="flex flex-wrap items-center gap-2">
                <Link href={`/${publisher.name}`} className="font-medium hover:underline">
                  {publisher.displayName}
                </Link>
                <Badges verified={publisher.verified} official={publisher.official} />
                <span className="text-sm text-slate-500">{plural(publisher.repositories, "repository", "repositories")}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading" className="mb-3 text-lg font-semibold">
            Categories
          </h2>
          <ul className="flex flex-wrap gap-2">
            {categories.map(({ category, repositories }) => (
              <li key={category}>
                <Link
                  href={categoryPageHref(category)}
                  className="inline-block rounded-full border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                >
                  {categoryLabel(category)} <span className="text-slate-500">{repositories}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
