import { describe, expect, it } from "vitest";
import { boundMarkdown } from "@/lib/markdown/parse-bounds";
import { MarkdownTooLargeError, renderMarkdown } from "@/lib/markdown/render";

const REL = 'rel="nofollow noopener noreferrer ugc"';
const LIMIT = 25_600;

interface Tag {
  name: string;
  attributes: Map<string, string>;
}

/** Every start tag in rehype-stringify's output, which always double-quotes values. */
function tagsIn(html: string): Tag[] {
  return [...html.matchAll(/<([a-z][a-z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/gi)].map((tag) => ({
    name: tag[1]!.toLowerCase(),
    attributes: new Map(
      [...tag[2]!.matchAll(/\s([^\s=>]+)(?:="([^"]*)")?/g)].map((attribute) => [
        attribute[1]!.toLowerCase(),
        decodeEntities(attribute[2] ?? ""),
      ]),
    ),
  }));
}

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", colon: ":", tab: "\t" };
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (entity, hex?: string, decimal?: string, name?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : (named[name!] ?? entity),
  );
}

/** The URL's scheme as a browser would see it: it drops tabs and newlines and leading controls. */
function schemeOf(url: string): string | undefined {
  const cleaned = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

const ALLOWED_TAGS = new Set([
  "a", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
  "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "section", "span",
  "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
const URL_ATTRIBUTES = new Set(["href", "src", "cite", "longdesc", "action", "formaction", "srcset", "poster", "background"]);

/** Asserts that `html` can run no script, load nothing dangerous and clobber no global. */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<\/?(?:script|iframe|svg|math|object|embed|form|style|base|meta|link|noscript|template)\b/i);
  for (const { name, attributes } of tagsIn(html)) {
    expect(ALLOWED_TAGS, name).toContain(name);
    if (name === "input") {
      expect([...attributes.keys()].filter((key) => key !== "checked").sort()).toEqual(["disabled", "type"]);
      expect(attributes.get("type")).toBe("checkbox");
    }
    for (const [attribute, value] of attributes) {
      expect(attribute).not.toMatch(/^on/);
      expect(attribute).not.toBe("style");
      expect(value).not.toMatch(/(?:javascript|vbscript|data)\s*:/i);
      if (URL_ATTRIBUTES.has(attribute)) expect(["http", "https", "mailto", undefined]).toContain(schemeOf(value));
      if (attribute === "id" || attribute === "name") expect(value).toMatch(/^user-content-/);
    }
  }
}

describe("the safety check", () => {
  it.each([
    "<script>",
    '<a onclick="x">',
    '<img src="javascript:x">',
    '<a href="java&#x09;script:x">',
    '<a href="&#x6A;avascript:x">',
    '<p style="color:red">',
    '<h1 id="cookie">',
    '<input type="text">',
    "<marquee>",
  ])("rejects %s", (html) => {
    expect(() => expectSafe(html)).toThrow();
  });
});

describe("renderMarkdown", () => {
  it("gives headings prefixed ids and anchor links to themselves, one level under the page's h1", () => {
    expect(renderMarkdown("# Getting started\n\n## Usage\n\n## Usage")).toBe(
      `<h2 id="user-content-getting-started">Getting started<a class="heading-anchor" aria-hidden="true" tabindex="-1" href="#user-content-getting-started" ${REL}>#</a></h2>\n` +
        `<h3 id="user-content-usage">Usage<a class="heading-anchor" aria-hidden="true" tabindex="-1" href="#user-content-usage" ${REL}>#</a></h3>\n` +
        `<h3 id="user-content-usage-1">Usage<a class="heading-anchor" aria-hidden="true" tabindex="-1" href="#user-content-usage-1" ${REL}>#</a></h3>`,
    );
  });

  it("never renders an h1 nor skips a heading level", () => {
    const levels = (markdown: string) => [...renderMarkdown(markdown).matchAll(/<h(\d)/g)].map((m) => Number(m[1]));
    expect(levels("# A\n\n### B\n\n###### C\n\n## D\n\n# E")).toEqual([2, 3, 4, 3, 2]);
    expect(levels("#### Deep first\n\n###### Deeper")).toEqual([2, 3]);
    expect(levels("<h1>raw</h1>\n\n# Title")).toEqual([2]);
  });

  it("makes code blocks and tables, which may scroll sideways, reachable by keyboard and named", () => {
    const html = renderMarkdown("```sh\nx\n```\n\n| a |\n| - |\n| 1 |");
    expect(html).toContain('<pre tabindex="0" role="group" aria-label="Code"><code');
    expect(html).toContain('<table tabindex="0" aria-label="Table">');
  });

  it("points in-page links and footnotes at the prefixed ids", () => {
    const html = renderMarkdown("See [usage](#usage).[^1]\n\n## Usage\n\n[^1]: A note.");
    expect(html).toContain(`<a href="#user-content-usage" ${REL}>usage</a>`);
    expect(html).toContain('<h2 id="user-content-usage">');
    expect(html).toContain('href="#user-content-fn-1" id="user-content-fnref-1"');
    expect(html).toContain('<li id="user-content-fn-1">');
    expect(html).toContain('href="#user-content-fnref-1"');
  });

  it("renders GFM tables with header and body cells", () => {
    expect(renderMarkdown("| Tag | Size |\n|:---|---:|\n| latest | 12 MB |")).toBe(
      [
        '<table tabindex="0" aria-label="Table">',
        "<thead>",
        "<tr>",
        '<th align="left">Tag</th>',
        '<th align="right">Size</th>',
        "</tr>",
        "</thead>",
        "<tbody>",
        "<tr>",
        '<td align="left">latest</td>',
        '<td align="right">12 MB</td>',
        "</tr>",
        "</tbody>",
        "</table>",
      ].join("\n"),
    );
  });

  it("keeps the language class on fenced code and escapes its content", () => {
    expect(renderMarkdown("```sh\ndocker pull <image>\n```")).toBe(
      '<pre tabindex="0" role="group" aria-label="Code"><code class="language-sh">docker pull &#x3C;image>\n</code></pre>',
    );
  });

  it("renders strikethrough, task lists and autolinks", () => {
    expect(renderMarkdown("- [ ] todo\n- [x] done ~~old~~")).toBe(
      [
        '<ul class="contains-task-list">',
        '<li class="task-list-item"><input type="checkbox" disabled> todo</li>',
        '<li class="task-list-item"><input type="checkbox" checked disabled> done <del>old</del></li>',
        "</ul>",
      ].join("\n"),
    );
    expect(renderMarkdown("https://example.com and www.example.com")).toBe(
      `<p><a href="https://example.com" ${REL}>https://example.com</a> and <a href="http://www.example.com" ${REL}>www.example.com</a></p>`,
    );
  });

  it("keeps http(s), mailto and relative links, and http(s) images through the image proxy, with the rel", () => {
    expect(
      renderMarkdown('[site](https://example.com "Home") [mail](mailto:a@example.com) [docs](docs/run.md) ![logo](https://example.com/l.png)'),
    ).toBe(
      `<p><a href="https://example.com" title="Home" ${REL}>site</a> <a href="mailto:a@example.com" ${REL}>mail</a> ` +
        `<a href="docs/run.md" ${REL}>docs</a> <img src="/images?url=https%3A%2F%2Fexample.com%2Fl.png" alt="logo"></p>`,
    );
  });

  it("drops other link schemes and non-http(s) image sources", () => {
    expect(renderMarkdown("[chat](irc://irc.example.com) ![logo](logo.png)")).toBe(
      `<p><a ${REL}>chat</a> <img alt="logo"></p>`,
    );
  });

  const hostile: Array<[name: string, markdown: string]> = [
    ["script element", "<script>alert(1)</script>"],
    ["inline script", "x <script>alert(1)</script> y"],
    ["mixed-case script", "<ScRiPt>alert(1)</sCrIpT>"],
    ["img onerror", "<img src=x onerror=alert(1)>"],
    ["mixed-case img onerror", "<IMG SRC=x OnErRoR=alert(1)>"],
    ["javascript link", "[x](javascript:alert(1))"],
    ["upper-case javascript link", "[x](JAVASCRIPT:alert(1))"],
    ["tab in scheme", "[x](java&#x09;script:alert(1))"],
    ["entity in scheme", "[x](&#106;avascript:alert(1)) [y](javascript&colon;alert(1))"],
    ["bracketed destination", "[x](<javascript:alert(1)>)"],
    ["javascript autolink", "<javascript:alert(1)>"],
    ["vbscript link", "[x](vbscript:msgbox(1))"],
    ["data image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
    ["data link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["javascript image", "![x](javascript:alert(1))"],
    ["reference definition", "[x][evil] ![y][evil]\n\n[evil]: javascript:alert(1)"],
    ["iframe", '<iframe src="https://evil.example"></iframe>'],
    ["svg script", "<svg><script>alert(1)</script></svg>"],
    ["svg onload", "<svg onload=alert(1)>"],
    ["math", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
    ["raw data link", '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
    ["raw javascript link", '<a href="javascript:alert(1)">x</a>'],
    ["details ontoggle", "<details open ontoggle=alert(1)>"],
    ["form", '<form action="https://evil.example"><input name="q"><button>Go</button></form>'],
    ["input autofocus", "<input autofocus onfocus=alert(1)>"],
    ["style element", "<style>body { display: none }</style>"],
    ["style attribute", '<div style="position:fixed;inset:0">x</div>'],
    ["base", '<base href="https://evil.example/">'],
    ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ["object and embed", '<object data="x.swf"></object><embed src="x.swf">'],
    ["comment", "<!-- <script>alert(1)</script> -->"],
    ["noscript mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
    ["destination breakout", '[x](https://example.com/"><script>alert(1)</script>)'],
    ["title breakout", '[x](https://example.com "t\\" onmouseover=\\"alert(1)")'],
    ["image breakout", '![x](https://example.com/a.png" onerror="alert(1))'],
    ["heading cookie", "# cookie"],
    ["heading location", "# location"],
    ["heading __proto__", "# `__proto__`"],
    ["footnote clobbering", "x[^cookie]\n\n[^cookie]: y"],
  ];

  it.each(hostile)("neutralizes %s while keeping the text around it", (_name, markdown) => {
    const html = renderMarkdown(`Before\n\n${markdown}\n\nAfter`);
    expectSafe(html);
    expect(html).toMatch(/^<p>Before<\/p>\n/);
    expect(html).toContain("<p>After</p>");
  });

  it("never produces a clobbering id", () => {
    for (const name of ["cookie", "location", "__proto__"]) {
      const html = renderMarkdown(`# \`${name}\``);
      expect(html).not.toContain(`id="${name}"`);
      expect(html).toContain(`id="user-content-${name}"`);
    }
  });

  it("shows hostile markup in code as text", () => {
    expect(renderMarkdown("```html\n<script>alert(1)</script>\n```")).toBe(
      '<pre tabindex="0" role="group" aria-label="Code"><code class="language-html">&#x3C;script>alert(1)&#x3C;/script>\n</code></pre>',
    );
  });

  it("throws MarkdownTooLargeError past the limit", () => {
    expect(() => renderMarkdown("a".repeat(LIMIT))).not.toThrow();
    expect(() => renderMarkdown("a".repeat(LIMIT + 1))).toThrow(MarkdownTooLargeError);
    expect(() => renderMarkdown("a".repeat(LIMIT + 1))).toThrow(/25601 characters long; the limit is 25600/);
    expect(() => renderMarkdown("abc", { maxLength: 2 })).toThrow(MarkdownTooLargeError);
  });
});

describe("renderMarkdown on adversarial input", () => {
  const fill = (unit: string) => unit.repeat(Math.ceil(LIMIT / unit.length)).slice(0, LIMIT);
  const nestedList = (() => {
    let list = "";
    for (let depth = 0; list.length < LIMIT - 200; depth++) list += `${"  ".repeat(depth)}- item\n`;
    return list;
  })();
  const longUrl = `https://example.com/${"a".repeat(12_000)}`;

  // Each took from several seconds to minutes, or ran out of memory, unbounded.
  const cases: Array<[name: string, markdown: string]> = [
    ["nested >", fill(">")],
    ["nested > with text", ">".repeat(10_000) + " deep"],
    ["nested list markers", fill("1. - ")],
    ["nested list by indentation", nestedList],
    ["unclosed [", fill("[")],
    ["nested links", `${"[".repeat(5000)}a${"](b)".repeat(5000)}`],
    ["nested images", `${"![".repeat(4000)}a${"](b)".repeat(4000)}`],
    ["emphasis runs", fill("_*")],
    ["nested emphasis", `${"*a ".repeat(4266)}${"b* ".repeat(4266)}`],
    ["nested strikethrough", `${"~a ".repeat(4266)}${"b~ ".repeat(4266)}`],
    ["setext headings", fill("a\n=\n")],
    ["blockquotes", fill("> a\n\n")],
    ["blockquoted fences", fill("> ```\na\n")],
    ["lazy lines", fill("> a\nb\n")],
    ["bare carriage returns", fill("> a\r\r")],
    ["table padding", `|${"a|".repeat(2000)}\n|${"-|".repeat(2000)}\n${fill("a\n")}`.slice(0, LIMIT)],
    ["reference expansion", `[a]: ${longUrl}\n\n${fill("[a]")}`.slice(0, LIMIT)],
  ];

  it.each(cases)("renders %s in bounded time and size", (_name, markdown) => {
    const start = performance.now();
    const html = renderMarkdown(markdown);
    // Generous, so a loaded machine cannot flake it; unbounded, these take far longer.
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(html.length).toBeLessThan(2_000_000);
    expectSafe(html);
  });

  it("keeps the text of what it stops nesting", () => {
    expect(renderMarkdown(">".repeat(10_000) + " deep")).toContain("deep");
    const list = renderMarkdown(nestedList);
    expect(list).toContain("<ul>\n<li>item");
  });

  it("leaves ordinary documents untouched", () => {
    const readme = [
      "Nginx",
      "=====",
      "",
      "[![Build](https://img.example.com/b.svg)](https://ci.example.com) **Fast** _web_ server.",
      "",
      "## Contents",
      "",
      ...Array.from({ length: 60 }, (_, i) => `${i + 1}. [Section ${i}](#section-${i}) with *notes*`),
      "",
      "> **Note**",
      "> Use `latest` only for tests.",
      "",
      "- Item",
      "  continued",
      "    - nested [link][ref]",
      "",
      "| Tag | Size |",
      "|-----|-----:|",
      ...Array.from({ length: 100 }, (_, i) => `| 1.${i} | ${i} MB |`),
      "",
      "```yaml",
      ...Array.from({ length: 300 }, (_, i) => `key_${i}: [value_${i}, "*"]`),
      "```",
      "",
      "[ref]: https://example.com",
    ].join("\n");
    expect(boundMarkdown(readme)).toBe(readme);
  });
});
