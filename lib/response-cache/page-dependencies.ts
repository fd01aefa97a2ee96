/**
 * Which public pages (and the search API's answers) the response cache keeps, and what each is validated
 * against (docs/decisions/0013): the page generations of the catalog it shows
 * (lib/catalog/page-generations.ts) and, for pages built from search, the
 * search index's generation.
 */
import { LISTINGS_SCOPE, PUBLISHERS_SCOPE } from "@/lib/catalog/page-generations";
import { isPublicPath, routeOf } from "@/lib/security/routes";

export interface PageDependencies {
  /** Page generation scopes: repository paths, LISTINGS_SCOPE, PUBLISHERS_SCOPE. */
  scopes: string[];
  /** Built from the search index (shelves, results), so valid only while it is unchanged. */
  search: boolean;
}

/** Deeper paths are rendered every time rather than read against that many scopes. */
const MAX_SEGMENTS = 16;
/** Files Next serves from app/ under the catch-all's paths. */
const APP_FILES = new Set(["/icon.svg"]);

/** What the page at `pathname` depends on, or null when it is not one the cache keeps. */
export function pageDependencies(pathname: string): PageDependencies | null {
  switch (routeOf(pathname)) {
    case "/":
      return { scopes: [LISTINGS_SCOPE], search: true };
    case "/search":
      return { scopes: [], search: true };
    // Its hits, and the lookup of a tag or digest it names; 'listings' makes a repository made
    // private miss at once, before the indexer has taken it out of search.
    case "/api/v1/search":
      return { scopes: [LISTINGS_SCOPE], search: true };
    case "/categories":
      return { scopes: [LISTINGS_SCOPE], search: false };
    case "/categories/[category]":
      return { scopes: [LISTINGS_SCOPE], search: true };
    case "/[...path]":
      return APP_FILES.has(pathname) || !isPublicPath(pathname) ? null : namespacePageDependencies(pathname);
    default:
      return null;
  }
}

function namespacePageDependencies(pathname: string): PageDependencies | null {
  const segments = pathname.slice(1).split("/").map((segment) => decodeURIComponent(segment));
  if (segments.includes("") || segments.length > MAX_SEGMENTS) return null;
  // A publisher's page: its name and badges, its repositories from search, its counts.
  if (segments.length === 1) return { scopes: [LISTINGS_SCOPE, PUBLISHERS_SCOPE], search: true };
  // A repository's page or tab, or a tag's: whichever prefix of two or more segments names the
  // repository (names may contain "/", and "<x>/tags/<y>" may be either), with its publisher
  // (its path's scope also follows its pull counts, bumped at most once a minute).
  const candidates = segments.slice(1).map((_, i) => segments.slice(0, i + 2).join("/"));
  return { scopes: [...candidates, PUBLISHERS_SCOPE], search: false };
}
