import { TYPO_MIN_WORD_SIZE } from "../rules";

/**
 * Words as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them: runs of
 * letters and digits, lowercased, without accents. So "acme/tools/cli",
 * "api-server" and "ml_runtime" are the words acme tools cli, api server, ml runtime.
 */
export function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

export function allowedTypos(word: string): number {
  if (word.length >= TYPO_MIN_WORD_SIZE.twoTypos) return 2;
  return word.length >= TYPO_MIN_WORD_SIZE.oneTypo ? 1 : 0;
}

/**
 * Edit distance where a swapped adjacent pair counts as one edit (optimal
 * string alignment). Returns max + 1 as soon as the distance must exceed max.
 */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * The terms within the word's allowed typos, closest first, at most `limit`;
 * not the word itself. With `asPrefix` the word is still being typed: a term
 * counts when one of its beginnings is that close, and terms the word already
 * begins are left out (a prefix query finds those).
 */
export function closestTerms(word: string, terms: string[], limit: number, asPrefix = false): string[] {
  const max = allowedTypos(word);
  const distance = (term: string) => {
    if (!asPrefix) return typoDistance(word, term, max);
    let best = max + 1;
    const longest = Math.min(term.length, word.length + max);
    for (let length = Math.max(1, word.length - max); length <= longest; length++) {
      best = Math.min(best, typoDistance(word, term.slice(0, length), max));
    }
    return best;
  };
  return terms
    .map((term) => ({ term, distance: distance(term) }))
    .filter((candidate) => candidate.distance > 0 && candidate.distance <= max)
    .sort((a, b) => a.distance - b.distance || (a.term < b.term ? -1 : 1))
    .slice(0, limit)
    .map((candidate) => candidate.term);
}

/** An FTS5 string literal; words hold only letters and digits, but quote anyway. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}
