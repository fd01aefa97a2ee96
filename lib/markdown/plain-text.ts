import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const parser = unified().use(remarkParse).use(remarkGfm);

interface Node {
  type: string;
  value?: string;
  alt?: string | null;
  children?: Node[];
}

/** Text, code and image descriptions; raw HTML is left out. */
function collect(node: Node, words: string[]): void {
  if (node.type === "html") return;
  if (typeof node.value === "string") words.push(node.value);
  if (node.alt) words.push(node.alt);
  for (const child of node.children ?? []) collect(child, words);
}

/** The words of a Markdown document without its syntax, for search. */
export function markdownToPlainText(markdown: string): string {
  const words: string[] = [];
  collect(parser.parse(markdown) as Node, words);
  return words.join(" ").replace(/\s+/g, " ").trim();
}
