/**
 * Atom (RFC 4287) documents as text. Pure. Every value is escaped and cleared
 * of characters XML 1.0 forbids, since tag names and descriptions come from
 * publishers.
 */

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

export interface AtomEntry {
  /** A permanent IRI, e.g. a tag: URI. */
  id: string;
  title: string;
  updated: Date;
  published: Date;
  /** The entry's page (rel="alternate"). */
  link: string;
  summary: string;
}

export interface AtomFeed {
  /** A permanent IRI. */
  id: string;
  title: string;
  subtitle: string;
  updated: Date;
  author: { name: string; uri: string };
  /** The feed's own absolute URL. */
  self: string;
  /** The HTML page the feed follows. */
  alternate: string;
  entries: AtomEntry[];
}

/** Outside XML 1.0's Char production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. */
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe in XML content and attribute values. */
export function xmlText(value: string): string {
  return value.replace(ILLEGAL, "").replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const element = (name: string, text: string) => `<${name}>${xmlText(text)}</${name}>`;
const link = (rel: string, href: string, type: string) =>
  `<link rel="${rel}" type="${type}" href="${xmlText(href)}"/>`;

export function renderAtomFeed(feed: AtomFeed): string {
  const entries = feed.entries.map((entry) =>
    [
      "<entry>",
      element("id", entry.id),
      element("title", entry.title),
      element("updated", entry.updated.toISOString()),
      element("published", entry.published.toISOString()),
      link("alternate", entry.link, "text/html"),
      element("summary", entry.summary),
      "</entry>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element("id", feed.id),
    element("title", feed.title),
    ...(feed.subtitle ? [element("subtitle", feed.subtitle)] : []),
    element("updated", feed.updated.toISOString()),
    `<author>${element("name", feed.author.name)}${element("uri", feed.author.uri)}</author>`,
    link("self", feed.self, "application/atom+xml"),
    link("alternate", feed.alternate, "text/html"),
    element("generator", "Galleon"),
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
