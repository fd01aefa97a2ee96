/** What an uploaded logo must be; the console shows these beside the field, the server enforces them. */
export const LOGO_RULES = {
  maxBytes: 500 * 1024,
  minSide: 60,
  maxSide: 2048,
  mediaTypes: ["image/png", "image/jpeg", "image/webp"],
} as const;

export const LOGO_RULES_TEXT = `PNG, JPEG or WebP, at most ${LOGO_RULES.maxBytes / 1024} KB, ${LOGO_RULES.minSide} to ${LOGO_RULES.maxSide} pixels per side`;
