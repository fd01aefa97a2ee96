import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type Settings } from "meilisearch";
import { type FencedOutError, WriteFence } from "./fence";
import { CROP_MARKER, hitHighlights, MATCH_END, MATCH_START, withoutMarkers } from "./highlight";
import { validateSearchQuery, validateSuggestion } from "./query";
import { EXCERPT_WORDS, MAX_FACET_VALUES, MAX_TOTAL_HITS, TYPO_MIN_WORD_SIZE } from "./rules";
import type {
  SearchDocument,
  SearchEngine,
  SearchFacets,
  SearchFilters,
  SearchHitDocument,
  SearchQuery,
  SearchResult,
  SearchSort,
  Suggestion,
} from "./types";

/** A document as stored in Meilisearch: ids allow only [A-Za-z0-9_-], booleans are 0/1 for the ranking rules. */
type StoredDocument = Omit<SearchDocument, "verified" | "official"> & { id: string; verified: number; official: number };
/** What a hit carries of a stored document: About only as its crop in `_formatted`. */
type RetrievedDocument = Omit<StoredDocument, "about">;

/** Every stored attribute but About: a page of whole About texts would be most of a response. */
const RETRIEVED: Array<keyof RetrievedDocument> = [
  "id",
  "fullName",
  "namespace",
  "name",
  "publisher",
  "shortDescription",
  "tags",
  "categories",
  "operatingSystems",
  "architectures",
  "verified",
  "official",
  "signed",
  "sbom",
  "pulls",
  "updatedAt",
];

const BATCH_SIZE = 1000;
const FENCE_ID = "writer";
const TASK_TIMEOUT_MS = 120_000;

/** Filter field → Meilisearch attribute. */
const LIST_ATTRIBUTE = {
  os: "operatingSystems",
  architecture: "architectures",
  categories: "categories",
  namespace: "namespace",
} as const satisfies Partial<Record<keyof SearchFilters, keyof StoredDocument>>;

const SORT_PARAM: Record<SearchSort, string[] | undefined> = {
  relevance: undefined,
  pulls: ["pulls:desc"],
  updated: ["updatedAt:desc"],
};

const SETTINGS: Settings = {
  // Rank order, as the embedded engine's bm25 weights.
  searchableAttributes: ["name", "namespace", "publisher", "shortDescription", "tags", "about"],
  filterableAttributes: [...Object.values(LIST_ATTRIBUTE), "verified", "official", "signed", "sbom"],
  sortableAttributes: ["pulls", "updatedAt"],
  // "sort" first: an explicit sort orders all hits, relevance only breaks its ties (as in the embedded engine).
  // The custom rules end relevance and order an empty query: pulls, official, verified, name.
  rankingRules: [
    "sort",
    "words",
    "typo",
    "proximity",
    "attribute",
    "exactness",
    "pulls:desc",
    "official:desc",
    "verified:desc",
    "name:asc",
  ],
  // About matches only as spelled, as in the embedded engine: a typo spelling of a word would match most About texts.
  typoTolerance: { enabled: true, minWordSizeForTypos: { ...TYPO_MIN_WORD_SIZE }, disableOnAttributes: ["about"] },
  // Names split into words as in the embedded engine: "acme/tools/cli", "api-server", "ml_runtime".
  separatorTokens: ["/", "-", "_", "."],
  faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { "*": "count" } },
  // Totals stop at the contract's cap, and hits past it are not reachable, as in the embedded engine.
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
};

/** A Meilisearch filter string literal: quotes and backslashes escaped, so any value is only a value. */
export function quoteFilterValue(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** Filter clauses (AND-ed by Meilisearch); values within a field are OR-ed through IN. */
export function buildFilter(filters: SearchFilters): string[] {
  const clauses: string[] = [];
  for (const [field, attribute] of Object.entries(LIST_ATTRIBUTE) as [keyof typeof LIST_ATTRIBUTE, string][]) {
    const values = filters[field];
    if (values && values.length > 0) clauses.push(`${attribute} IN [${values.map(quoteFilterValue).join(", ")}]`);
  }
  for (const flag of ["verified", "official"] as const) {
    const value = filters[flag];
    if (value !== undefined) clauses.push(`${flag} = ${value ? 1 : 0}`);
  }
  // Stored as booleans: they take part in no ranking rule.
  for (const flag of ["signed", "sbom"] as const) {
    const value = filters[flag];
    if (value !== undefined) clauses.push(`${flag} = ${value}`);
  }
  return clauses;
}

/** Meilisearch ids allow only [A-Za-z0-9_-]; base64url of the full name is one and reversible. */
export function documentId(fullName: string): string {
  return Buffer.from(fullName, "utf8").toString("base64url");
}

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  index?: string;
}

/** Search through a Meilisearch server (MEILI_URL), configured to rank like the embedded engine. */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly kind = "meilisearch";
  private readonly client: Meilisearch;
  private readonly uid: string;
  private readonly index: Index<StoredDocument>;
  /** One document, the highest write fence (lib/search/fence.ts), in an index of its own: none in search. */
  private readonly fenceIndex: Index<{ id: string; token: number }>;
  private fence: WriteFence | null = null;

  constructor({ host, apiKey, index = "repositories" }: MeilisearchOptions) {
    this.client = new Meilisearch({ host, apiKey });
    this.uid = index;
    this.index = this.client.index<StoredDocument>(index);
    this.fenceIndex = this.client.index(`${index}_fence`);
  }

  fenceWrites(token: number, onFencedOut: (error: FencedOutError) => void): void {
    this.fence = new WriteFence(token, onFencedOut);
  }

  /**
   * Before every batch: Meilisearch has no conditional write, so the fence
   * is read, then the batch sent. A batch whose check passed a moment before
   * a newer writer recorded its token still lands (decision 0029).
   */
  private async checkFence(): Promise<void> {
    if (!this.fence) return;
    const highest = await this.fenceIndex.getDocument(FENCE_ID).then(
      (document) => document.token,
      (error: unknown) => {
        // Nothing fenced has written yet.
        const code = error instanceof MeilisearchApiError ? error.cause?.code : undefined;
        if (code === "document_not_found" || code === "index_not_found") return 0;
        throw error;
      },
    );
    this.fence.check(highest);
    if (highest < this.fence.token) await completed(this.fenceIndex.addDocuments([{ id: FENCE_ID, token: this.fence.token }]));
  }

  async setup(): Promise<void> {
    const created = await this.client.createIndex(this.uid, { primaryKey: "id" }).waitTask({ timeout: TASK_TIMEOUT_MS });
    if (created.status !== "succeeded" && created.error?.code !== "index_already_exists") {
      throw new Error(`Meilisearch could not create index ${this.uid}: ${created.error?.message ?? created.status}`);
    }
    await completed(this.index.updateSettings(SETTINGS));
    await this.checkFence();
  }

  async replace(documents: SearchDocument[]): Promise<void> {
    for (let start = 0; start < documents.length; start += BATCH_SIZE) {
      const batch = documents.slice(start, start + BATCH_SIZE).map((document) => toStored(withoutMarkers(document)));
      await this.checkFence();
      await completed(this.index.addDocuments(batch));
    }
  }

  async remove(fullNames: string[]): Promise<void> {
    for (let start = 0; start < fullNames.length; start += BATCH_SIZE) {
      await this.checkFence();
      await completed(this.index.deleteDocuments(fullNames.slice(start, start + BATCH_SIZE).map(documentId)));
    }
  }

  async listFullNames(): Promise<string[]> {
    const names: string[] = [];
    for (let offset = 0; ; offset += BATCH_SIZE) {
      const { results } = await this.index.getDocuments({ fields: ["fullName"], limit: BATCH_SIZE, offset });
      names.push(...results.map((document) => document.fullName));
      if (results.length < BATCH_SIZE) return names.sort();
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    validateSearchQuery(query);
    const response = await this.index.search(query.q, {
      filter: buildFilter(query.filters),
      sort: SORT_PARAM[query.sort],
      page: query.page,
      hitsPerPage: query.pageSize,
      // Every word must match, as in the embedded engine (Meilisearch's default drops trailing words).
      matchingStrategy: "all",
      facets: [...Object.values(LIST_ATTRIBUTE), "verified", "official", "signed", "sbom"],
      attributesToRetrieve: RETRIEVED,
      attributesToHighlight: ["name", "shortDescription", "about"],
      attributesToCrop: ["about"],
      cropLength: EXCERPT_WORDS,
      cropMarker: CROP_MARKER,
      highlightPreTag: MATCH_START,
      highlightPostTag: MATCH_END,
    });
    const distribution = response.facetDistribution ?? {};
    const facets: SearchFacets = {
      os: distribution[LIST_ATTRIBUTE.os] ?? {},
      architecture: distribution[LIST_ATTRIBUTE.architecture] ?? {},
      categories: distribution[LIST_ATTRIBUTE.categories] ?? {},
      namespace: distribution[LIST_ATTRIBUTE.namespace] ?? {},
      verified: distribution.verified?.["1"] ?? 0,
      official: distribution.official?.["1"] ?? 0,
      signed: distribution.signed?.["true"] ?? 0,
      sbom: distribution.sbom?.["true"] ?? 0,
    };
    return {
      hits: response.hits.map((hit) => {
        const { _formatted: formatted, ...retrieved } = hit;
        const document = fromStored(retrieved);
        return {
          document,
          highlights: hitHighlights(
            formatted?.name ?? document.name,
            formatted?.shortDescription ?? document.shortDescription,
            formatted?.about ?? "",
          ),
        };
      }),
      total: response.totalHits,
      page: query.page,
      pageSize: query.pageSize,
      facets,
    };
  }

  async suggest(q: string, limit: number): Promise<Suggestion[]> {
    // Meilisearch would browse everything on a query without words.
    if (!validateSuggestion(q, limit)) return [];
    const response = await this.index.search(q, {
      limit,
      attributesToSearchOn: ["name", "namespace"],
      matchingStrategy: "all",
      attributesToRetrieve: ["fullName", "namespace", "name", "shortDescription", "verified", "official"],
    });
    return response.hits.map(({ fullName, namespace, name, shortDescription, verified, official }) => ({
      fullName,
      namespace,
      name,
      shortDescription,
      verified: verified === 1,
      official: official === 1,
    }));
  }

  /** Meilisearch applies writes in its own tasks, with no cheap change counter to read per request. */
  async generation(): Promise<null> {
    return null;
  }

  async close(): Promise<void> {}
}

/** Resolves when Meilisearch has applied the write; a failed or canceled task throws. */
async function completed(task: EnqueuedTaskPromise): Promise<void> {
  const result = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (result.status !== "succeeded") {
    throw new Error(`Meilisearch task ${result.uid} (${result.type}) ${result.status}: ${result.error?.message ?? ""}`);
  }
}

function toStored(document: SearchDocument): StoredDocument {
  return {
    ...document,
    id: documentId(document.fullName),
    verified: Number(document.verified),
    official: Number(document.official),
  };
}

function fromStored({ id: _id, verified, official, ...rest }: RetrievedDocument): SearchHitDocument {
  return { ...rest, verified: verified === 1, official: official === 1 };
}
