import { TAG_SORTS, type TagListQuery, type TagSort } from "../catalog/gallery";

/** Tags per page of the tab and the API by default: a screen or two of rows, each with its platforms. */
export const TAGS_PAGE_SIZE = 25;
const MAX_FILTER_LENGTH = 128;
const MAX_PAGE_SIZE = 100;

/** A tag list request that cannot be answered; the message says why and is safe to show. */
export class TagQueryError extends Error {
  override name = "TagQueryError";
}

function integer(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new TagQueryError(`${name} must be a whole number from 1 to ${max}`);
  return value;
}

/** The tags tab's and the tags API's parameters: filter, sort (semver|pushed|name), page, pageSize. */
export function parseTagListQuery(params: URLSearchParams): TagListQuery {
  const filter = (params.get("filter") ?? "").trim();
  if (filter.length > MAX_FILTER_LENGTH) throw new TagQueryError(`filter must be at most ${MAX_FILTER_LENGTH} characters`);
  const sort = params.get("sort") ?? "semver";
  if (!(TAG_SORTS as readonly string[]).includes(sort)) {
    throw new TagQueryError(`sort must be one of ${TAG_SORTS.join(", ")}`);
  }
  return {
    filter,
    sort: sort as TagSort,
    page: integer(params, "page", 1, 10_000),
    pageSize: integer(params, "pageSize", TAGS_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}
