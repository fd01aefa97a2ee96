import { SORTS, type SearchFilters, type SearchQuery } from "./types";

export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE = 100;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_SUGGESTIONS = 10;
export const DEFAULT_SUGGESTIONS = 8;
/** Bounds what one request can ask of an engine; hostile values are still only compared, never parsed. */
const MAX_FILTER_VALUES = 20;
const MAX_FILTER_VALUE_LENGTH = 256;

/** A query the engines refuse; the message says what is wrong and is safe to show to users. */
export class SearchQueryError extends Error {
  override name = "SearchQueryError";
}

/** URL parameter → filter field. Every filter parameter may repeat (OR within the field). */
export const LIST_PARAMS = {
  os: "os",
  arch: "architecture",
  category: "categories",
  namespace: "namespace",
} as const satisfies Record<string, keyof SearchFilters>;
/** Boolean filters: a parameter of the same name, "true" when given. */
export const FLAG_PARAMS = ["verified", "official", "signed", "sbom"] as const satisfies ReadonlyArray<keyof SearchFilters>;
const FLAGS: ReadonlySet<string> = new Set(FLAG_PARAMS);
const SINGLE_PARAMS = new Set(["q", "sort", "page", "pageSize", ...FLAG_PARAMS]);
/** A plausible facet value: OS, architecture, category or namespace. */
const TOKEN = /^[A-Za-z0-9._/-]{1,64}$/;

/** Parses the search page's and the JSON API's parameters; throws SearchQueryError. */
export function parseSearchQuery(params: URLSearchParams): SearchQuery {
  for (const key of new Set(params.keys())) {
    if (!SINGLE_PARAMS.has(key) && !(key in LIST_PARAMS)) {
      throw new SearchQueryError(`unknown parameter "${key.slice(0, 40)}"`);
    }
    if (SINGLE_PARAMS.has(key) && params.getAll(key).length > 1) {
      throw new SearchQueryError(`${key} may be given only once`);
    }
  }

  const filters: SearchFilters = {};
  for (const [param, field] of Object.entries(LIST_PARAMS)) {
    // Forms send "" for "any"; treat it as absent.
    const values = params.getAll(param).filter((value) => value !== "");
    if (values.some((value) => !TOKEN.test(value))) {
      throw new SearchQueryError(
        `${param} values may only contain letters, digits, ".", "_", "-" and "/" (at most 64 characters)`,
      );
    }
    if (values.length > 0) filters[field] = [...new Set(values)];
  }
  for (const flag of FLAG_PARAMS) {
    const value = params.get(flag);
    if (value === null) continue;
    if (value !== "true") throw new SearchQueryError(`${flag} must be "true" when given`);
    filters[flag] = true;
  }

  const query = {
    q: (params.get("q") ?? "").trim(),
    filters,
    sort: (params.get("sort") ?? "relevance") as SearchQuery["sort"],
    page: parseInteger(params, "page", 1),
    pageSize: parseInteger(params, "pageSize", DEFAULT_PAGE_SIZE),
  };
  validateSearchQuery(query);
  return query;
}

function parseInteger(params: URLSearchParams, name: string, fallback: number): number {
  const value = params.get(name);
  if (value === null) return fallback;
  // Anything that is not plain digits (e.g. "1e2", "2.5", " 3") becomes NaN and fails validation.
  return /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}

/** Rejects what no engine may run; both engines call it, so they refuse the same queries. */
export function validateSearchQuery(query: SearchQuery): void {
  checkText(query.q);
  if (!SORTS.includes(query.sort)) throw new SearchQueryError(`sort must be one of ${SORTS.join(", ")}`);
  checkRange("page", query.page, MAX_PAGE);
  checkRange("pageSize", query.pageSize, MAX_PAGE_SIZE);

  for (const [field, value] of Object.entries(query.filters) as [keyof SearchFilters, unknown][]) {
    if (FLAGS.has(field)) {
      if (value !== undefined && typeof value !== "boolean") throw new SearchQueryError(`${field} must be a boolean`);
    } else if ((Object.values(LIST_PARAMS) as string[]).includes(field)) {
      if (value === undefined) continue;
      if (!Array.isArray(value) || value.length > MAX_FILTER_VALUES) {
        throw new SearchQueryError(`${field} must be a list of at most ${MAX_FILTER_VALUES} values`);
      }
      if (value.some((item) => typeof item !== "string" || item === "" || item.length > MAX_FILTER_VALUE_LENGTH)) {
        throw new SearchQueryError(`${field} values must be non-empty strings of at most ${MAX_FILTER_VALUE_LENGTH} characters`);
      }
    } else {
      throw new SearchQueryError(`unknown filter "${String(field).slice(0, 40)}"`);
    }
  }
}

/** Parses the suggestion API's parameters (q, limit); throws SearchQueryError. */
export function parseSuggestQuery(params: URLSearchParams): { q: string; limit: number } {
  for (const key of new Set(params.keys())) {
    if (key !== "q" && key !== "limit") throw new SearchQueryError(`unknown parameter "${key.slice(0, 40)}"`);
    if (params.getAll(key).length > 1) throw new SearchQueryError(`${key} may be given only once`);
  }
  const query = { q: params.get("q") ?? "", limit: parseInteger(params, "limit", DEFAULT_SUGGESTIONS) };
  validateSuggestion(query.q, query.limit);
  return query;
}

/**
 * Rejects what no engine may suggest from (a q longer than the search box
 * holds, a limit out of range); both engines call it. Returns false when q has
 * no letter or digit: there is nothing to suggest from.
 */
export function validateSuggestion(q: string, limit: number): boolean {
  checkText(q);
  checkRange("limit", limit, MAX_SUGGESTIONS);
  return /[\p{L}\p{N}]/u.test(q);
}

function checkText(q: unknown): void {
  if (typeof q !== "string") throw new SearchQueryError("q must be a string");
  if (q.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`q must be at most ${MAX_QUERY_LENGTH} characters`);
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new SearchQueryError(`${name} must be an integer from 1 to ${max}`);
  }
}
