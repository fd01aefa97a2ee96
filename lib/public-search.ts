import { CATEGORIES } from "./catalog/catalog-data";
import { ARCHITECTURES, OPERATING_SYSTEMS } from "./registry/platforms";
import { parseSearchQuery, SearchQueryError } from "./search/query";
import type { SearchQuery } from "./search/types";

const KNOWN: Array<[param: string, field: "os" | "architecture" | "categories", values: readonly string[]]> = [
  ["os", "os", OPERATING_SYSTEMS],
  ["arch", "architecture", ARCHITECTURES],
  ["category", "categories", CATEGORIES],
];

/**
 * The search page's and the API's parameters: parseSearchQuery, plus filter
 * values checked against the values that exist, so a typo is an error rather
 * than an empty result. Namespaces are not checked: that would tell private
 * ones apart from unknown ones.
 */
export function parsePublicSearchQuery(params: URLSearchParams): SearchQuery {
  const query = parseSearchQuery(params);
  for (const [param, field, known] of KNOWN) {
    const unknown = (query.filters[field] ?? []).filter((value) => !known.includes(value));
    if (unknown.length > 0) {
      throw new SearchQueryError(`unknown ${param} "${unknown[0]}" (one of: ${known.join(", ")})`);
    }
  }
  return query;
}
