import { createHash } from "node:crypto";
import { MarkdownTooLargeError, renderMarkdown } from "@/lib/markdown/render";

/**
 * The catalog stores each repository's rendering when it is saved; only rows
 * of an older renderer are rendered here, until `npm run reindex` stores
 * theirs. Rendering hostile Markdown can take up to about a second, so each
 * process keeps recent results meanwhile.
 */
const rendered = new Map<string, string>();
const MAX_CACHED = 500;

function renderCached(source: string): string {
  const key = createHash("sha256").update(source).digest("base64");
  let html = rendered.get(key);
  if (html === undefined) {
    html = renderMarkdown(source);
    if (rendered.size >= MAX_CACHED) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, html);
  }
  return html;
}

/**
 * A publisher's Markdown, rendered and sanitized on the server: `stored` is
 * the catalog's rendering of `source` by the current renderer, if it has one.
 */
export function Markdown({ source, stored, empty }: { source: string; stored: string | null; empty: string }) {
  if (!source.trim()) return <p className="text-slate-500">{empty}</p>;
  let html: string;
  try {
    html = stored ?? renderCached(source);
  } catch (error) {
    if (!(error instanceof MarkdownTooLargeError)) throw error;
    return <p className="text-slate-500">This text is too long to show.</p>;
  }
  // Safe: renderMarkdown (which alone writes the stored HTML, in
  // lib/catalog/publishing.ts) drops raw HTML and sanitizes all it outputs.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
