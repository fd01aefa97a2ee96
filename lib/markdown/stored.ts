import { markdownToPlainText } from "./plain-text";
import { renderMarkdown } from "./render";

/**
 * What the catalog stores beside a repository's About and Usage, so that pages
 * and search documents do not parse Markdown on every read. Only this
 * renderer produces it; bump RENDERER_VERSION whenever its output changes
 * (a plugin, the schema, the bounds, a dependency upgrade that alters HTML),
 * so that older stored output is rendered afresh on read and rewritten by
 * `npm run reindex`.
 */
export const RENDERER_VERSION = 2;

export interface RenderedAbout {
  aboutHtml: string;
  /** The About's words without syntax, for search documents. */
  aboutText: string;
}

export interface RenderedUsage {
  usageHtml: string;
}

export function renderAbout(about: string): RenderedAbout {
  return { aboutHtml: renderMarkdown(about), aboutText: markdownToPlainText(about) };
}

export function renderUsage(usage: string): RenderedUsage {
  return { usageHtml: renderMarkdown(usage) };
}
