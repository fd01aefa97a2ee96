import type { Element, Root, RootContent } from "hast";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeSanitize, { defaultSchema, type Options as Schema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { LIMITS } from "@/lib/config/limits";
import { boundMarkdown, remarkBoundExpansion } from "@/lib/markdown/parse-bounds";
import { proxiedImageSrc } from "@/lib/markdown/images";

export class MarkdownTooLargeError extends Error {
  constructor(
    readonly length: number,
    readonly maxLength: number,
  ) {
    super(`Markdown is ${length} characters long; the limit is ${maxLength}`);
    this.name = "MarkdownTooLargeError";
  }
}

// The sanitizer prefixes every id, so user content cannot clobber DOM globals
// such as `document.cookie` or `window.location`.
const ID_PREFIX = "user-content-";
const LINK_REL = ["nofollow", "noopener", "noreferrer", "ugc"];
const HEADING_ANCHOR_CLASS = "heading-anchor";

type AttributeList = NonNullable<NonNullable<Schema["attributes"]>[string]>;

/** The default schema's attributes for `tagName`, with some definitions replaced. */
function replaceAttributes(tagName: string, replacements: AttributeList): AttributeList {
  const replaced = new Set(replacements.map((entry) => (typeof entry === "string" ? entry : entry[0])));
  const kept = (defaultSchema.attributes?.[tagName] ?? []).filter(
    (entry) => !replaced.has(typeof entry === "string" ? entry : entry[0]),
  );
  return [...kept, ...replacements];
}

const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: ID_PREFIX,
  attributes: {
    ...defaultSchema.attributes,
    a: replaceAttributes("a", [
      ["className", "data-footnote-backref", HEADING_ANCHOR_CLASS],
      ["ariaHidden", "true"],
      ["rel", ...LINK_REL],
    ]),
    // Absolute http(s) only: relative URLs would resolve against the gallery.
    img: replaceAttributes("img", [["src", /^https?:\/\//]]),
  },
  // The default also allows irc, ircs and xmpp links.
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"] },
};

/**
 * Gives every link the rel and points same-page links at the prefixed ids the
 * sanitizer produces, so heading anchors, footnotes and `[x](#usage)` work.
 */
function rehypeLinks() {
  const visit = (node: Root | RootContent): void => {
    if (node.type === "element" && node.tagName === "a") fixLink(node);
    if ("children" in node) node.children.forEach(visit);
  };
  return visit;
}

function fixLink(link: Element): void {
  const href = link.properties.href;
  if (typeof href === "string" && href.startsWith("#") && href.length > 1) {
    link.properties.href = `#${ID_PREFIX}${href.slice(1)}`;
  }
  link.properties.rel = [...LINK_REL];
}

const HEADING = /^h([1-6])$/;

/**
 * Fits the publisher's headings under the page's own h1: the first becomes an
 * h2 and none skips a level below the one before it (`# A` / `### B` become
 * h2 / h3), so a README's `# title` never makes a second h1.
 */
function rehypeNestHeadings() {
  return (tree: Root) => {
    let previous = 1;
    const visit = (node: Root | RootContent): void => {
      const level = node.type === "element" ? HEADING.exec(node.tagName)?.[1] : undefined;
      if (level && node.type === "element") {
        previous = Math.min(Number(level) + 1, previous + 1, 6);
        node.tagName = `h${previous}`;
      }
      if ("children" in node) node.children.forEach(visit);
    };
    visit(tree);
  };
}

/**
 * Runs after the sanitizer, which would drop what it adds; nothing it adds
 * comes from the input. Images point at the image proxy (the sanitizer kept
 * only absolute http(s) sources; the proxy's own path is relative). Code
 * blocks and tables scroll sideways when wide: keyboard users reach them with
 * Tab, and screen readers hear what they are.
 */
function rehypeAfterSanitize() {
  const labels: Record<string, string> = { pre: "Code", table: "Table" };
  const visit = (node: Root | RootContent): void => {
    if (node.type === "element" && node.tagName === "img" && typeof node.properties.src === "string") {
      node.properties.src = proxiedImageSrc(node.properties.src);
    } else if (node.type === "element" && node.tagName in labels) {
      node.properties.tabIndex = 0;
      if (node.tagName === "pre") node.properties.role = "group";
      node.properties.ariaLabel = labels[node.tagName];
    }
    if ("children" in node) node.children.forEach(visit);
  };
  return visit;
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkBoundExpansion)
  // Raw HTML is dropped (no allowDangerousHtml); footnote ids are left
  // unprefixed because the sanitizer prefixes every id.
  .use(remarkRehype, { clobberPrefix: "" })
  .use(rehypeNestHeadings)
  .use(rehypeSlug)
  .use(rehypeAutolinkHeadings, {
    behavior: "append",
    properties: { className: [HEADING_ANCHOR_CLASS], ariaHidden: "true", tabIndex: -1 },
    content: { type: "text", value: "#" },
  })
  .use(rehypeLinks)
  // Last, so that nothing added by the plugins above escapes it.
  .use(rehypeSanitize, schema)
  .use(rehypeAfterSanitize)
  .use(rehypeStringify)
  .freeze();

/**
 * Renders publisher-written Markdown (About, Usage) to sanitized HTML, safe to
 * inject into a page. Throws MarkdownTooLargeError above `maxLength` characters.
 */
export function renderMarkdown(
  markdown: string,
  options: { maxLength?: number } = {},
): string {
  // About and Usage share one limit.
  const maxLength = options.maxLength ?? LIMITS.about;
  if (markdown.length > maxLength) throw new MarkdownTooLargeError(markdown.length, maxLength);
  return String(processor.processSync(boundMarkdown(markdown)));
}
