import Link from "next/link";
import { type SearchScope, searchHref, toggled } from "@/lib/search/url";
import type { SearchFacets, SearchFilters, SearchQuery } from "@/lib/search/types";

type ListFilter = "os" | "architecture" | "categories" | "namespace";

const GROUPS: Array<{ field: ListFilter; title: string }> = [
  { field: "os", title: "Operating system" },
  { field: "architecture", title: "Architecture" },
  { field: "categories", title: "Category" },
  { field: "namespace", title: "Publisher namespace" },
];

const linkClass = (active: boolean) =>
  `flex items-center justify-between gap-2 rounded px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${
    active ? "font-semibold text-sky-700 dark:text-sky-400" : ""
  }`;

/**
 * Filters as links that toggle one value in the URL: they work without
 * JavaScript, and each shows how many results it would leave. The scope's
 * pinned filter has no group: the page's path sets it.
 */
export function Facets({ query, facets, scope }: { query: SearchQuery; facets: SearchFacets; scope: SearchScope }) {
  const flag = (name: "verified" | "official" | "signed" | "sbom", title: string, count: number) => {
    const active = query.filters[name] === true;
    const filters: SearchFilters = { ...query.filters, [name]: active ? undefined : true };
    return (
      <Link href={searchHref(query, { filters }, scope)} className={linkClass(active)} aria-pressed={active} data-facet={name}>
        <span>
          {active ? "☑" : "☐"} {title}
        </span>
        <span className="text-xs text-slate-500">{count}</span>
      </Link>
    );
  };

  return (
    <nav aria-label="Filters" className="space-y-5">
      <div>
        <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Publisher</h2>
        {flag("verified", "Verified publisher", facets.verified)}
        {flag("official", "Official", facets.official)}
      </div>
      <div>
        <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Attached</h2>
        {flag("signed", "Signed", facets.signed)}
        {flag("sbom", "SBOM", facets.sbom)}
      </div>
      {GROUPS.filter(({ field }) => field !== scope.pinned?.field).map(({ field, title }) => {
        const selected = query.filters[field] ?? [];
        // Selected values stay visible even when no result has them any more.
        const values = [...new Set([...Object.keys(facets[field]), ...selected])].sort();
        if (values.length === 0) return null;
        return (
          <div key={field}>
            <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
            <ul>
              {values.map((value) => {
                const active = selected.includes(value);
                const filters = { ...query.filters, [field]: toggled(selected, value) };
                return (
                  <li key={value}>
                    <Link
                      href={searchHref(query, { filters }, scope)}
                      className={linkClass(active)}
                      aria-pressed={active}
                      data-facet={`${field}:${value}`}
                    >
                      <span>
                        {active ? "☑" : "☐"} {value}
                      </span>
                      <span className="text-xs text-slate-500" data-testid="facet-count">
                        {facets[field][value] ?? 0}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
