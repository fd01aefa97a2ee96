import Link from "next/link";
import { type SearchScope, searchHref } from "@/lib/search/search-url";
import type { SearchQuery, SearchSort } from "@/lib/search/types";

const LABELS: Record<SearchSort, string> = { relevance: "Relevance", pulls: "Most pulled", updated: "Recently updated" };

export function SortLinks({ query, scope }: { query: SearchQuery; scope: SearchScope }) {
  return (
    <nav aria-label="Sort" className="flex flex-wrap items-center gap-1 text-sm">
      <span className="text-slate-500">Sort:</span>
      {(Object.keys(LABELS) as SearchSort[]).map((sort) => (
        <Link
          key={sort}
          href={searchHref(query, { sort }, scope)}
          aria-current={query.sort === sort ? "true" : undefined}
          className={`rounded px-2 py-1 ${
            query.sort === sort ? "bg-sky-700 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"
          }`}
        >
          {LABELS[sort]}
        </Link>
      ))}
    </nav>
  );
}
