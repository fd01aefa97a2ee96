/** The full-text columns of a document but About: its short fields. */
export const SHORT_FTS_COLUMNS = "name, namespace, publisher, short_description, tags";
/** The full-text columns of a document, About last. */
export const FTS_COLUMNS = `${SHORT_FTS_COLUMNS}, about`;

/** Keeps the document counts of a docs row's namespace and facet combination (row: NEW or OLD). */
const countDocs = (row: "NEW" | "OLD", delta: "+ 1" | "- 1") => `
  UPDATE namespaces SET docs = docs ${delta} WHERE id = ${row}.namespace_id;
  UPDATE combos SET docs = docs ${delta} WHERE id = ${row}.combo_id;`;

/**
 * Layout of the embedded index. Filtering, facet counting and browsing read
 * only `docs`, a narrow table of numbers, and never page through the long
 * About text kept in `fts`. A document's os, architecture, category and
 * verified/official values form one facet combination (`combos`): few
 * distinct ones exist, so filters are evaluated against combinations, and
 * facet counts are per-combination counts expanded to their values.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL UNIQUE,
  -- Words of the name and of the full name joined by spaces ("tools cli"), for the exact-name rank.
  name_key TEXT NOT NULL,
  full_key TEXT NOT NULL,
  namespace_id INTEGER NOT NULL,
  combo_id INTEGER NOT NULL,
  verified INTEGER NOT NULL,
  official INTEGER NOT NULL,
  pulls INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Browse orders, covering the filter columns: a page of an empty query walks one and stops.
CREATE INDEX IF NOT EXISTS docs_by_pulls
  ON docs (pulls DESC, official DESC, verified DESC, name_key, full_name, namespace_id, combo_id);
CREATE INDEX IF NOT EXISTS docs_by_updated
  ON docs (updated_at DESC, pulls DESC, official DESC, verified DESC, name_key, full_name, namespace_id, combo_id);
-- Cover the filters and the facet scan of a filtered browse.
CREATE INDEX IF NOT EXISTS docs_by_namespace ON docs (namespace_id, combo_id, verified, official);
CREATE INDEX IF NOT EXISTS docs_by_combo ON docs (combo_id, namespace_id, verified, official);
-- Exact-name lookups.
CREATE INDEX IF NOT EXISTS docs_by_name_key ON docs (name_key);
CREATE INDEX IF NOT EXISTS docs_by_full_key ON docs (full_key);

CREATE TABLE IF NOT EXISTS namespaces (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  docs INTEGER NOT NULL DEFAULT 0
);

-- Values of os, architecture and categories, plus verified/official as values "true".
CREATE TABLE IF NOT EXISTS facet_values (
  id INTEGER PRIMARY KEY,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (field, value)
);
CREATE TABLE IF NOT EXISTS combos (
  id INTEGER PRIMARY KEY,
  -- Sorted facet_values ids joined by ",": identifies the combination.
  value_ids TEXT NOT NULL UNIQUE,
  docs INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS combo_values (
  combo_id INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  PRIMARY KEY (combo_id, value_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS combo_values_by_value ON combo_values (value_id, combo_id);

-- Counts for the facets of an unfiltered browse, which then need no scan.
CREATE TRIGGER IF NOT EXISTS docs_insert AFTER INSERT ON docs BEGIN ${countDocs("NEW", "+ 1")} END;
CREATE TRIGGER IF NOT EXISTS docs_delete AFTER DELETE ON docs BEGIN ${countDocs("OLD", "- 1")} END;
CREATE TRIGGER IF NOT EXISTS docs_update AFTER UPDATE OF namespace_id, combo_id ON docs BEGIN
  ${countDocs("OLD", "- 1")} ${countDocs("NEW", "+ 1")}
END;

-- The highest fencing token the index was written under (lib/search/fence.ts): one row, once a fenced writer wrote.
CREATE TABLE IF NOT EXISTS write_fence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token INTEGER NOT NULL
);

-- The document as handed in, without About (which fts stores), to return hits unchanged.
CREATE TABLE IF NOT EXISTS doc_data (
  id INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);

-- No prefix indexes: prefixes are expanded to whole terms from the vocabulary below.
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
  ${FTS_COLUMNS},
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The short fields alone (all but About): what a query reads when About is
-- not searched, so a word common in About reads only its postings outside it.
CREATE VIRTUAL TABLE IF NOT EXISTS short_fts USING fts5 (
  ${SHORT_FTS_COLUMNS}, content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Names alone, so "matches in the name" is a lookup in a small index.
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5 (
  name, content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Names and namespaces alone, for suggestions as you type: small, so a
-- prefix of any length is cheap (prefix indexes up to 3 letters), and its
-- vocabulary is the pool of typo candidates for a name.
CREATE VIRTUAL TABLE IF NOT EXISTS suggest_fts USING fts5 (
  name, namespace, content = '', contentless_delete = 1, prefix = '1 2 3',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS suggest_terms USING fts5vocab (suggest_fts, row);

-- Vocabulary of the short fields (all but About), for typo and prefix
-- candidates. in_short: 1; files written before About's words were left out
-- also hold those, with 0. Typo candidates come from the bucket of terms
-- sharing the word's first letter within its length ± typos. Terms are
-- recorded as documents are written and never removed: one no document
-- holds any more only adds a spelling that matches nothing.
CREATE TABLE IF NOT EXISTS terms (
  term TEXT PRIMARY KEY,
  in_short INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_by_shape ON terms (substr(term, 1, 1), length(term));
`;

/** Fills the tables added since the first index files from the documents they hold, by table. */
export const BACKFILLS = {
  suggest_fts: "INSERT INTO suggest_fts (rowid, name, namespace) SELECT id, json ->> '$.name', json ->> '$.namespace' FROM doc_data",
  short_fts: `INSERT INTO short_fts (rowid, ${SHORT_FTS_COLUMNS}) SELECT rowid, ${SHORT_FTS_COLUMNS} FROM fts`,
};

