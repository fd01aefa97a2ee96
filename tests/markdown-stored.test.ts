/**
 * The rendering of About and Usage that the catalog stores when they are
 * saved: equal to a fresh render by the sanitizing renderer, written by every
 * write path, re-rendered when an older renderer made it, and what pages and
 * search documents read. Real, migrated catalog files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, setMembership } from "@/lib/auth/users.server";
import type { Catalog } from "@/lib/catalog/database.server";
import { getPublicRepository } from "@/lib/catalog/gallery";
import { renderStaleRepositories, savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { getRepositoryForSearch } from "@/lib/catalog/repositories";
import { markdownToPlainText } from "@/lib/markdown/plain-text";
import { renderMarkdown } from "@/lib/markdown/render";
import { RENDERER_VERSION } from "@/lib/markdown/stored";
import { updateCatalogData } from "@/lib/publisher/repository-editing.server";
import { EmbeddedSearchEngine } from "@/lib/search";
import { toSearchDocument } from "@/indexer/documents";
import { seedCatalog } from "@/scripts/seed/catalog";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { authenticationOf } from "./support/principals";

const ABOUT = "# Acme app\n\nRuns **fast**. See [usage](#usage) and [the site](https://example.com).\n\n| Tag | Size |\n|---|---|\n| latest | 1 MB |\n";
const USAGE = "## Usage\n\n```sh\ndocker run acme/app\n```\n";
const HOSTILE =
  '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n# cookie\n\n![a](data:text/html,<script>alert(1)</script>)';

let catalog: TestCatalog;

/** Asserts that every row of the catalog stores what the renderer makes of its Markdown now. */
async function expectEveryRowRendered(db: Catalog): Promise<number> {
  const rows = await db.repository.findMany({
    select: { path: true, about: true, usage: true, aboutHtml: true, aboutText: true, usageHtml: true, renderVersion: true },
  });
  for (const row of rows) {
    expect(row.renderVersion, row.path).toBe(RENDERER_VERSION);
    expect(row.aboutHtml, row.path).toBe(renderMarkdown(row.about));
    expect(row.aboutText, row.path).toBe(markdownToPlainText(row.about));
    expect(row.usageHtml, row.path).toBe(renderMarkdown(row.usage));
  }
  return rows.length;
}

/** Makes the repository public and in the registry, as discovery and its publisher would. */
async function publish(path: string): Promise<void> {
  await catalog.db.repository.update({ where: { path }, data: { visibility: "PUBLIC", inRegistry: true } });
}

/** What an older renderer (or none, before these columns) left. */
async function makeStale(path: string): Promise<void> {
  await catalog.db.repository.update({
    where: { path },
    data: { aboutHtml: "<p>old</p>", aboutText: "old", usageHtml: "<p>old</p>", renderVersion: RENDERER_VERSION - 1 },
  });
}

beforeAll(() => {
  catalog = createTestCatalog();
});

afterAll(async () => {
  await catalog.dispose();
});

describe("stored rendering on save", () => {
  it("stores the HTML of About and Usage and the About's text, equal to a fresh render", async () => {
    await saveRepository(catalog.db, "acme/app", { about: ABOUT, usage: USAGE });
    const row = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } });
    expect(row.aboutHtml).toBe(renderMarkdown(ABOUT));
    expect(row.aboutHtml).toContain('<h2 id="user-content-acme-app">');
    expect(row.aboutText).toBe(markdownToPlainText(ABOUT));
    expect(row.usageHtml).toBe(renderMarkdown(USAGE));
    expect(row.renderVersion).toBe(RENDERER_VERSION);
  });

  it("re-renders only what an edit changes, and a repository created without Markdown stores the empty rendering", async () => {
    await saveRepository(catalog.db, "acme/app", { usage: "Just `run` it." });
    await saveRepository(catalog.db, "acme/bare", { shortDescription: "No Markdown" });
    await expectEveryRowRendered(catalog.db);
    expect((await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } })).aboutHtml).toBe(renderMarkdown(ABOUT));
  });

  it("stores a hostile About only as the sanitizer renders it", async () => {
    await saveRepository(catalog.db, "acme/hostile", { about: HOSTILE });
    const row = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/hostile" } });
    expect(row.aboutHtml).toBe(renderMarkdown(HOSTILE));
    expect(row.aboutHtml).not.toMatch(/<script|onerror|javascript:|data:|\ssrc=/i);
    expect(row.aboutHtml).toContain('id="user-content-cookie"');
    expect(row.aboutText).not.toContain("<script>");
  });

  it("stores nothing of a save that fails validation", async () => {
    await expect(saveRepository(catalog.db, "acme/app", { about: "new", categories: ["no-such-category"] })).rejects.toThrow();
    expect((await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } })).aboutHtml).toBe(renderMarkdown(ABOUT));
  });
});

describe("every write path stores the rendering", () => {
  it("the publisher service behind the console, the API and the CLI", async () => {
    const publisherId = await savePublisher(catalog.db, { displayName: "Acme", verified: false, official: false, namespaces: ["acme"] });
    const user = await createUser(catalog.db, { email: "owner@acme.test", password: "a-password-for-tests" });
    await setMembership(catalog.db, user.id, publisherId, "OWNER");
    const searchDir = mkdtempSync(path.join(tmpdir(), "galleon-markdown-search-"));
    const search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
    try {
      await search.setup();
      const ctx = { db: catalog.db, auth: await authenticationOf(catalog.db, "owner@acme.test"), search };
      await updateCatalogData(ctx, "acme/app", { about: `${ABOUT}\nEdited in the console.`, usage: HOSTILE });
    } finally {
      await search.close();
      rmSync(searchDir, { recursive: true, force: true });
    }
    const row = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } });
    expect(row.aboutText).toContain("Edited in the console.");
    expect(row.usageHtml).not.toMatch(/<script|onerror|javascript:/i);
    await expectEveryRowRendered(catalog.db);
  });

  it("seeding", async () => {
    const seeded = createTestCatalog();
    try {
      await seedCatalog(seeded.db);
      expect(await expectEveryRowRendered(seeded.db)).toBeGreaterThan(3);
      expect(await seeded.db.repository.count({ where: { aboutHtml: { contains: "<h2" } } })).toBeGreaterThan(3);
    } finally {
      await seeded.dispose();
    }
  });
});

describe("reads", () => {
  it("pages and search documents read the stored rendering", async () => {
    await publish("acme/app");
    const page = await getPublicRepository(catalog.db, "acme", "app");
    const row = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } });
    expect(page?.aboutHtml).toBe(row.aboutHtml);
    expect(page?.usageHtml).toBe(row.usageHtml);
    expect(toSearchDocument((await getRepositoryForSearch(catalog.db, "acme/app"))!).about).toBe(row.aboutText);
  });

  it("never serves what an older renderer stored: pages render afresh, documents parse afresh", async () => {
    await saveRepository(catalog.db, "acme/legacy", { about: ABOUT, usage: USAGE });
    await publish("acme/legacy");
    await makeStale("acme/legacy");
    const page = await getPublicRepository(catalog.db, "acme", "legacy");
    expect(page?.aboutHtml).toBeNull();
    expect(page?.usageHtml).toBeNull();
    expect(toSearchDocument((await getRepositoryForSearch(catalog.db, "acme/legacy"))!).about).toBe(markdownToPlainText(ABOUT));
  });
});

describe("rows an older renderer stored", () => {
  it("are rendered again by renderStaleRepositories (npm run reindex), and only they", async () => {
    await makeStale("acme/legacy");
    await makeStale("acme/hostile");
    const current = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } });
    expect(await renderStaleRepositories(catalog.db, 1)).toBe(2);
    await expectEveryRowRendered(catalog.db);
    expect((await getPublicRepository(catalog.db, "acme", "legacy"))?.aboutHtml).toBe(renderMarkdown(ABOUT));
    expect((await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/app" } })).revision).toBe(current.revision);
    expect(await renderStaleRepositories(catalog.db)).toBe(0);
  });

  it("are rendered whole by a save that changes one field", async () => {
    await makeStale("acme/legacy");
    await saveRepository(catalog.db, "acme/legacy", { usage: "New usage." });
    await expectEveryRowRendered(catalog.db);
    await makeStale("acme/legacy");
    await saveRepository(catalog.db, "acme/legacy", { shortDescription: "Only the description" });
    await expectEveryRowRendered(catalog.db);
  });
});
