import type { Highlight, SearchDocument, SearchHit } from "./types";

/**
 * Engines mark matches with control characters, never HTML, and the marked
 * text is split into segments here, so no engine markup reaches a page.
 */
export const MATCH_START = "\u0001";
export const MATCH_END = "\u0002";
const MARKER = /([\u0001\u0002])/;

/** Splits marked text into segments, merging neighbours of the same kind. */
export function splitHighlight(marked: string): Highlight {
  const segments: Highlight = [];
  const push = (text: string, match: boolean) => {
    if (text === "") return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let match = false;
  for (const part of marked.split(MARKER)) {
    if (part === MATCH_START) match = true;
    else if (part === MATCH_END) match = false;
    else push(part, match);
  }
  return segments;
}

/** A hit's highlights from the engine's marked name, short description and About excerpt. */
export function hitHighlights(name: string, shortDescription: string, aboutExcerpt: string): SearchHit["highlights"] {
  const about = splitHighlight(aboutExcerpt);
  return {
    name: splitHighlight(name),
    shortDescription: splitHighlight(shortDescription),
    // Engines return the start of About when nothing in it matched; the contract wants no excerpt then.
    about: about.some((segment) => segment.match) ? about : [],
  };
}

/**
 * Drops marker characters from a document's free text, so stored text can never
 * fake a match. Names follow the registry's name grammar and cannot hold them.
 */
export function withoutMarkers(document: SearchDocument): SearchDocument {
  const clean = (text: string) => text.replace(/[\u0001\u0002]/g, "");
  return {
    ...document,
    publisher: clean(document.publisher),
    shortDescription: clean(document.shortDescription),
    about: clean(document.about),
    tags: document.tags.map(clean),
  };
}
