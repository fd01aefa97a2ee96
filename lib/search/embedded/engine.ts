import Database from "better-sqlite3";
import { CROP_MARKER, cropStart, hitHighlights, MATCH_END, MATCH_START, withoutMarkers } from "../highlight";
import { validateSearchQuery, validateSuggestion } from "../query";
import { type FencedOutError, WriteFence } from "../fence";
import { EXCERPT_WORDS, MAX_FACET_VALUES, MAX_TOTAL_HITS } from "../rules";
import type {
  SearchDocument,
  SearchEngine,
  SearchFacets,
  SearchFilters,
  SearchHit,
  SearchHitDocument,
  SearchQuery,
  SearchResult,
  SearchSort,
  Suggestion,
} from "../types";
import { BACKFILLS, FTS_COLUMNS, SCHEMA, SHORT_FTS_COLUMNS } from "./schema";
import { allowedTypos, closestTerms, ftsString, words } from "./text";

/** Documents per write transaction: big enough to be fast, small enough not to hold the lock long. */
const BATCH_SIZE = 500;
/** Typo spellings tried per query word, closest first. */
const MAX_TYPO_CANDIDATES = 20;
/** Completions tried for the last query word, shortest first. */
const MAX_PREFIX_CANDIDATES = 50;
/** A shorter last word is matched whole: a 1-letter prefix matches nearly everything. */
const MIN_PREFIX_LENGTH = 2;
/** fts columns typos and completions are matched in: all but About (as you type a name, not every About word). */
const SHORT_COLUMNS = "name namespace publisher short_description tags";
/**
 * A word more About texts hold than this (a share of the index, and at least
 * a number, so small indexes search About for every word) is not searched in
 * About: "build", "image", "docker" would otherwise match most of the index.
 */
const ABOUT_STOP_WORD = { share: 0.05, minDocuments: 1_000 } as const;
/** Spellings of the whole query compared with names for the exact-name rank. */
const MAX_NAME_KEYS = 32;
/** About read for a browse's excerpt: far more than EXCERPT_WORDS words take. */
const LEAD_CHARACTERS = 2_000;
/**
 * Matches a text query ranks in full. Past this many (5% of 100,000
 * documents) it ranks only candidates for the page, found by walking the
 * order's index (rankedCandidates), which stops after them: a word in
 * thousands of names costs what a page costs, not what its matches cost.
 */
const COLLECT_ALL_UP_TO = 5_000;
/** What reading a document costs in index entries walked (rankedCandidates). */
const WALK_OVER_READ = 5;
/** Bound on the writer's memo of terms already in `terms`. */
const MAX_KNOWN_TERMS = 200_000;

type ComboField = "os" | "architecture" | "categories";
type ListField = ComboField | "namespace";
type FacetField = ComboField | "verified" | "official" | "signed" | "sbom";
type Row = Record<string, unknown>;
/** A hit in order, with what its facets count: [id, combo_id, namespace_id]. */
type FacetRow = [number, number, number];
/** Where the page starts among the hits, and how many it takes (none past MAX_TOTAL_HITS). */
type PageRange = { offset: number; limit: number; end: number };
type Counted = { total: number; facets: SearchFacets };
/** A query's page (ids in order), total and facets. */
type Ranked = Counted & { ids: number[] };

/** A filter on a multi-valued field: the document's combination holds one of the wanted values. */
const comboFilter = (field: ComboField) =>
  `d.combo_id IN (SELECT cv.combo_id FROM facet_values v JOIN combo_values cv ON cv.value_id = v.id
    WHERE v.field = '${field}' AND v.value IN (SELECT value FROM json_each(@${field})))`;

/** A flag kept only in the document's combination (as value "true"), not as a docs column. */
const comboFlagFilter = (field: "signed" | "sbom") =>
  `(d.combo_id IN (SELECT cv.combo_id FROM facet_values v JOIN combo_values cv ON cv.value_id = v.id
    WHERE v.field = '${field}' AND v.value = 'true')) = @${field}`;

/** WHERE clauses per filter; the values are bound (lists as one JSON array). */
const FILTER_SQL: Record<keyof SearchFilters, string> = {
  os: comboFilter("os"),
  architecture: comboFilter("architecture"),
  categories: comboFilter("categories"),
  namespace: "d.namespace_id IN (SELECT id FROM namespaces WHERE name IN (SELECT value FROM json_each(@namespace)))",
  verified: "d.verified = @verified",
  official: "d.official = @official",
  signed: comboFlagFilter("signed"),
  sbom: comboFlagFilter("sbom"),
};

/** Documents whose name, or full name, is a spelling of the whole query (@names). */
const EXACT_NAME_IDS = `SELECT id FROM docs WHERE name_key IN (SELECT value FROM json_each(@names))
  UNION ALL SELECT id FROM docs WHERE full_key IN (SELECT value FROM json_each(@names))`;
/** The numeric keys of a text query's rank in temp.hits, each descending; names break the remaining ties (POPULARITY). */
const RANK_KEYS = ["sort_value", "exact_spelling", "exact_name", "in_name", "in_short", "pulls", "official", "verified"] as const;
/** The last keys of every order, and the whole relevance order of an empty query. */
const POPULARITY = "d.pulls DESC, d.official DESC, d.verified DESC, d.name_key, d.full_name";
/** The primary key of an explicit sort. */
const SORT_COLUMN: Record<SearchSort, string | null> = { relevance: null, pulls: "d.pulls", updated: "d.updated_at" };
/**
 * Pages of an empty query walk the index of their order and stop after the
 * page, checking filters on the way (the indexes cover them). Named, because
 * the planner would rather seek the filter's index and sort every match.
 */
const BROWSE: Record<SearchSort, { index: string; order: string }> = {
  relevance: { index: "docs_by_pulls", order: POPULARITY },
  pulls: { index: "docs_by_pulls", order: POPULARITY },
  updated: { index: "docs_by_updated", order: `d.updated_at DESC, ${POPULARITY}` },
};

/** A text query as FTS5 expressions plus what its rank needs. */
interface TextMatch {
  /** AND over words of OR over spellings: the word, its typos, and for the last word its completions. */
  match: string;
  /** The same without typo spellings, or null when no word has any. */
  exact: string | null;
  /** `match` against names_fts (the names only). */
  inName: string;
  /** Spellings of the whole query (JSON array) compared with name_key/full_key. */
  names: string;
}

/** A search's text query: a TextMatch, plus where to match it and `match` outside About. */
interface SearchTextMatch extends TextMatch {
  /** fts, or short_fts when About is not searched. */
  table: "fts" | "short_fts";
  /** `match` in the short fields, or null when About is not searched (every match is outside it). */
  inShort: string | null;
}

export interface EmbeddedOptions {
  /**
   * SQLite's page cache in megabytes; 64 by default, for a writer (the
   * indexer), whose transactions keep the pages they change in it. A process
   * that mostly reads needs little (lib/search/shared.ts).
   */
  cacheMegabytes?: number;
}

/**
 * The default engine: SQLite FTS5 through better-sqlite3 in one file. One
 * writer (the indexer); readers open their own instance on the same file and
 * see committed writes on their next query (WAL).
 */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = "embedded";
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Terms this writer knows are in `terms`, to skip re-inserting the vocabulary for every document. */
  private readonly knownTerms = new Set<string>();
  /** Writes through this connection, which its own data_version does not count. */
  private writes = 0;
  private fence: WriteFence | null = null;
  /** Whether a word is common in About (searchesAbout), for an index of `documents` documents. */
  private commonInAbout = { documents: -1, words: new Map<string, boolean>() };
  private readonly combos = new ImmutableRows<number[]>(() =>
    // From combos, not combo_values alone: a document without any facet value has a combination of none.
    this.sql("SELECT json_group_array(json_array(id, json(value_ids))) FROM (SELECT c.id, json_group_array(v.value_id) FILTER (WHERE v.value_id IS NOT NULL) AS value_ids FROM combos c LEFT JOIN combo_values v ON v.combo_id = c.id WHERE c.id > ? GROUP BY c.id)"),
  );
  private readonly facetValues = new ImmutableRows<[FacetField, string]>(() =>
    this.sql("SELECT json_group_array(json_array(id, json_array(field, value))) FROM facet_values WHERE id > ?"),
  );
  private readonly namespaces = new ImmutableRows<string>(() =>
    this.sql("SELECT json_group_array(json_array(id, name)) FROM namespaces WHERE id > ?"),
  );

  constructor(path: string, { cacheMegabytes = 64 }: EmbeddedOptions = {}) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("temp_store = MEMORY");
    // Reads through the OS page cache without a copy per page. SQLite's own cache then holds
    // only what a read cannot take from the map (pages newer in the WAL) and the pages written.
    this.db.pragma("mmap_size = 1073741824");
    this.db.pragma(`cache_size = -${cacheMegabytes * 1024}`);
    // This connection's scratch tables: every match of a text query with the sets it is in (read
    // from the full-text indexes once), the matches ranked (all, or the candidates for the first
    // hits) with their rank keys, and the page's hits again, so FTS5 marks their matches without
    // reading every match of the index.
    this.db.exec("CREATE TEMP TABLE matches (id INTEGER PRIMARY KEY, exact_spelling INTEGER, in_name INTEGER, in_short INTEGER)");
    this.db.exec(`CREATE TEMP TABLE hits (
      id INTEGER PRIMARY KEY, namespace_id INTEGER, combo_id INTEGER,
      sort_value INTEGER, exact_spelling INTEGER, exact_name INTEGER, in_name INTEGER, in_short INTEGER,
      pulls INTEGER, official INTEGER, verified INTEGER)`);
    this.db.exec(`CREATE VIRTUAL TABLE temp.page USING fts5 (${FTS_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2')`);
  }

  async setup(): Promise<void> {
    // IMMEDIATE: of the processes opening an index older than a table, one fills it.
    this.db.transaction(() => {
      const exists = this.sql("SELECT 1 FROM sqlite_schema WHERE name = ?");
      const missing = Object.entries(BACKFILLS).filter(([table]) => exists.get(table) === undefined);
      this.db.exec(SCHEMA);
      for (const [, backfill] of missing) this.db.exec(backfill);
      this.checkFence();
    }).immediate();
  }

  fenceWrites(token: number, onFencedOut: (error: FencedOutError) => void): void {
    this.fence = new WriteFence(token, onFencedOut);
  }

  // Writes take the write lock up front (IMMEDIATE): a deferred transaction that reads first
  // cannot upgrade once another process (a reindex beside the indexer) has written since.
  async replace(documents: SearchDocument[]): Promise<void> {
    for (let start = 0; start < documents.length; start += BATCH_SIZE) {
      const batch = documents.slice(start, start + BATCH_SIZE).map(withoutMarkers);
      this.writes++;
      this.db.transaction(() => {
        this.checkFence();
        const ids = batch.map((document) => this.writeMetadata(document));
        // FTS5 flushes its pending index data whenever another table's statement opens a
        // savepoint, so the full-text rows of the batch go last, in one run.
        batch.forEach((document, index) => this.writeText(ids[index]!, document));
      }).immediate();
    }
  }

  async remove(fullNames: string[]): Promise<void> {
    for (let start = 0; start < fullNames.length; start += BATCH_SIZE) {
      const batch = fullNames.slice(start, start + BATCH_SIZE);
      this.writes++;
      this.db.transaction(() => {
        this.checkFence();
        const ids = this.sql("DELETE FROM docs WHERE full_name IN (SELECT value FROM json_each(?)) RETURNING id")
          .pluck()
          .all(JSON.stringify(batch));
        for (const id of ids) this.sql("DELETE FROM doc_data WHERE id = ?").run(id);
        for (const id of ids) {
          this.sql("DELETE FROM fts WHERE rowid = ?").run(id);
          this.sql("DELETE FROM short_fts WHERE rowid = ?").run(id);
          this.sql("DELETE FROM names_fts WHERE rowid = ?").run(id);
          this.sql("DELETE FROM suggest_fts WHERE rowid = ?").run(id);
        }
      }).immediate();
    }
  }

  async listFullNames(): Promise<string[]> {
    return this.sql("SELECT full_name FROM docs ORDER BY full_name").pluck().all() as string[];
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    validateSearchQuery(query);
    // One read transaction, so the page, the total and the facets come from the same snapshot.
    return this.db.transaction(() => this.run(query))();
  }

  async suggest(q: string, limit: number): Promise<Suggestion[]> {
    if (!validateSuggestion(q, limit)) return [];
    return this.db.transaction(() => {
      const text = this.suggestMatch(q);
      const exact = text.exact === null ? "" : "d.id IN (SELECT rowid FROM suggest_fts WHERE suggest_fts MATCH @exact) DESC,";
      // The cheap keys of search's rank (exact spelling, exact name, match in the name), then popularity.
      const ids = this.sql(
        `SELECT d.id FROM suggest_fts JOIN docs d ON d.id = suggest_fts.rowid
         WHERE suggest_fts MATCH @match
         ORDER BY ${exact}
           (d.name_key IN (SELECT value FROM json_each(@names)) OR d.full_key IN (SELECT value FROM json_each(@names))) DESC,
           d.id IN (SELECT rowid FROM suggest_fts WHERE suggest_fts MATCH @inName) DESC,
           ${POPULARITY}
         LIMIT @limit`,
      )
        .pluck()
        .all({ ...text, limit }) as number[];
      const documents = this.storedDocuments(ids);
      return ids.map((id) => {
        const { fullName, namespace, name, shortDescription, verified, official } = documents.get(id)!;
        return { fullName, namespace, name, shortDescription, verified, official };
      });
    })();
  }

  /** data_version changes with every commit of another connection (any process); this one's are counted. */
  async generation(): Promise<string> {
    return `${this.db.pragma("data_version", { simple: true })}.${this.writes}`;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  // ------------------------------------------------------------------ writing

  /**
   * First in every write transaction, which holds the write lock: refuses it
   * when the index holds a higher token than this writer's, else records
   * this writer's, atomically with the write.
   */
  private checkFence(): void {
    if (!this.fence) return;
    const highest = (this.sql("SELECT token FROM write_fence").pluck().get() as number | undefined) ?? 0;
    this.fence.check(highest);
    if (highest < this.fence.token) {
      this.sql("INSERT INTO write_fence (id, token) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET token = excluded.token").run(this.fence.token);
    }
  }

  /** Writes everything but the full-text row; returns the document's id. */
  private writeMetadata(document: SearchDocument): number {
    const id = this.sql(
      `INSERT INTO docs (full_name, name_key, full_key, namespace_id, combo_id, verified, official, pulls, updated_at)
       VALUES (@fullName, @nameKey, @fullKey, @namespaceId, @comboId, @verified, @official, @pulls, @updatedAt)
       ON CONFLICT (full_name) DO UPDATE SET
         name_key = excluded.name_key, full_key = excluded.full_key, namespace_id = excluded.namespace_id,
         combo_id = excluded.combo_id, verified = excluded.verified, official = excluded.official,
         pulls = excluded.pulls, updated_at = excluded.updated_at
       RETURNING id`,
    )
      .pluck()
      .get({
        fullName: document.fullName,
        nameKey: words(document.name).join(" "),
        fullKey: words(document.fullName).join(" "),
        namespaceId: this.idOf("namespaces", { name: document.namespace }),
        comboId: this.comboId(document),
        verified: Number(document.verified),
        official: Number(document.official),
        pulls: document.pulls,
        updatedAt: document.updatedAt,
      }) as number;

    const { about: _about, ...rest } = document;
    this.sql("INSERT OR REPLACE INTO doc_data (id, json) VALUES (?, ?)").run(id, JSON.stringify(rest));
    // Typos and completions are only matched outside About, so only those words are candidates.
    for (const term of words(textColumns(document).slice(0, -1).join(" "))) this.addTerm(term);
    return id;
  }

  private writeText(id: number, document: SearchDocument): void {
    this.sql("DELETE FROM fts WHERE rowid = ?").run(id);
    this.sql(
      "INSERT INTO fts (rowid, name, namespace, publisher, short_description, tags, about) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(id, ...textColumns(document));
    this.sql(`INSERT OR REPLACE INTO short_fts (rowid, ${SHORT_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
      id,
      ...textColumns(document).slice(0, -1),
    );
    this.sql("INSERT OR REPLACE INTO names_fts (rowid, name) VALUES (?, ?)").run(id, document.name);
    this.sql("INSERT OR REPLACE INTO suggest_fts (rowid, name, namespace) VALUES (?, ?, ?)").run(id, document.name, document.namespace);
  }

  /** The id of the row with these column values, inserted when missing. */
  private idOf(table: "namespaces" | "facet_values", values: Record<string, string>): number {
    const columns = Object.keys(values);
    const existing = this.sql(`SELECT id FROM ${table} WHERE ${columns.map((c) => `${c} = @${c}`).join(" AND ")}`)
      .pluck()
      .get(values);
    if (existing !== undefined) return existing as number;
    return this.sql(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")}) RETURNING id`)
      .pluck()
      .get(values) as number;
  }

  /** The document's facet combination: its os, architecture and category values and its flags. */
  private comboId(document: SearchDocument): number {
    const values = [
      ...document.operatingSystems.map((value) => ({ field: "os", value })),
      ...document.architectures.map((value) => ({ field: "architecture", value })),
      ...document.categories.map((value) => ({ field: "categories", value })),
      ...(["verified", "official", "signed", "sbom"] as const).filter((flag) => document[flag]).map((field) => ({ field, value: "true" })),
    ];
    const valueIds = [...new Set(values.map((value) => this.idOf("facet_values", value)))].sort((a, b) => a - b);
    const key = valueIds.join(",");
    const known = this.sql("SELECT id FROM combos WHERE value_ids = ?").pluck().get(key);
    if (known !== undefined) return known as number;
    const id = this.sql("INSERT INTO combos (value_ids) VALUES (?) RETURNING id").pluck().get(key) as number;
    for (const valueId of valueIds) this.sql("INSERT INTO combo_values (combo_id, value_id) VALUES (?, ?)").run(id, valueId);
    return id;
  }

  /** Records a term of the short fields; terms of MIN_PREFIX_LENGTH or less are never a candidate. */
  private addTerm(term: string): void {
    if (term.length <= MIN_PREFIX_LENGTH || this.knownTerms.has(term)) return;
    this.sql("INSERT INTO terms (term, in_short) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET in_short = 1").run(term);
    if (this.knownTerms.size >= MAX_KNOWN_TERMS) this.knownTerms.clear();
    this.knownTerms.add(term);
  }

  // ------------------------------------------------------------------ searching

  /**
   * A page, the total and the facets. Totals stop at MAX_TOTAL_HITS; past it
   * the facets count the first MAX_TOTAL_HITS matches in the order of the
   * sort's own key (pulls, or updated), which an index walk finds and stops
   * after. Hits past MAX_TOTAL_HITS are not reachable (as in Meilisearch).
   */
  private run(query: SearchQuery): SearchResult {
    const text = this.textMatch(query.q);
    const filters: string[] = [];
    const params: Row = { collect: COLLECT_ALL_UP_TO, cap: MAX_TOTAL_HITS };
    for (const [field, value] of Object.entries(query.filters) as [keyof SearchFilters, unknown][]) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      filters.push(FILTER_SQL[field]);
      params[field] = typeof value === "boolean" ? Number(value) : JSON.stringify(value);
    }
    const offset = (query.page - 1) * query.pageSize;
    const limit = Math.max(0, Math.min(query.pageSize, MAX_TOTAL_HITS - offset));
    // The hits up to the page's end: none for a page past MAX_TOTAL_HITS.
    const page = { offset, limit, end: limit === 0 ? 0 : offset + limit };
    const { ids, total, facets } = text
      ? this.searchText(text, query.sort, filters, params, page)
      : this.browse(query.sort, filters, params, page);
    return { hits: this.hits(ids, text ?? undefined), total, facets, page: query.page, pageSize: query.pageSize };
  }

  /** An empty query: pages walk the order's index; facets come from the kept counts, or the filtered documents. */
  private browse(sort: SearchSort, filters: string[], params: Row, page: PageRange): Ranked {
    const { index, order } = BROWSE[sort];
    const rows = (where: string, indexed: boolean, limit: number, offset: number) =>
      this.sql(`SELECT d.id, d.combo_id, d.namespace_id FROM docs d ${indexed ? `INDEXED BY ${index}` : ""} ${where}
        ORDER BY ${order} LIMIT @limit OFFSET @offset`)
        .raw()
        .all({ ...params, limit, offset }) as FacetRow[];
    if (filters.length === 0) {
      const counted = this.facetsOfAll();
      return { ids: rows("", true, page.limit, page.offset).map(([id]) => id), ...counted, total: Math.min(counted.total, MAX_TOTAL_HITS) };
    }
    const where = `WHERE ${filters.join(" AND ")}`;
    const matches = this.sql(`SELECT count(*) FROM (SELECT 1 FROM docs d ${where} LIMIT @collect + 1)`).pluck().get(params) as number;
    // A few matches: the planner seeks the filter's index and sorts them. Many: the walk stops early.
    const indexed = matches > COLLECT_ALL_UP_TO;
    if (matches <= MAX_TOTAL_HITS) {
      return { ids: rows(where, indexed, page.limit, page.offset).map(([id]) => id), ...this.facetsOf(`FROM docs d ${where}`, params) };
    }
    const first = rows(where, indexed, MAX_TOTAL_HITS, 0);
    return { ids: first.slice(page.offset, page.end).map(([id]) => id), ...this.cappedFacets(first) };
  }

  /**
   * A text query. Its matches are read once from the full-text index, with
   * the sets of its rank they are in (temp.matches: no document is read for
   * this). Up to COLLECT_ALL_UP_TO matches are ranked in full; past that, only
   * candidates for the page (rankedCandidates), and the facets count the
   * first MAX_TOTAL_HITS matches in the order's index.
   */
  private searchText(text: SearchTextMatch, sort: SearchSort, filters: string[], params: Row, page: PageRange): Ranked {
    const values = { ...params, ...text };
    const table = text.table;
    const among = (expression: string | null, fts: string = table) =>
      expression === null ? "1" : `${table}.rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${expression})`;
    this.sql("DELETE FROM temp.matches").run();
    const { changes } = this.sql(
      `INSERT INTO temp.matches (id, exact_spelling, in_name, in_short)
       SELECT rowid, ${among(text.exact === null ? null : "@exact")}, ${among("@inName", "names_fts")},
         ${among(text.inShort === null ? null : "@inShort", "short_fts")}
       FROM ${table} WHERE ${table} MATCH @match`,
    ).run(values);
    // Collecting stops past COLLECT_ALL_UP_TO, so the filtered matches are counted on the way.
    const matches =
      filters.length === 0 && changes > COLLECT_ALL_UP_TO
        ? changes
        : this.collectHits(sort, `FROM temp.matches m CROSS JOIN docs d ON d.id = m.id WHERE ${[...filters, "1"].join(" AND ")} LIMIT @collect + 1`, values);
    if (matches <= COLLECT_ALL_UP_TO) {
      const ids = this.rankedHits(page.end).slice(page.offset);
      if (matches <= MAX_TOTAL_HITS) return { ids, ...this.facetsOf("FROM temp.hits d", {}) };
      const first = this.sql(
        `SELECT id, combo_id, namespace_id FROM temp.hits h ORDER BY h.sort_value DESC, h.pulls DESC, h.official DESC, h.verified DESC, h.id LIMIT @cap`,
      )
        .raw()
        .all(values) as FacetRow[];
      return { ids, ...this.cappedFacets(first) };
    }
    const { index, order } = BROWSE[sort];
    const first = this.sql(
      `SELECT d.id, d.combo_id, d.namespace_id FROM docs d INDEXED BY ${index} CROSS JOIN temp.matches m ON m.id = d.id
       WHERE ${[...filters, "1"].join(" AND ")} ORDER BY ${order} LIMIT @cap`,
    )
      .raw()
      .all(values) as FacetRow[];
    const candidates = this.rankedCandidates(sort, filters, values, page.end);
    for (const [id] of first.slice(0, page.end)) candidates.add(id);
    this.collectHits(sort, "FROM json_each(@candidates) c CROSS JOIN temp.matches m ON m.id = c.value CROSS JOIN docs d ON d.id = m.id", {
      ...values,
      candidates: JSON.stringify([...candidates]),
    });
    return { ids: this.rankedHits(page.end).slice(page.offset), ...this.cappedFacets(first) };
  }

  /**
   * Candidates for the first `count` hits of a text query with many matches,
   * without reading each matching document. Hits rank by the sort, then by
   * sets of matches (exact spelling, exact name, in the name, outside About),
   * then popularity; for each combination of those sets, the matches in at
   * least its sets (its upper set) are taken in the order's index up to
   * `count`. A document among the first hits is among the first of its own
   * upper set in that order, since every document before it there ranks
   * before it; so the union holds the first hits. The exact names are few and
   * taken whole; all matches' first are the caller's. In the name implies
   * outside About, so never both.
   */
  private rankedCandidates(sort: SearchSort, filters: string[], params: Row, count: number): Set<number> {
    const { index, order } = BROWSE[sort];
    const candidates = new Set<number>(
      this.sql(`SELECT m.id FROM temp.matches m WHERE m.id IN (${EXACT_NAME_IDS})`).pluck().all(params) as number[],
    );
    const spellings = params.exact === null ? [[]] : [["m.exact_spelling"], []];
    const fields = [["m.in_name"], ...(params.inShort === null ? [] : [["m.in_short"]]), []];
    const sets = spellings.flatMap((spelling) => fields.map((field) => [...spelling, ...field])).filter((set) => set.length > 0);
    if (sets.length === 0) return candidates;
    const sizes = this.sql(`SELECT ${sets.map((set) => `count(*) FILTER (WHERE ${set.join(" AND ")})`).join(", ")} FROM temp.matches m`)
      .raw()
      .get() as number[];
    const documents = this.sql("SELECT coalesce(sum(docs), 0) FROM combos").pluck().get() as number;
    sets.forEach((set, i) => {
      const size = sizes[i]!;
      if (size === 0) return;
      // Walking the index passes about count × documents / size entries to find the set's first;
      // reading the set's documents costs a few entries' worth each. Take the cheaper.
      const walk = count * documents < WALK_OVER_READ * size * size;
      const from = walk
        ? `docs d INDEXED BY ${index} CROSS JOIN temp.matches m ON m.id = d.id`
        : "temp.matches m CROSS JOIN docs d ON d.id = m.id";
      const ids = this.sql(`SELECT d.id FROM ${from} WHERE ${[...set, ...filters].join(" AND ")} ORDER BY ${order} LIMIT @count`)
        .pluck()
        .all({ ...params, count }) as number[];
      for (const id of ids) candidates.add(id);
    });
    return candidates;
  }

  /**
   * Fills temp.hits with the matches `source` selects (FROM ... WHERE ..., on
   * temp.matches m and docs d) and their rank keys: the sort value (for
   * sort=pulls/updated), exact spelling (not only typos), exact name, a match
   * in the name, a match outside About, and popularity. Returns how many.
   */
  private collectHits(sort: SearchSort, source: string, params: Row): number {
    this.sql("DELETE FROM temp.hits").run();
    return this.sql(
      `INSERT INTO temp.hits (id, namespace_id, combo_id, sort_value, exact_spelling, exact_name, in_name, in_short,
         pulls, official, verified)
       SELECT d.id, d.namespace_id, d.combo_id, ${SORT_COLUMN[sort] ?? "0"}, m.exact_spelling, d.id IN (${EXACT_NAME_IDS}),
         m.in_name, m.in_short, d.pulls, d.official, d.verified
       ${source}`,
    ).run(params).changes;
  }

  /**
   * The first `count` of temp.hits in rank order: the keys collectHits
   * recorded, then popularity. Like Meilisearch's attribute rule, a match
   * outside About ranks first and term frequency counts for nothing, so no
   * match needs a score. The numeric keys of the last one bound the hits that
   * can be among them; only those are joined for the name that breaks ties
   * (temp.hits drives the join: it has no statistics, and the planner would
   * rather walk every document by name).
   */
  private rankedHits(count: number): number[] {
    if (count === 0) return [];
    const keys = RANK_KEYS.map((key) => `h.${key}`);
    const last = this.sql(`SELECT ${keys.join(", ")} FROM temp.hits h ORDER BY ${keys.map((key) => `${key} DESC`).join(", ")}
       LIMIT 1 OFFSET @count - 1`).get({ count }) as Row | undefined;
    const bound = last ? `(${keys.join(", ")}) >= (${RANK_KEYS.map((key) => `@${key}`).join(", ")})` : "1";
    return this.sql(
      `SELECT h.id FROM temp.hits h CROSS JOIN docs d ON d.id = h.id WHERE ${bound}
       ORDER BY ${keys.map((key) => `${key} DESC`).join(", ")}, d.name_key, d.full_name
       LIMIT @count`,
    )
      .pluck()
      .all({ count, ...last }) as number[];
  }

  /**
   * FTS5 expressions for q (null when q has no words). Typo spellings and
   * completions match in the short fields only; About holds a word only as
   * spelled, and is not searched at all when every word is common in it
   * (searchesAbout).
   */
  private textMatch(q: string): SearchTextMatch | null {
    const queryWords = words(q);
    if (queryWords.length === 0) return null;
    const inShort = (spellings: string[]) => `{${SHORT_COLUMNS}} : (${spellings.map(ftsString).join(" OR ")})`;
    const aboutSearched = this.searchesAbout(queryWords);
    const groups = queryWords.map((word, index) => {
      const isLast = index === queryWords.length - 1;
      const completions = isLast && word.length >= MIN_PREFIX_LENGTH ? this.completions(word) : [];
      const typos = this.typoCandidates(word);
      const spellings = [word, ...completions, ...typos];
      const inAbout = aboutSearched ? ` OR {about} : ${ftsString(word)}` : "";
      const exact = `(${inShort([word, ...completions])}${inAbout})`;
      const any = typos.length > 0 ? `(${inShort(spellings)}${inAbout})` : exact;
      return { word, typos, exact, any, short: inShort(spellings), spellings };
    });
    return {
      match: groups.map((group) => group.any).join(" AND "),
      exact: groups.some((group) => group.typos.length > 0) ? groups.map((group) => group.exact).join(" AND ") : null,
      inName: groups.map((group) => `(${group.spellings.map(ftsString).join(" OR ")})`).join(" AND "),
      table: aboutSearched ? "fts" : "short_fts",
      inShort: aboutSearched ? groups.map((group) => group.short).join(" AND ") : null,
      names: nameKeys(groups),
    };
  }

  /**
   * Whether About is searched for the query's words: not when every one is
   * held by more About texts than ABOUT_STOP_WORD allows. Such words tell no
   * repository from another and would make the query read most of the index;
   * the short fields still find them. One uncommon word keeps About for all,
   * since the query's matches are then bounded by that word's. Counting stops
   * at the bound, so this costs little for any word.
   */
  private searchesAbout(queryWords: string[]): boolean {
    const documents = this.sql("SELECT coalesce(sum(docs), 0) FROM combos").pluck().get() as number;
    // Which words are common changes slowly: remembered until the number of documents changes.
    if (documents !== this.commonInAbout.documents || this.commonInAbout.words.size >= MAX_KNOWN_TERMS) {
      this.commonInAbout = { documents, words: new Map() };
    }
    const bound = Math.max(ABOUT_STOP_WORD.minDocuments, Math.floor(documents * ABOUT_STOP_WORD.share));
    const holding = this.sql("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)").pluck();
    const isCommon = (word: string) => {
      let common = this.commonInAbout.words.get(word);
      if (common === undefined) {
        common = (holding.get(`{about} : ${ftsString(word)}`, bound + 1) as number) > bound;
        this.commonInAbout.words.set(word, common);
      }
      return common;
    };
    return !queryWords.every(isCommon);
  }

  /**
   * suggest_fts expressions for q, which has words: the last word is a prefix,
   * and typo candidates come from the names' own vocabulary. `inName`: every
   * word matches in the name, not only in the namespace.
   */
  private suggestMatch(q: string): TextMatch {
    const queryWords = words(q);
    const groups = queryWords.map((word, index) => {
      const isLast = index === queryWords.length - 1;
      const exact = isLast ? `${ftsString(word)}*` : ftsString(word);
      const typos = this.nameTypoCandidates(word, isLast);
      const any = typos.length > 0 ? `(${[exact, ...typos.map(ftsString)].join(" OR ")})` : exact;
      return { word, typos, exact, any };
    });
    const match = groups.map((group) => group.any).join(" AND ");
    return {
      match,
      exact: groups.some((group) => group.typos.length > 0) ? groups.map((group) => group.exact).join(" AND ") : null,
      inName: `{name} : (${match})`,
      names: nameKeys(groups),
    };
  }

  /** Terms of names and namespaces within the word's allowed typos that share its first letter, closest first. */
  private nameTypoCandidates(word: string, asPrefix: boolean): string[] {
    if (allowedTypos(word) === 0) return [];
    const letter = firstLetter(word);
    const terms = this.sql("SELECT term FROM suggest_terms WHERE term >= ? AND term < ?")
      .pluck()
      .all(letter, `${letter}\u{10FFFF}`) as string[];
    return closestTerms(word, terms, MAX_TYPO_CANDIDATES, asPrefix);
  }

  /** Terms of the short fields within the word's allowed typos that share its first letter, closest first. */
  private typoCandidates(word: string): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    const terms = this.sql("SELECT term FROM terms WHERE substr(term, 1, 1) = ? AND length(term) BETWEEN ? AND ? AND in_short")
      .pluck()
      .all(firstLetter(word), word.length - max, word.length + max) as string[];
    return closestTerms(word, terms, MAX_TYPO_CANDIDATES);
  }

  /** Terms of the short fields that start with the word, shortest first. */
  private completions(prefix: string): string[] {
    return this.sql(
      "SELECT term FROM terms WHERE term > ? AND term < ? AND in_short ORDER BY length(term), term LIMIT ?",
    )
      .pluck()
      .all(prefix, `${prefix}\u{10FFFF}`, MAX_PREFIX_CANDIDATES) as string[];
  }

  /** The capped total of a query with more than MAX_TOTAL_HITS matches, and the facets of `first`, that many of them. */
  private cappedFacets(first: FacetRow[]): Counted {
    const { facets } = this.countedFacets(countBy(first.map((row) => row[1])), countBy(first.map((row) => row[2])));
    return { total: MAX_TOTAL_HITS, facets };
  }

  /** Total and facet counts of every document, which the triggers keep. */
  private facetsOfAll(): Counted {
    const counts = (table: "combos" | "namespaces") =>
      new Map(jsonRows<[number, number]>(this.sql(`SELECT json_group_array(json_array(id, docs)) FROM ${table} WHERE docs > 0`)));
    return this.countedFacets(counts("combos"), counts("namespaces"));
  }

  /**
   * Total and facet counts of the documents `source` (FROM ... WHERE ...)
   * selects. Matches are counted per namespace and combination in JS (a JSON
   * array from SQLite costs far less than a GROUP BY's sort).
   */
  private facetsOf(source: string, params: Row): Counted {
    const row = this.sql(
      `SELECT json_group_array(d.combo_id) AS combos, json_group_array(d.namespace_id) AS namespaces ${source}`,
    ).get(params) as { combos: string; namespaces: string };
    return this.countedFacets(countBy(JSON.parse(row.combos) as number[]), countBy(JSON.parse(row.namespaces) as number[]));
  }

  /** Total and facets from document counts per combination and per namespace; combinations expand to their values. */
  private countedFacets(combos: Map<number, number>, namespaces: Map<number, number>): Counted {
    let total = 0;
    const values = new Map<number, number>();
    for (const [comboId, n] of combos) {
      total += n;
      for (const valueId of this.combos.get(comboId)) values.set(valueId, (values.get(valueId) ?? 0) + n);
    }
    const facets: SearchFacets = { os: {}, architecture: {}, categories: {}, namespace: {}, verified: 0, official: 0, signed: 0, sbom: 0 };
    const lists = { os: [], architecture: [], categories: [], namespace: [] } as Record<ListField, [string, number][]>;
    for (const [valueId, n] of values) {
      const [field, value] = this.facetValues.get(valueId);
      if (field === "verified" || field === "official" || field === "signed" || field === "sbom") facets[field] = n;
      else lists[field].push([value, n]);
    }
    for (const [namespaceId, n] of namespaces) lists.namespace.push([this.namespaces.get(namespaceId), n]);
    for (const [field, counts] of Object.entries(lists) as [ListField, [string, number][]][]) {
      counts.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
      facets[field] = Object.fromEntries(counts.slice(0, MAX_FACET_VALUES));
    }
    return { total, facets };
  }

  /** Documents as handed in, without About, by id. */
  private storedDocuments(ids: number[]): Map<number, SearchHitDocument> {
    const rows = this.sql("SELECT id, json FROM doc_data WHERE id IN (SELECT value FROM json_each(?))").all(JSON.stringify(ids)) as Array<{
      id: number;
      json: string;
    }>;
    return new Map(rows.map((row) => [row.id, JSON.parse(row.json) as SearchHitDocument]));
  }

  /**
   * The page's hits in `ids` order, with highlights when there is a text
   * query (`text`). FTS5 marks matches only among rows that match (a rowid constraint
   * beside MATCH does not narrow the scan in SQLite 3.53), so the page's rows
   * are copied to temp.page and matched there. About is read only as far as
   * its crop: FTS5's snippet, or for a browse its start, cut here.
   */
  private hits(ids: number[], text: SearchTextMatch | undefined): SearchHit[] {
    const match = text?.match;
    const idList = JSON.stringify(ids);
    const documents = this.storedDocuments(ids);
    let texts: Array<{ id: number; name: string | null; shortDescription: string | null; about: string }>;
    if (match === undefined) {
      texts = this.sql(
        "SELECT rowid AS id, NULL AS name, NULL AS shortDescription, substr(about, 1, ?) AS about FROM fts WHERE rowid IN (SELECT value FROM json_each(?))",
      ).all(LEAD_CHARACTERS, idList) as typeof texts;
    } else {
      this.sql("DELETE FROM temp.page").run();
      // When About is not searched nothing in it matches, and the snippet is its start: copy only that.
      const about = text!.table === "fts" ? "about" : `substr(about, 1, ${LEAD_CHARACTERS})`;
      this.sql(
        `INSERT INTO temp.page (rowid, ${FTS_COLUMNS}) SELECT rowid, ${SHORT_FTS_COLUMNS}, ${about} FROM fts WHERE rowid IN (SELECT value FROM json_each(?))`,
      ).run(idList);
      texts = this.sql(
        `SELECT rowid AS id,
           highlight(page, 0, @start, @end) AS name,
           highlight(page, 3, @start, @end) AS shortDescription,
           snippet(page, 5, @start, @end, @crop, @words) AS about
         FROM temp.page WHERE page MATCH @match`,
      ).all({ match, start: MATCH_START, end: MATCH_END, crop: CROP_MARKER, words: EXCERPT_WORDS }) as typeof texts;
    }
    const textOf = new Map(texts.map((row) => [row.id, row]));
    return ids.map((id) => {
      const document = documents.get(id)!;
      const text = textOf.get(id)!;
      return {
        document,
        highlights: hitHighlights(
          text.name ?? document.name,
          text.shortDescription ?? document.shortDescription,
          match === undefined ? cropStart(text.about) : text.about,
        ),
      };
    });
  }
}

/** Spellings of a whole query (each word or one of its typos), as JSON, compared with name_key and full_key. */
function nameKeys(groups: Array<{ word: string; typos: string[] }>): string {
  let names = [""];
  for (const { word, typos } of groups) {
    names = names.flatMap((start) => [word, ...typos].map((spelling) => `${start} ${spelling}`.trim())).slice(0, MAX_NAME_KEYS);
  }
  return JSON.stringify(names);
}

const firstLetter = (word: string) => String.fromCodePoint(word.codePointAt(0)!);

/** The fts columns of a document, in column order (About last). */
function textColumns(document: SearchDocument): string[] {
  const { name, namespace, publisher, shortDescription, tags, about } = document;
  return [name, namespace, publisher, shortDescription, tags.join(" "), about];
}

/**
 * Rows that are never changed or deleted once written (combinations, facet
 * values, namespaces), cached by id. Ids only grow, so a miss loads every row
 * newer than the newest cached one.
 */
class ImmutableRows<T> {
  private readonly rows = new Map<number, T>();
  private newest = 0;

  /** `newer` selects [id, row] pairs with id > ? as one JSON array. */
  constructor(private readonly newer: () => Database.Statement) {}

  get(id: number): T {
    if (!this.rows.has(id)) {
      for (const [rowId, row] of jsonRows<[number, T]>(this.newer(), this.newest)) {
        this.rows.set(rowId, row);
        this.newest = Math.max(this.newest, rowId);
      }
    }
    const row = this.rows.get(id);
    if (row === undefined) throw new Error(`search index is missing row ${id}`);
    return row;
  }
}

/** Rows aggregated into one JSON array by SQLite: much cheaper than one JS object per row. */
function jsonRows<T>(statement: Database.Statement, ...params: unknown[]): T[] {
  return JSON.parse(statement.pluck().get(...params) as string) as T[];
}

function countBy(ids: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
