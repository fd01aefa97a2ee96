/** Where signing in leads when the form names no page to come back to. */
export const DEFAULT_RETURN_TO = "/console";

const BASE = "http://galleon.invalid";

/**
 * A page of this site to return to after signing in: only a relative path
 * ("/console?x=1"); anything that could leave the site ("//evil.example",
 * "/\evil.example", "https://…", "javascript:…") gives the default.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\\\u0000-\u001f]/.test(value)) return DEFAULT_RETURN_TO;
  const url = new URL(value, BASE);
  if (url.origin !== BASE || value.startsWith("//")) return DEFAULT_RETURN_TO;
  return url.pathname + url.search + url.hash;
}
