import type { ReactNode } from "react";
import { Facets } from "@/components/search/Facets";
import { RepositoryList } from "@/components/search/RepositoryList";
import { SortLinks } from "@/components/search/SortLinks";
import { Pager } from "@/components/ui/Pager";
import { plural } from "@/lib/presentation/format";
import { parsePublicSearchQuery } from "@/lib/http/public-search";
import { MAX_PAGE, SearchQueryError } from "@/lib/search/query";
import { MAX_TOTAL_HITS } from "@/lib/search/rules";
import { getSearchEngine } from "@/lib/search/shared";
import { type SearchScope, searchHref } from "@/lib/search/search-url";

interface Props {
  /** The page's URL parameters: they are the whole state of the results. */
  params: URLSearchParams;
  scope: SearchScope;
  /** h1 on the search page, where the count is the title; h2 under a page's own title. */
  countHeading: "h1" | "h2";
  /** Shown above the results, e.g. why a name:tag lookup found no tag. */
  notice?: ReactNode;
}

/**
 * Results with facets, sorts and pages: the search page's, a category's and a
 * publisher's, each on its own path with its own pinned filter.
 */
export async function SearchResults({ params, scope, countHeading: Heading, notice }: Props) {
  let query;
  try {
    query = parsePublicSearchQuery(params, scope);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        <Heading className="font-semibold">That search cannot be run</Heading>
        <p className="mt-1 text-sm">{error.message}</p>
      </div>
    );
  }
  const result = await (await getSearchEngine()).search(query);
  const count = plural(result.total, "repository", "repositories");

  // The count comes first, above the filters, so that no filter heading precedes it; as a status
  // region it is announced when a filter, the sort or the page changes it.
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div role="status">
          <Heading id="results-heading" className="text-lg font-semibold" data-testid="result-count">
            {/* Engines stop counting at MAX_TOTAL_HITS: "1,000+ repositories". */}
            {result.total >= MAX_TOTAL_HITS ? count.replace(" ", "+ ") : count}
            {query.q && <> for “{query.q}”</>}
          </Heading>
        </div>
        <SortLinks query={query} scope={scope} />
      </div>
      <div className="grid gap-8 md:grid-cols-[16rem_1fr]">
        <aside>
          <Facets query={query} facets={result.facets} scope={scope} />
        </aside>
        <section aria-labelledby="results-heading">
          {notice}
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
            href={(page) => searchHref(query, { page }, scope)}
          />
        </section>
      </div>
    </div>
  );
}
