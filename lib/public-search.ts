import { CATEGORIES } from "./catalog/catalog-data";
import { ARCHITECTURES, OPERATING_SYSTEMS } from "./registry/platforms";
import { LIST_PARAMS, parseSearchQuery, SearchQueryError } from "./search/query";
import type { SearchQuery } from "./search/types";
import type { SearchScope } from "./search/url";

const KNOWN: Array<[param: string, field: "os" | "architecture" | "categories", values: readonly string[]]> = [
  ["os", "os", OPERATING_SYSTEMS],
  ["arch", "architecture", ARCHITECTURES],
  ["category", "categories", CATEGORIES],
];

/**
 * The search page's and the API's parameters: parseSearchQuery, plus filter
 * values checked against the values that exist, so a typo is an error rather
 * than an empty result. Namespaces are not checked: that would tell private
 * ones apart from unknown ones. A scope's pinned filter comes from its path
 * (checked by the page) and may not be given as a parameter as well.
 */
export function parsePublicSearchQuery(params: URLSearchParams, scope?: SearchScope): SearchQuery {
  const query = parseSearchQuery(params);
  if (scope?.pinned) {
    const { field, value } = scope.pinned;
    if (query.filters[field]) {
      const param = Object.entries(LIST_PARAMS).find(([, f]) => f === field)![0];
      throw new SearchQueryError(`${param} is set by this page's address and cannot be given as a parameter`);
    }
    query.filters[field] = [value];
  }
  for (const [param, field, known] of KNOWN) {
    const unknown = (query.filters[field] ?? []).filter((value) => !known.includes(value));
    if (unknown.length > 0) {
      throw new SearchQueryError(`unknown ${param} "${unknown[0]}" (one of: ${known.join(", ")})`);
    }
  }
  return query;
}
