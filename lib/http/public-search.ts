import { CATEGORIES, TAG_PATTERN } from "../catalog/catalog-data";
import type { Catalog } from "../catalog/database.server";
import { type DigestMatch, findPublicDigests, findPublicTag } from "../catalog/lookup";
import { type RepositoryName, splitRepositoryPath } from "../catalog/names";
import { ARCHITECTURES, OPERATING_SYSTEMS } from "../registry/platforms";
import { LIST_PARAMS, parseSearchQuery, SearchQueryError } from "../search/query";
import type { SearchQuery } from "../search/types";
import type { SearchScope } from "../search/search-url";

const KNOWN: Array<[param: string, field: "os" | "architecture" | "categories", values: readonly string[]]> = [
  ["os", "os", OPERATING_SYSTEMS],
  ["arch", "architecture", ARCHITECTURES],
  ["category", "categories", CATEGORIES],
];

/**
 * The search page's and the API's parameters: parseSearchQuery, plus filter
 * values checked against the values that exist, so a typo is an error rather
 * than an empty result, and a digest lookup checked (parseLookup). Namespaces
 * are not checked: that would tell private ones apart from unknown ones. A
 * scope's pinned filter comes from its path (checked by the page) and may not
 * be given as a parameter as well.
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
  parseLookup(query.q);
  return query;
}

const DIGEST_ALGORITHM = "sha256:";
/** Shorter prefixes would match too many manifests to say anything. */
export const MIN_DIGEST_DIGITS = 12;
const DIGEST_DIGITS = 64;

export type LookupRequest = { kind: "tag"; repository: RepositoryName; tag: string } | { kind: "digest"; prefix: string };

/**
 * What q asks for besides a text search: a tag by its reference as pulled
 * ("nginx:1.27", "library/nginx:1.27", "acme/tools/cli:v2.3.1"), or the tags
 * with a digest ("sha256:" and at least MIN_DIGEST_DIGITS hex digits).
 * Throws SearchQueryError for a digest that cannot be looked up.
 */
export function parseLookup(q: string): LookupRequest | null {
  if (q.toLowerCase().startsWith(DIGEST_ALGORITHM)) {
    const digits = q.slice(DIGEST_ALGORITHM.length).toLowerCase();
    if (!new RegExp(`^[0-9a-f]{0,${DIGEST_DIGITS}}$`).test(digits)) {
      throw new SearchQueryError(`a digest is "${DIGEST_ALGORITHM}" followed by up to ${DIGEST_DIGITS} hex digits (0-9, a-f)`);
    }
    if (digits.length < MIN_DIGEST_DIGITS) {
      throw new SearchQueryError(
        `a digest lookup needs at least ${MIN_DIGEST_DIGITS} hex digits after "${DIGEST_ALGORITHM}" (this one has ${digits.length})`,
      );
    }
    return { kind: "digest", prefix: `${DIGEST_ALGORITHM}${digits}` };
  }
  const colon = q.lastIndexOf(":");
  // Registry paths are lowercase; anything else is text to search for.
  const path = q.slice(0, colon).toLowerCase();
  const tag = q.slice(colon + 1);
  if (colon === -1 || !/^[a-z0-9._-]+(?:\/[a-z0-9._-]+)*$/.test(path) || !TAG_PATTERN.test(tag)) return null;
  return { kind: "tag", repository: splitRepositoryPath(path), tag };
}

export type SearchLookup =
  | { kind: "tag"; repository: RepositoryName; tag: string; exists: boolean }
  | { kind: "digest"; prefix: string; matches: DigestMatch[]; truncated: boolean };

/**
 * The answer to q's lookup: a tag reference of a public repository (whether
 * or not it has the tag), or a digest's matches; null when q is only text,
 * including a reference to a repository the public cannot see.
 */
export async function lookUp(db: Catalog, q: string): Promise<SearchLookup | null> {
  const request = parseLookup(q);
  if (request?.kind === "digest") return { ...request, ...(await findPublicDigests(db, request.prefix)) };
  if (request?.kind === "tag") {
    const found = await findPublicTag(db, request.repository, request.tag);
    return found && { ...request, ...found };
  }
  return null;
}
