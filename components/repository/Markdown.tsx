import { createHash } from "node:crypto";
import { MarkdownTooLargeError, renderMarkdown } from "@/lib/markdown/render";

/**
 * Rendering hostile Markdown can take up to about a second; pages are read far
 * more often than descriptions change, so each process keeps recent results.
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

/** A publisher's Markdown, rendered and sanitized on the server. */
export function Markdown({ source, empty }: { source: string; empty: string }) {
  if (!source.trim()) return <p className="text-slate-500">{empty}</p>;
  let html: string;
  try {
    html = renderCached(source);
  } catch (error) {
    if (!(error instanceof MarkdownTooLargeError)) throw error;
    return <p className="text-slate-500">This text is too long to show.</p>;
  }
  // Safe: renderMarkdown drops raw HTML and sanitizes everything it outputs.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
