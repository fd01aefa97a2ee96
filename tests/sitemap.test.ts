/**
 * The sitemap past the protocol's 50,000 URLs per file: an index of files,
 * at well over 100,000 public repositories and 50,000 public namespaces in a
 * catalog built by SQL inserts (tests/support/catalog-scale.ts), every file
 * valid against the protocol's XML schemas, within its limits, listing every
 * public page once and nothing private.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import { createCatalog, type Catalog } from "@/lib/catalog/database.server";
import { sitemapFile, sitemapIndex } from "@/lib/feeds/sitemap.server";
import { xmllint } from "./support/atom";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { fillCatalog } from "./support/catalog-scale";

const SITE = new URL("https://gallery.example.com");
const schema = (name: string) => path.join(import.meta.dirname, "support", "sitemaps", name);
/** Extra namespaces, each with one public and one private repository, so the namespaces need two files. */
const EXTRA_NAMESPACES = 60_000;

let catalog: TestCatalog;
let db: Catalog;
let publicPaths: Set<string>;
let publicNamespaces: Set<string>;
let hiddenPaths: string[];

function expectValid(xml: string, xsd: string) {
  const run = xmllint(["--noout", "--schema", schema(xsd), "-"], xml);
  expect(run.status, run.stderr.slice(0, 2000)).toBe(0);
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]!);

beforeAll(async () => {
  catalog = createTestCatalog();
  await catalog.db.$disconnect();
  const scale = fillCatalog(catalog.file, { repositories: 135_000, largeRepositoryTags: 10, maxTags: 1, details: false });
  const sqlite = new Database(catalog.file);
  sqlite.transaction(() => {
    const namespace = sqlite.prepare("INSERT INTO Namespace (name) VALUES (?)");
    const repository = sqlite.prepare(
      "INSERT INTO Repository (path, namespaceName, name, visibility, inRegistry, revision) VALUES (?, ?, ?, ?, 1, 0)",
    );
    for (let n = 0; n < EXTRA_NAMESPACES; n++) {
      const name = `extra${n}`;
      namespace.run(name);
      repository.run(`${name}/app`, name, "app", "PUBLIC");
      repository.run(`${name}/secret-plans`, name, "secret-plans", "PRIVATE");
    }
  })();
  const paths = (sql: string) => sqlite.prepare(sql).pluck().all() as string[];
  publicPaths = new Set(paths("SELECT namespaceName || '/' || name FROM Repository WHERE visibility = 'PUBLIC' AND inRegistry = 1"));
  publicNamespaces = new Set(paths("SELECT DISTINCT namespaceName FROM Repository WHERE visibility = 'PUBLIC' AND inRegistry = 1"));
  hiddenPaths = paths("SELECT namespaceName || '/' || name FROM Repository WHERE visibility <> 'PUBLIC' OR inRegistry = 0");
  sqlite.close();
  expect(scale.publicRepositories).toBeGreaterThan(100_000);
  expect(publicPaths.size).toBe(scale.publicRepositories + EXTRA_NAMESPACES);
  db = createCatalog(catalog.file);
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await catalog?.dispose();
});

it("is an index of files of at most 50,000 URLs that list every public page once and nothing private", async () => {
  const index = await sitemapIndex(db, SITE);
  expectValid(index, "siteindex.xsd");
  const files = locs(index).map((loc) => {
    const url = new URL(loc);
    expect(url.origin).toBe(SITE.origin);
    // At the site's root, as the protocol wants of a file listing root URLs.
    return /^\/sitemap-(.+)\.xml$/.exec(url.pathname)![1]!;
  });
  expect(files[0]).toBe("pages");
  expect(files.filter((file) => file.startsWith("namespaces-"))).toHaveLength(2);
  expect(files.filter((file) => file.startsWith("repositories-")).length).toBeGreaterThanOrEqual(4);

  const listed: string[] = [];
  for (const file of files) {
    const xml = (await sitemapFile(db, SITE, file))!;
    expect(xml, file).not.toBeNull();
    expectValid(xml, "sitemap.xsd");
    const urls = locs(xml);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.length).toBeLessThanOrEqual(50_000);
    expect(Buffer.byteLength(xml)).toBeLessThan(50 * 1024 * 1024);
    listed.push(...urls.map((loc) => decodeURIComponent(new URL(loc).pathname)));
  }
  expect(new Set(listed).size).toBe(listed.length);
  const expected = [
    "/",
    "/categories",
    ...CATEGORIES.map((category) => `/categories/${category}`),
    ...[...publicNamespaces].map((name) => `/${name}`),
    ...[...publicPaths].map((fullName) => `/${fullName}`),
  ];
  expect(listed.sort()).toEqual(expected.sort());
  const hidden = new Set(hiddenPaths.map((fullName) => `/${fullName}`));
  expect(hiddenPaths.length).toBeGreaterThan(EXTRA_NAMESPACES);
  expect(listed.filter((entry) => hidden.has(entry))).toEqual([]);
}, 600_000);

it("answers null, for a 404, for names that are no file and for files with nothing public", async () => {
  for (const file of ["", "repositories-", "repositories-01", "repositories-x", "namespaces-", "namespaces-../x", "index"]) {
    expect(await sitemapFile(db, SITE, file), file).toBeNull();
  }
  expect(await sitemapFile(db, SITE, "repositories-999999")).toBeNull();
  expect(await sitemapFile(db, SITE, "namespaces-zzzzzz")).toBeNull();
});
