/**
 * The page generations the response cache validates stored pages against
 * (migration 20261207120000_page_generations): every write a public page
 * shows bumps its scopes in the same transaction, whatever path writes it;
 * writes no page shows bump nothing; the read is one primary-key lookup.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpRepositoryPages, LISTINGS_SCOPE, PUBLISHERS_SCOPE, readPageGenerations } from "@/lib/catalog/page-generations";
import { saveRepository } from "@/lib/catalog/publishing";
import { markSynced, recordSyncError } from "@/lib/catalog/sync";
import { Admissions } from "@/lib/response-cache/admissions";
import { pageDependencies } from "@/lib/response-cache/page-dependencies";
import { PageStore } from "@/lib/response-cache/store";
import { createTestCatalog, onPostgres, type TestCatalog } from "./support/catalog";

let catalog: TestCatalog;
const REPOSITORY = "gen/app";
const OTHER = "gen/other";
const SCOPES = [REPOSITORY, OTHER, LISTINGS_SCOPE, PUBLISHERS_SCOPE];

beforeAll(async () => {
  catalog = createTestCatalog();
  await saveRepository(catalog.db, REPOSITORY, { visibility: "PUBLIC", shortDescription: "One" });
  await saveRepository(catalog.db, OTHER, { visibility: "PUBLIC", shortDescription: "Two" });
});

afterAll(async () => {
  await catalog?.dispose();
});

/** Which of SCOPES `write` bumped. */
async function bumpedBy(write: () => Promise<unknown>): Promise<string[]> {
  const before = await readPageGenerations(catalog.db, SCOPES);
  await write();
  const after = await readPageGenerations(catalog.db, SCOPES);
  return SCOPES.filter((_, i) => after[i]! > before[i]!);
}

const repositoryId = async (path: string) => (await catalog.db.repository.findUniqueOrThrow({ where: { path } })).id;

describe("page generations", () => {
  it("a scope never bumped reads as 0, in the order asked", async () => {
    expect(await readPageGenerations(catalog.db, ["never/bumped", LISTINGS_SCOPE])).toEqual([0, expect.any(Number)]);
    expect(await readPageGenerations(catalog.db, [])).toEqual([]);
  });

  it("a repository's visibility and shown columns bump it and the listings, not another repository", async () => {
    expect(await bumpedBy(() => saveRepository(catalog.db, REPOSITORY, { visibility: "PRIVATE" }))).toEqual([REPOSITORY, LISTINGS_SCOPE]);
    expect(await bumpedBy(() => saveRepository(catalog.db, REPOSITORY, { visibility: "PUBLIC", about: "# New" }))).toEqual([REPOSITORY, LISTINGS_SCOPE]);
    const { inRegistry } = await catalog.db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } });
    expect(await bumpedBy(() => catalog.db.repository.update({ where: { path: REPOSITORY }, data: { inRegistry: !inRegistry } }))).toEqual([
      REPOSITORY,
      LISTINGS_SCOPE,
    ]);
    expect(await bumpedBy(() => saveRepository(catalog.db, REPOSITORY, { categories: ["databases"] }))).toEqual([REPOSITORY, LISTINGS_SCOPE]);
  });

  it("writes no page shows (sync bookkeeping) bump nothing", async () => {
    expect(await bumpedBy(() => markSynced(catalog.db, REPOSITORY, new Date()))).toEqual([]);
    expect(await bumpedBy(() => recordSyncError(catalog.db, REPOSITORY, "unreachable"))).toEqual([]);
  });

  it("pull counts bump nothing: the indexer bumps the counted repositories when it publishes them", async () => {
    const id = await repositoryId(REPOSITORY);
    expect(await bumpedBy(() => catalog.db.repository.update({ where: { path: REPOSITORY }, data: { pulls: { increment: 5 } } }))).toEqual([]);
    expect(await bumpedBy(() => catalog.db.dailyPulls.create({ data: { repositoryId: id, day: "2026-12-01", count: 3 } }))).toEqual([]);
    expect(await bumpedBy(() => catalog.db.dailyPulls.update({ where: { repositoryId_day: { repositoryId: id, day: "2026-12-01" } }, data: { count: 4 } }))).toEqual([]);
    expect(await bumpedBy(() => bumpRepositoryPages(catalog.db, [REPOSITORY]))).toEqual([REPOSITORY]);
  });

  it("tags, platforms and attachments bump their repository only", async () => {
    const id = await repositoryId(REPOSITORY);
    const tag = { repositoryId: id, name: "1.0", digest: "sha256:aa", mediaType: "application/vnd.oci.image.index.v1+json", kind: "index" };
    let tagId = 0;
    expect(await bumpedBy(async () => (tagId = (await catalog.db.tag.create({ data: tag })).id))).toEqual([REPOSITORY]);
    const platform = { tagId, os: "linux", architecture: "amd64", digest: "sha256:bb", mediaType: "application/vnd.oci.image.manifest.v1+json" };
    expect(await bumpedBy(() => catalog.db.platform.create({ data: platform }))).toEqual([REPOSITORY]);
    expect(await bumpedBy(() => catalog.db.platform.deleteMany({ where: { tagId } }))).toEqual([REPOSITORY]);
    expect(await bumpedBy(() => catalog.db.tag.update({ where: { id: tagId }, data: { digest: "sha256:cc" } }))).toEqual([REPOSITORY]);
    expect(await bumpedBy(() => catalog.db.tag.delete({ where: { id: tagId } }))).toEqual([REPOSITORY]);
  });

  it("publishers' names and badges and namespaces' publishers bump the publishers and the listings", async () => {
    const publisher = await catalog.db.publisher.create({ data: { displayName: "Gen" } });
    expect(await bumpedBy(() => catalog.db.namespace.update({ where: { name: "gen" }, data: { publisherId: publisher.id } }))).toEqual([
      LISTINGS_SCOPE,
      PUBLISHERS_SCOPE,
    ]);
    expect(await bumpedBy(() => catalog.db.publisher.update({ where: { id: publisher.id }, data: { verified: true } }))).toEqual([
      LISTINGS_SCOPE,
      PUBLISHERS_SCOPE,
    ]);
    // The namespace's public count, kept by triggers, changes with the repository's own bump only.
    expect(await bumpedBy(() => saveRepository(catalog.db, OTHER, { visibility: "PRIVATE" }))).toEqual([OTHER, LISTINGS_SCOPE]);
  });

  it("a deleted repository bumps its path, so a new one there never matches a stored page", async () => {
    expect(await bumpedBy(() => catalog.db.repository.delete({ where: { path: OTHER } }))).toEqual([OTHER, LISTINGS_SCOPE]);
  });

  // The shared scopes' per-connection rows (PostgreSQL's, tests/listings-contention.test.ts) are key ranges.
  it.skipIf(onPostgres)("is read by primary key", () => {
    const sqlite = new Database(catalog.file, { readonly: true });
    try {
      const plan = sqlite
        .prepare(
          `EXPLAIN QUERY PLAN SELECT "scope", "generation" FROM "PageGeneration" WHERE "scope" IN (?, ?, ?)
            OR ("scope" > ? AND "scope" < ?) OR ("scope" > ? AND "scope" < ?)`,
        )
        .all("a/b", LISTINGS_SCOPE, PUBLISHERS_SCOPE, "listings@", "listingsA", "publishers@", "publishersA") as Array<{ detail: string }>;
      const details = plan.map((row) => row.detail);
      expect(details.filter((detail) => !/^(MULTI-INDEX OR|INDEX \d)$/.test(detail))).toEqual([
        "SEARCH PageGeneration USING INDEX sqlite_autoindex_PageGeneration_1 (scope=?)",
        "SEARCH PageGeneration USING INDEX sqlite_autoindex_PageGeneration_1 (scope>? AND scope<?)",
        "SEARCH PageGeneration USING INDEX sqlite_autoindex_PageGeneration_1 (scope>? AND scope<?)",
      ]);
    } finally {
      sqlite.close();
    }
  });
});

describe("what a page is validated against", () => {
  it("a repository's page and tabs, and a tag's, depend on every repository path they may name and the publishers", () => {
    expect(pageDependencies("/acme/web")).toEqual({ scopes: ["acme/web", PUBLISHERS_SCOPE], search: false });
    expect(pageDependencies("/acme/tools/web/tags/1.0")).toEqual({
      scopes: ["acme/tools", "acme/tools/web", "acme/tools/web/tags", "acme/tools/web/tags/1.0", PUBLISHERS_SCOPE],
      search: false,
    });
  });

  it("listings depend on the listings, and on the search index where search builds them", () => {
    expect(pageDependencies("/")).toEqual({ scopes: [LISTINGS_SCOPE], search: true });
    expect(pageDependencies("/acme")).toEqual({ scopes: [LISTINGS_SCOPE, PUBLISHERS_SCOPE], search: true });
    expect(pageDependencies("/categories")).toEqual({ scopes: [LISTINGS_SCOPE], search: false });
    expect(pageDependencies("/search")).toEqual({ scopes: [], search: true });
  });

  it("the search API's answers depend on the search index, and on the listings, which a repository made private bumps at once", () => {
    expect(pageDependencies("/api/v1/search")).toEqual({ scopes: [LISTINGS_SCOPE], search: true });
  });

  it("keeps no private, API, console or file path", () => {
    for (const path of ["/console", "/admin", "/auth/sign-in", "/api/v1/suggest", "/api/v1/repositories/acme/web", "/robots.txt", "/icon.svg", "/_next/static/x.js", "/a//b"]) {
      expect(pageDependencies(path), path).toBeNull();
    }
  });
});

describe("the page store", () => {
  const page = (bytes: number) => ({ version: "v", status: 200, headers: [], parts: [Buffer.alloc(bytes)], bytes });

  it("drops the least recently used pages past its bounds of count and bytes", () => {
    const store = new PageStore(3, 250);
    store.set("/a", page(100));
    store.set("/b", page(100));
    store.get("/a");
    store.set("/c", page(100));
    expect([store.get("/a"), store.get("/b"), store.get("/c")].map(Boolean)).toEqual([true, false, true]);
    expect(store.size).toEqual({ entries: 2, bytes: 200 });
    store.set("/huge", page(251));
    expect(store.get("/huge")).toBeUndefined();
    const counted = new PageStore(2, 10_000);
    for (const key of ["/1", "/2", "/3"]) counted.set(key, page(1));
    expect(counted.size).toEqual({ entries: 2, bytes: 2 });
  });
});

describe("the admissions of missed pages", () => {
  it("admits a page missed before at the same version only, once", () => {
    const admissions = new Admissions(10, 10_000);
    expect(admissions.admit("/a/b", "v1")).toBe(false);
    expect(admissions.admit("/a/b", "v2")).toBe(false);
    expect(admissions.admit("/a/b", "v2")).toBe(true);
    // Admitted pages are stored, so forgotten here: a later miss (the page dropped from the store) starts again.
    expect(admissions.size).toEqual({ entries: 0, bytes: 0 });
    expect(admissions.admit("/a/b", "v2")).toBe(false);
  });

  it("forgets the least recently missed pages past its bounds of count and bytes", () => {
    const counted = new Admissions(2, 10_000);
    // "/1" missed again at a new version is the most recently missed, so "/2" is dropped for "/3".
    for (const [key, version] of [["/1", "v"], ["/2", "v"], ["/1", "w"], ["/3", "v"]]) expect(counted.admit(key!, version!)).toBe(false);
    expect(counted.size).toEqual({ entries: 2, bytes: 2 * Admissions.bytesOf("/1", "v") });
    expect(counted.admit("/3", "v")).toBe(true);
    expect(counted.admit("/1", "w")).toBe(true);
    expect(counted.admit("/2", "v")).toBe(false);

    const sized = new Admissions(100, 3 * Admissions.bytesOf("/k0", "v"));
    for (let i = 0; i < 10; i++) sized.admit(`/k${i}`, "v");
    expect(sized.size).toEqual({ entries: 3, bytes: 3 * Admissions.bytesOf("/k0", "v") });
    expect(sized.admit("/k9", "v")).toBe(true);
    expect(sized.admit("/k0", "v")).toBe(false);
    // A key longer than the whole bound is never remembered.
    expect(sized.admit(`/${"x".repeat(100)}`, "v")).toBe(false);
    expect(sized.admit(`/${"x".repeat(100)}`, "v")).toBe(false);
  });
});
