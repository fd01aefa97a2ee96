import Link from "next/link";
import { type SearchScope, searchHref, toggled } from "@/lib/search/search-url";
import type { SearchFacets, SearchFilters, SearchQuery } from "@/lib/search/types";

type ListFilter = "os" | "architecture" | "categories" | "namespace";

const GROUPS: Array<{ field: ListFilter; title: string }> = [
  { field: "os", title: "Operating system" },
  { field: "architecture", title: "Architecture" },
  { field: "categories", title: "Category" },
  { field: "namespace", title: "Publisher namespace" },
];

/** Values shown per filter group: enough to choose from, few enough to keep the page light. */
const FACET_LINKS = 20;

const linkClass = (active: boolean) =>
  `flex items-center justify-between gap-2 rounded px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${
    active ? "font-semibold text-sky-700 dark:text-sky-400" : ""
  }`;

/**
 * A filter's text: the box is drawn for the eye, and the state is said in
 * words (a link has no pressed or checked state), e.g. "linux, selected 1".
 */
function FacetLabel({ active, text, count }: { active: boolean; text: string; count: number }) {
  return (
    <>
      <span>
        <span aria-hidden="true">{active ? "☑" : "☐"}</span> {text}
        {active && <span className="sr-only">, selected</span>}
      </span>
      <span className="text-xs text-slate-500" data-testid="facet-count">
        {count}
      </span>
    </>
  );
}

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
      <Link href={searchHref(query, { filters }, scope)} className={linkClass(active)} data-facet={name}>
        <FacetLabel active={active} text={title} count={count} />
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
        // The most frequent values (facets lists them so), and the selected ones even when no result
        // has them any more: a field with thousands of values (namespaces) stays a short list.
        const values = [...new Set([...Object.keys(facets[field]).slice(0, FACET_LINKS), ...selected])].sort();
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
                      data-facet={`${field}:${value}`}
                    >
                      <FacetLabel active={active} text={value} count={facets[field][value] ?? 0} />
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
