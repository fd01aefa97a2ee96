/**
 * Atom feeds of new tags: the pure writer with hostile text, and the feeds
 * read from a real, migrated catalog file. Every document goes through a real
 * validator (xmllint with RFC 4287's RELAX NG grammar).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEED_SIZE } from "@/lib/catalog/new-tags";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { type AtomFeed, renderAtomFeed, xmlText } from "@/lib/feeds/atom";
import { renderTagFeed } from "@/lib/feeds/tag-feeds";
import type { ResolvedTag } from "@/lib/registry/types";
import { atomErrors } from "./support/atom";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { testDigest, testPlatform, testTag } from "./support/resolved-tags";

const HOSTILE = `<script>alert("x")</script> & ]]> 'quoted' &amp; <![CDATA[x]]> <!-- c -->`;
const CONTROLS = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Bg\uFFFEh\uFFFFi\uD800j\uDFFFk";

const feed = (change: Partial<AtomFeed> = {}): AtomFeed => ({
  id: "http://gallery.test/feeds/acme.atom",
  title: "Acme: new tags",
  subtitle: "",
  updated: new Date("2026-11-27T10:00:00Z"),
  author: { name: "Acme", uri: "http://gallery.test/acme" },
  self: "http://gallery.test/feeds/acme.atom",
  alternate: "http://gallery.test/acme",
  entries: [
    {
      id: "tag:gallery.test,2026-11-27:/acme/app/tags/v1",
      title: "acme/app:v1",
      published: new Date("2026-11-27T09:00:00Z"),
      updated: new Date("2026-11-27T10:00:00Z"),
      link: "http://gallery.test/acme/app/tags/v1",
      summary: "Digest sha256:00. Platforms: linux/amd64.",
    },
  ],
  ...change,
});

describe("the Atom writer", () => {
  it("writes feeds the validator accepts, and the validator refuses broken ones", () => {
    expect(atomErrors(renderAtomFeed(feed()))).toEqual([]);
    expect(atomErrors(renderAtomFeed(feed({ entries: [] })))).toEqual([]);
    // The check can fail: a feed without its id, or with a date that is no date, is not Atom.
    expect(atomErrors(renderAtomFeed(feed()).replace(/<id>[^<]*<\/id>/, ""))).not.toEqual([]);
    expect(atomErrors(renderAtomFeed(feed()).replace("2026-11-27T10:00:00.000Z", "yesterday"))).not.toEqual([]);
  });

  it("escapes markup in every field a publisher controls", () => {
    const xml = renderAtomFeed(
      feed({
        title: HOSTILE,
        subtitle: HOSTILE,
        author: { name: HOSTILE, uri: `http://gallery.test/"><x>` },
        entries: [{ ...feed().entries[0]!, title: HOSTILE, summary: HOSTILE, link: `http://gallery.test/a?b=1&c="2"` }],
      }),
    );
    expect(atomErrors(xml)).toEqual([]);
    expect(xml).not.toContain("<script>");
    expect(xml).not.toContain("]]>");
    expect(xml).not.toContain("<x>");
    expect(xml).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &apos;quoted&apos; &amp;amp;");
    expect(xml).toContain('href="http://gallery.test/a?b=1&amp;c=&quot;2&quot;"');
  });

  it("drops the characters XML 1.0 forbids and keeps every other one", () => {
    expect(xmlText(CONTROLS)).toBe("abcdefghijk");
    expect(xmlText("tab\tnew\nline\r 🐳 é \uFFFD")).toBe("tab\tnew\nline\r 🐳 é \uFFFD");
    const xml = renderAtomFeed(feed({ title: CONTROLS, entries: [{ ...feed().entries[0]!, summary: `🐳 ${CONTROLS}` }] }));
    expect(atomErrors(xml)).toEqual([]);
    expect(xml).toContain("<title>abcdefghijk</title>");
    expect(xml).toContain("<summary>🐳 abcdefghijk</summary>");
  });
});

describe("feeds of new tags", () => {
  let catalog: TestCatalog;
  const site = new URL("http://gallery.test");
  const tag = (name: string, digest = `sha256:${name.length.toString(16).padStart(64, "0")}`): ResolvedTag => ({
    ...testTag(name, digest, ["amd64", "arm64"].map((architecture) => testPlatform(architecture, testDigest(Buffer.from(architecture).toString("hex"))))),
    totalSize: 200,
  });
  async function repository(path: string, visibility: "PUBLIC" | "PRIVATE", tags: Array<[ResolvedTag, Date]>) {
    await recordDiscovered(catalog.db, path);
    await saveRepository(catalog.db, path, { visibility, shortDescription: HOSTILE });
    for (const [resolved, at] of tags) {
      await applyTagSync(catalog.db, path, { present: [...(await names(path)), resolved.tag], changed: [resolved], errors: [] }, at);
    }
  }
  const names = async (path: string) =>
    (await catalog.db.tag.findMany({ where: { repository: { path } }, select: { name: true } })).map((t) => t.name);

  beforeAll(async () => {
    catalog = createTestCatalog();
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute));
    await repository("feedco/app", "PUBLIC", [
      [tag("v1"), at(1)],
      [tag(`v2<&"'>`), at(2)],
      [tag("latest"), at(3)],
    ]);
    await repository("feedco/tools/cli", "PUBLIC", [[tag("1.0"), at(4)]]);
    await repository("feedco/secret", "PRIVATE", [[tag("hush"), at(5)]]);
    await repository("hidden/only", "PRIVATE", [[tag("x"), at(6)]]);
    await repository("busy/many", "PUBLIC", Array.from({ length: FEED_SIZE + 5 }, (_, i) => [tag(`t${i}`), at(i)] as [ResolvedTag, Date]));
  });
  afterAll(() => catalog.dispose());

  const render = (path: string) => renderTagFeed(catalog.db, path.split("/"), site);

  it("of a repository list its tags newest first, with links to their pages, and validate", async () => {
    const xml = (await render("feedco/app.atom"))!;
    expect(atomErrors(xml)).toEqual([]);
    const titles = [...xml.matchAll(/<entry>\n<id>[^<]*<\/id>\n<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual(["feedco/app:latest", "feedco/app:v2&lt;&amp;&quot;&apos;&gt;", "feedco/app:v1"]);
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="http://gallery.test/feeds/feedco/app.atom"/>');
    expect(xml).toContain('<link rel="alternate" type="text/html" href="http://gallery.test/feedco/app"/>');
    expect(xml).toContain('href="http://gallery.test/feedco/app/tags/v2%3C%26%22&apos;%3E"');
    expect(xml).toContain("<id>tag:gallery.test,2026-11-27:/feedco/app/tags/v1</id>");
    expect(xml).toContain("<summary>Digest sha256:0000000000000000000000000000000000000000000000000000000000000002. Platforms: linux/amd64, linux/arm64.</summary>");
    expect(xml).toContain("<updated>2026-11-27T10:03:00.000Z</updated>");
    expect(xml).not.toContain("<script>");
    // Repository names may contain "/".
    expect(atomErrors((await render("feedco/tools/cli.atom"))!)).toEqual([]);
  });

  it("of a namespace list its public repositories' tags only", async () => {
    const xml = (await render("feedco.atom"))!;
    expect(atomErrors(xml)).toEqual([]);
    expect(xml).toContain("feedco/tools/cli:1.0");
    expect(xml).toContain("feedco/app:v1");
    expect(xml).not.toContain("secret");
    expect(xml).not.toContain("hush");
  });

  it("hold the newest tags only", async () => {
    const xml = (await render("busy/many.atom"))!;
    expect(atomErrors(xml)).toEqual([]);
    expect(xml.match(/<entry>/g)).toHaveLength(FEED_SIZE);
    expect(xml).toContain(`busy/many:t${FEED_SIZE + 4}<`);
    expect(xml).not.toContain("busy/many:t4<");
  });

  it("do not exist for private, unknown or malformed names", async () => {
    for (const path of ["feedco/secret.atom", "hidden.atom", "hidden/only.atom", "nobody.atom", "feedco/nothing.atom", "feedco/app", "feedco/app.rss", ".atom", "feedco/.atom"]) {
      expect(await render(path), path).toBeNull();
    }
  });
});
