import type { Nodes, Root } from "mdast";

/*
 * Publishers are untrusted, and remark's parser (micromark) does work that
 * grows quadratically or worse with some counts in a document: container
 * nesting and closings (each closing copies all the parse so far), setext
 * headings, and the lines, emphasis and bracket markers, and bracket nesting
 * of one paragraph. Before parsing we cap each count: past a cap a marker
 * becomes a character reference (literal text) or a blank line splits the
 * paragraph. Real documents stay far below the caps. Once parsed, we cap what
 * the tree expands to: padded table cells and repeated reference URLs.
 */

/** Characters of indentation and container markers (`>`, `-`, `1.`, `[^1]:`) starting a line. */
const MAX_CONTAINER_PREFIX = 100;
/** Container markers in the whole document. */
const MAX_CONTAINER_MARKERS = 500;
/** `===` or `---` lines under text. */
const MAX_SETEXT_UNDERLINES = 300;
/** Lines, and emphasis and bracket markers, between two blank lines. */
const MAX_RUN_LINES = 500;
const MAX_INLINE_MARKERS = 1000;
const MAX_BRACKET_DEPTH = 32;
/** Empty cells added to pad table rows to the header's width. */
const MAX_PADDING_CELLS = 20_000;
/** Characters of URL and title copied from definitions into references. */
const MAX_REFERENCE_EXPANSION = 100_000;

const BLANK_LINE = /^[ \t]*$/;
// Block quote, list item or footnote definition.
const CONTAINER_MARKER = /[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)|\[\^[^\]]+\]:)/y;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const INLINE_MARKERS = new Set(["*", "_", "~", "[", "]"]);
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/** Whether the character can be emphasis or a bracket; `_` inside a word (`snake_case`) never is. */
function isInlineMarker(line: string, index: number): boolean {
  const char = line[index]!;
  if (char !== "_") return INLINE_MARKERS.has(char);
  return !(ALPHANUMERIC.test(line[index - 1] ?? "") && ALPHANUMERIC.test(line[index + 1] ?? ""));
}

/** The line with the character at `index` turned into a character reference, which is never markup. */
function literalAt(line: string, index: number): string {
  return `${line.slice(0, index)}&#${line.charCodeAt(index)};${line.slice(index + 1)}`;
}

/**
 * Caps each run of non-blank lines (which holds any paragraph, table or lazy
 * continuation whole): its lines, inline markers and bracket nesting. Past a
 * cap, a blank line starts a new run.
 */
function boundRuns(lines: string[]): string[] {
  let runLines = 0;
  let markers = 0;
  let depth = 0;
  return lines.map((line) => {
    if (BLANK_LINE.test(line)) {
      runLines = markers = depth = 0;
      return line;
    }
    let bounded = "";
    if (++runLines > MAX_RUN_LINES) {
      bounded = "\n";
      runLines = 1;
      markers = depth = 0;
    }
    for (let index = 0; index < line.length; index++) {
      const char = line[index]!;
      if (isInlineMarker(line, index) && ++markers > MAX_INLINE_MARKERS) {
        bounded += "\n\n";
        runLines = markers = 1;
        depth = 0;
      }
      if (char === "[" && depth === MAX_BRACKET_DEPTH) bounded += "&#91;";
      else bounded += char;
      if (char === "[") depth = Math.min(depth + 1, MAX_BRACKET_DEPTH);
      if (char === "]") depth = Math.max(depth - 1, 0);
    }
    return bounded;
  });
}

/** Caps container markers (in all and per line) and setext underlines. */
function boundBlocks(lines: string[]): string[] {
  // A copy, as a sticky expression keeps state.
  const containerMarker = new RegExp(CONTAINER_MARKER);
  let containerMarkers = 0;
  let setextUnderlines = 0;
  let previousBlank = true;
  return lines.map((line) => {
    let bounded = line;
    let firstMarkerEnd = 0;
    containerMarker.lastIndex = 0;
    while (containerMarker.exec(line)) {
      const end = containerMarker.lastIndex;
      firstMarkerEnd ||= end;
      if (++containerMarkers > MAX_CONTAINER_MARKERS) {
        // The whole line stops being a container.
        bounded = literalAt(bounded, firstMarkerEnd - 1);
        break;
      }
      if (end > MAX_CONTAINER_PREFIX) {
        bounded = literalAt(bounded, end - 1);
        break;
      }
    }
    if (!previousBlank && SETEXT_UNDERLINE.test(bounded) && ++setextUnderlines > MAX_SETEXT_UNDERLINES) {
      bounded = literalAt(bounded, bounded.search(/[=-]/));
    }
    previousBlank = BLANK_LINE.test(line);
    return bounded;
  });
}

/** Markdown whose parse takes time roughly linear in its length. */
export function boundMarkdown(markdown: string): string {
  // micromark also ends lines at a lone `\r`; the caps must see the same lines.
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  return boundBlocks(boundRuns(lines).join("\n").split("\n")).join("\n");
}

/** How many characters each definition copies into a reference, keyed as mdast-util-to-hast resolves them. */
function collectDefinitions(node: Nodes, expansionById: Map<string, number>): void {
  if (node.type === "definition") {
    const id = node.identifier.toUpperCase();
    if (!expansionById.has(id)) expansionById.set(id, node.url.length + (node.title?.length ?? 0));
  }
  if ("children" in node) for (const child of node.children) collectDefinitions(child, expansionById);
}

/** Caps table padding and reference expansion, in document order. */
function boundExpansion(
  node: Nodes,
  expansionById: ReadonlyMap<string, number>,
  budget: { padding: number; expansion: number },
): void {
  if (node.type === "table" && node.align) {
    const columns = node.align.length;
    const padding = node.children.reduce((sum, row) => sum + Math.max(0, columns - row.children.length), 0);
    // Without `align`, rows keep only the cells they were written with.
    if (padding > budget.padding) node.align = null;
    else budget.padding -= padding;
  }
  if (!("children" in node)) return;
  const children: Nodes[] = [];
  for (const child of node.children) {
    boundExpansion(child, expansionById, budget);
    if (child.type === "linkReference" || child.type === "imageReference") {
      budget.expansion -= expansionById.get(child.identifier.toUpperCase()) ?? 0;
      // Past the budget, a reference is just its text.
      if (budget.expansion < 0) {
        children.push(...(child.type === "linkReference" ? child.children : [{ type: "text" as const, value: child.alt ?? "" }]));
        continue;
      }
    }
    children.push(child);
  }
  (node as { children: Nodes[] }).children = children;
}

/**
 * remark plugin: bounds the HTML the tree expands to. A table pads every row to
 * its header's width, and a reference repeats its definition's URL, so short
 * input could otherwise produce hundreds of megabytes.
 */
export function remarkBoundExpansion() {
  return (tree: Root): void => {
    const expansionById = new Map<string, number>();
    collectDefinitions(tree, expansionById);
    boundExpansion(tree, expansionById, { padding: MAX_PADDING_CELLS, expansion: MAX_REFERENCE_EXPANSION });
  };
}
