/**
 * Lengths and counts that publisher-written catalog data must respect. Pure,
 * so that both the catalog (which validates) and Markdown rendering (which
 * refuses longer input) read one definition.
 */
export const LIMITS = {
  shortDescription: 1024,
  about: 25_600,
  usage: 25_600,
  categories: 5,
} as const;
