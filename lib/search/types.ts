import type { FencedOutError } from "./fence";

/**
 * The search contract. Engines index the documents they are handed and read
 * no catalog: the indexer builds documents, the web app queries.
 */

/** One public repository as the search index sees it. */
export interface SearchDocument {
  /** Unique key: "<namespace>/<name>", e.g. "acme/tools/cli". */
  fullName: string;
  namespace: string;
  /** Name within the namespace; may contain "/", ".", "_", "-". */
  name: string;
  /** Publisher display name ("" when the namespace has no publisher). */
  publisher: string;
  shortDescription: string;
  /** About text as plain text (Markdown syntax stripped). */
  about: string;
  tags: string[];
  categories: string[];
  operatingSystems: string[];
  architectures: string[];
  verified: boolean;
  official: boolean;
  /** An image of the repository has a signature attached (present; Galleon's marks claim no verification). */
  signed: boolean;
  /** An image of the repository has an SBOM attached. */
  sbom: boolean;
  pulls: number;
  /** Last time a tag of the repository changed, epoch milliseconds. */
  updatedAt: number;
}

export const SORTS = ["relevance", "pulls", "updated"] as const;
export type SearchSort = (typeof SORTS)[number];

/** Within one field values are OR-ed; fields are AND-ed. */
export interface SearchFilters {
  os?: string[];
  architecture?: string[];
  categories?: string[];
  namespace?: string[];
  verified?: boolean;
  official?: boolean;
  signed?: boolean;
  sbom?: boolean;
}

export interface SearchQuery {
  /** Free text; "" browses everything. */
  q: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Highlighted text as segments, so callers never inject engine markup as HTML. */
export type Highlight = Array<{ text: string; match: boolean }>;

/** A hit's document: everything but About, which a hit only excerpts (a page of whole About texts is most of a response). */
export type SearchHitDocument = Omit<SearchDocument, "about">;

export interface SearchHit {
  document: SearchHitDocument;
  highlights: {
    name: Highlight;
    shortDescription: Highlight;
    /**
     * An excerpt of About, never all of it: about EXCERPT_WORDS words around
     * the matches, or its first sentence(s) when nothing in it matched (then
     * without a match segment); empty when About is.
     */
    about: Highlight;
  };
}

/**
 * Facet counts over the documents matching the query and every filter: only
 * values with a count, at most MAX_FACET_VALUES (rules.ts) per field, the most
 * frequent first. When more than MAX_TOTAL_HITS (rules.ts) match, an engine
 * may count only MAX_TOTAL_HITS of them: the first in the order of the sort's
 * own key (pulls, or updated with sort=updated), without text relevance.
 */
export interface SearchFacets {
  os: Record<string, number>;
  architecture: Record<string, number>;
  categories: Record<string, number>;
  namespace: Record<string, number>;
  verified: number;
  official: number;
  signed: number;
  sbom: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of matching documents, up to MAX_TOTAL_HITS (rules.ts), which means that many or more. */
  total: number;
  page: number;
  pageSize: number;
  facets: SearchFacets;
}

/** A repository offered as you type: enough to show it in a list and link to it. */
export type Suggestion = Pick<SearchDocument, "fullName" | "namespace" | "name" | "shortDescription" | "verified" | "official">;

export interface SearchEngine {
  readonly kind: "embedded" | "meilisearch";
  /** Creates the index and applies its settings; idempotent. Records the write fence, if any. */
  setup(): Promise<void>;
  /**
   * Fences this engine's later writes (setup, replace, remove) with a lease's
   * token (lib/search/fence.ts): each records `token` in the index unless the
   * index holds a higher one, and is then refused with FencedOutError, after
   * `onFencedOut` is called. Writes of an engine never fenced are not checked.
   */
  fenceWrites(token: number, onFencedOut: (error: FencedOutError) => void): void;
  /** Inserts or replaces documents by fullName; visible to search when it resolves. */
  replace(documents: SearchDocument[]): Promise<void>;
  /** Removes documents by fullName; unknown names are ignored. */
  remove(fullNames: string[]): Promise<void>;
  /** Every fullName in the index, so a reconcile can drop strays. */
  listFullNames(): Promise<string[]>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Repositories whose name or namespace matches `q` as typed so far: every
   * word, the last one as a prefix, with the typo rules of search; ranked as
   * search ranks name matches. At most `limit`; none for a query without words.
   */
  suggest(q: string, limit: number): Promise<Suggestion[]>;
  /**
   * A value that changes whenever what search answers may have changed (any
   * write, from any process), for caches of answers built from it; null when
   * the engine cannot tell cheaply, and nothing built from it is cached.
   */
  generation(): Promise<string | null>;
  close(): Promise<void>;
}
