import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DigestMatches } from "@/components/search/DigestMatches";
import { Facets } from "@/components/search/Facets";
import { RepositoryList } from "@/components/search/RepositoryList";
import { SortLinks } from "@/components/search/SortLinks";
import { Pager } from "@/components/ui/Pager";
import { getCatalog } from "@/lib/catalog/client";
import { fullNameOf } from "@/lib/catalog/names";
import { plural } from "@/lib/format";
import { lookUp, parsePublicSearchQuery } from "@/lib/public-search";
import { MAX_PAGE, SearchQueryError } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";
import { searchHref } from "@/lib/search/url";
import { tagPageHref, toURLSearchParams, type PageSearchParams } from "@/lib/url";

export async function generateMetadata({ searchParams }: { searchParams: Promise<PageSearchParams> }): Promise<Metadata> {
  const q = toURLSearchParams(await searchParams).get("q");
  return { title: q ? `Search: ${q.slice(0, 60)}` : "Search", robots: { index: false } };
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  let query;
  try {
    query = parsePublicSearchQuery(toURLSearchParams(await searchParams));
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        <h1 className="font-semibold">That search cannot be run</h1>
        <p className="mt-1 text-sm">{error.message}</p>
      </div>
    );
  }
  const lookup = await lookUp(getCatalog(), query.q);
  if (lookup?.kind === "tag" && lookup.exists) redirect(tagPageHref(lookup.repository, lookup.tag));
  // A digest is no text to search for: its matches are the whole answer.
  if (lookup?.kind === "digest") return <DigestMatches lookup={lookup} />;
  const result = await (await getSearchEngine()).search(query);

  return (
    <div className="grid gap-8 md:grid-cols-[16rem_1fr]">
      <aside>
        <Facets query={query} facets={result.facets} />
      </aside>
      <section aria-labelledby="results-heading">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <h1 id="results-heading" className="text-lg font-semibold" data-testid="result-count">
            {plural(result.total, "repository", "repositories")}
            {query.q && <> for “{query.q}”</>}
          </h1>
          <SortLinks query={query} />
        </div>
        {lookup?.kind === "tag" && (
          <p role="note" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {fullNameOf(lookup.repository)} has no tag “{lookup.tag}”.{" "}
            <Link href={`/${fullNameOf(lookup.repository)}?tab=tags`} className="underline">
              See its tags
            </Link>
            .
          </p>
        )}
        {result.hits.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
            <p className="font-medium">No repositories match.</p>
            <p className="mt-1 text-sm text-slate-500">Check the spelling, use fewer words, or remove a filter.</p>
          </div>
        ) : (
          <RepositoryList hits={result.hits} className="space-y-3" />
        )}
        <Pager
          page={query.page}
          pages={Math.min(Math.ceil(result.total / query.pageSize), MAX_PAGE)}
          href={(page) => searchHref(query, { page })}
        />
      </section>
    </div>
  );
}
