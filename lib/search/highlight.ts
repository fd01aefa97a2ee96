import { EXCERPT_WORDS } from "./rules";
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

/** Where a sentence ends in plain text: its closing punctuation followed by a space. */
const SENTENCE_END = /[.!?…](?=\s)/g;
/** The marker engines put where they cut text short. */
export const CROP_MARKER = "…";

/**
 * A hit's highlights from the engine's marked name and short description and
 * its crop of About: about EXCERPT_WORDS words around the matches, or from the
 * start of About when nothing in it matched (both engines crop so). Without a
 * match the excerpt is About's first sentences: the crop up to its last
 * sentence end, or the whole crop when it holds no sentence end.
 */
export function hitHighlights(name: string, shortDescription: string, aboutCrop: string): SearchHit["highlights"] {
  const about = splitHighlight(aboutCrop);
  return {
    name: splitHighlight(name),
    shortDescription: splitHighlight(shortDescription),
    about: about.some((segment) => segment.match) ? about : splitHighlight(firstSentences(aboutCrop)),
  };
}

/** The start of a text as engines crop it: its first EXCERPT_WORDS words, then CROP_MARKER when more follows. */
export function cropStart(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.length > EXCERPT_WORDS ? `${words.slice(0, EXCERPT_WORDS).join(" ")}${CROP_MARKER}` : text.trim();
}

function firstSentences(crop: string): string {
  const text = crop.endsWith(CROP_MARKER) ? crop.slice(0, -CROP_MARKER.length).trimEnd() : crop;
  if (text === crop) return crop;
  const ends = [...`${text} `.matchAll(SENTENCE_END)];
  const last = ends.at(-1);
  return last ? text.slice(0, last.index + 1) : crop;
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
