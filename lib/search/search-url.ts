import { DEFAULT_PAGE_SIZE, FLAG_PARAMS, LIST_PARAMS } from "./query";
import type { SearchQuery } from "./types";

/**
 * Where results are shown: the search page, or a page whose path sets one
 * filter (a category's, a publisher's). The pinned filter stays out of that
 * page's URLs, since its path already says it.
 */
export interface SearchScope {
  path: string;
  pinned?: { field: "categories" | "namespace"; value: string };
}

export const SEARCH_PAGE: SearchScope = { path: "/search" };

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
  for (const flag of FLAG_PARAMS) if (query.filters[flag]) params.set(flag, "true");
  if (query.sort !== "relevance") params.set("sort", query.sort);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params;
}

/** The URL of `query` with `change` applied, on the scope's page; any change but paging returns to page 1. */
export function searchHref(query: SearchQuery, change: Partial<SearchQuery> = {}, scope = SEARCH_PAGE): string {
  const next = { ...query, page: 1, ...change };
  if (scope.pinned) next.filters = { ...next.filters, [scope.pinned.field]: undefined };
  const params = toSearchParams(next).toString();
  return params ? `${scope.path}?${params}` : scope.path;
}

/** `values` with `value` added, or removed when present: a facet link's toggle. */
export function toggled(values: string[] | undefined, value: string): string[] {
  const current = values ?? [];
  return current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
}
