/**
 * Lengths and counts that publisher-written data must respect. Pure,
 * so that both the catalog (which validates) and Markdown rendering (which
 * refuses longer input) read one definition.
 */
export const LIMITS = {
  shortDescription: 1024,
  about: 25_600,
  usage: 25_600,
  categories: 5,
} as const;

/** A publisher's display name, and API tokens: their names, and expiry (at most a year, 90 days unless chosen otherwise). */
export const DISPLAY_NAME_MAX = 100;
export const TOKEN_NAME_MAX = 64;
export const TOKEN_MAX_DAYS = 366;
export const TOKEN_DEFAULT_DAYS = 90;
