import { DEFAULT_PAGE_SIZE, LIST_PARAMS } from "./query";
import type { SearchQuery } from "./types";

/**
 * The URL parameters of a query, the inverse of parseSearchQuery: the URL is
 * the search state, so every result page can be shared and reloaded.
 * Defaults are left out to keep URLs short.
 */
export function toSearchParams(query: SearchQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    for (const value of query.filters[field] ?? []) params.append(param, value);
  }
  if (query.filters.verified) params.set("verified", "true");
  if (query.filters.official) params.set("official", "true");
  if (query.sort !== "relevance") params.set("sort", query.sort);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params;
}

/** The search page's URL for `query` with `change` applied; any change but paging returns to page 1. */
export function searchHref(query: SearchQuery, change: Partial<SearchQuery> = {}): string {
  const next = { ...query, page: 1, ...change };
  const params = toSearchParams(next).toString();
  return params ? `/search?${params}` : "/search";
}

/** `values` with `value` added, or removed when present: a facet link's toggle. */
export function toggled(values: string[] | undefined, value: string): string[] {
  const current = values ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}
