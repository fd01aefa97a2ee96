/**
 * Relevance rules both engines implement: the embedded engine in its own code,
 * Meilisearch through its index settings.
 */

/** Words of 5+ letters allow one typo, 9+ two (Meilisearch's defaults). */
export const TYPO_MIN_WORD_SIZE = { oneTypo: 5, twoTypos: 9 } as const;

/** Facet values returned per field, most frequent first. */
export const MAX_FACET_VALUES = 100;

/** Words of About around the matches in a hit's excerpt. */
export const EXCERPT_WORDS = 24;

/**
 * Totals stop here, and hits past it are not reachable: a total of
 * MAX_TOTAL_HITS means that many or more. Past it, facets may count only the
 * first MAX_TOTAL_HITS hits in the query's order (the embedded engine does;
 * Meilisearch counts every match), so no query costs more than its first
 * MAX_TOTAL_HITS hits, however many documents match.
 */
export const MAX_TOTAL_HITS = 1_000;
