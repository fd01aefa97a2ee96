/**
 * The query plans of every catalog read a public page or the public API
 * makes, on a catalog of 100,000 repositories with planner statistics: each
 * statement is captured as the pages send it (Prisma's and raw SQL alike) and
 * run through EXPLAIN QUERY PLAN. A read whose cost grows with the catalog
 * (a SCAN of a table, or a search of every public repository) fails here
 * unless the page must list all of it (the sitemap's namespaces).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPublicRepositoriesByCategory } from "@/lib/catalog/categories";
import type { Catalog } from "@/lib/catalog/database.server";
import { listNewTags } from "@/lib/catalog/new-tags";
import {
  countPublic,
  findPublicRepositoryOrTag,
  getDefaultTag,
  getPublicNamespace,
  getPublicRepository,
  listTags,
  listTopPublicNamespaces,
  TAG_SORTS,
} from "@/lib/catalog/gallery";
import { PrismaClient } from "@/lib/catalog/generated/client";
import { findPublicDigests, findPublicTag } from "@/lib/catalog/lookup";
import { getDailyPulls } from "@/lib/catalog/pulls";
import { getRepositoryPlatforms } from "@/lib/catalog/repositories";
import { publicNamespaceFileStarts, publicNamespacesFrom, publicRepositoriesInRange, publicRepositoryRanges } from "@/lib/catalog/sitemap-reads";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { fillCatalog, type ScaleSummary } from "./support/catalog-scale";

let catalog: TestCatalog;
let scale: ScaleSummary;
let db: Catalog;
let statements: SqlQuery[] = [];
let sqlite: Database.Database;

/** A catalog client that records every statement it sends. */
function recordingCatalog(file: string): Catalog {
  const factory = new PrismaBetterSQLite3({ url: file });
  const recording: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      return Object.assign(Object.create(adapter), {
        queryRaw: (query: SqlQuery) => (statements.push(query), adapter.queryRaw(query)),
      });
    },
  };
  return new PrismaClient({ adapter: recording });
}

const split = (fullName: string) => {
  const [namespace, ...rest] = fullName.split("/");
  return { namespace: namespace!, name: rest.join("/") };
};

/** The plan of each statement `read` sends, one line per step ("SEARCH t USING INDEX ..."). */
async function plansOf(read: () => Promise<unknown>): Promise<Array<{ sql: string; plan: string[] }>> {
  statements = [];
  await read();
  expect(statements.length).toBeGreaterThan(0);
  return statements.map(({ sql, args }) => {
    const bound = args.map((arg) => (typeof arg === "boolean" ? Number(arg) : arg));
    const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...bound) as Array<{ detail: string }>;
    return { sql, plan: rows.map((row) => row.detail) };
  });
}

const TABLES = ["Namespace", "Repository", "RepositoryCategory", "Tag", "Platform", "PlatformDetails", "DailyPulls"];

/** Steps whose cost grows with the catalog rather than with what the page shows. */
function unboundedSteps(plan: string[], { wholeCatalog = false } = {}): string[] {
  return plan.filter((step) => {
    // "SCAN Tag", "SCAN t", "SCAN r USING COVERING INDEX ...": every row of a table (aliases are the tables' initials).
    if (/^SCAN (\w+)/.test(step) && !/^SCAN (CONSTANT ROW|json_each)/.test(step)) {
      const target = step.split(" ")[1]!;
      return TABLES.some((table) => table === target || table.toLowerCase().startsWith(target.toLowerCase())) && !wholeCatalog;
    }
    // Every public repository: only the sitemap may do that.
    return /Repository\w* \(visibility=\? AND inRegistry=\?\)$/.test(step) && !wholeCatalog;
  });
}

async function expectBounded(read: () => Promise<unknown>, options?: { wholeCatalog?: boolean }) {
  for (const { sql, plan } of await plansOf(read)) {
    expect(unboundedSteps(plan, options), `${sql}\n${plan.join("\n")}`).toEqual([]);
  }
}

beforeAll(async () => {
  catalog = createTestCatalog();
  await catalog.db.$disconnect();
  scale = fillCatalog(catalog.file, { repositories: 100_000, largeRepositoryTags: 200, maxTags: 1, details: false });
  sqlite = new Database(catalog.file, { readonly: true });
  db = recordingCatalog(catalog.file);
}, 120_000);

afterAll(async () => {
  sqlite?.close();
  await db?.$disconnect();
  await catalog?.dispose();
});

describe("the catalog at 100,000 repositories", () => {
  it("is shaped like a real one, with planner statistics", () => {
    expect(scale.publicRepositories).toBeGreaterThan(70_000);
    expect(scale.tags).toBeGreaterThan(100_000);
    expect(scale.platforms).toBeGreaterThan(scale.tags);
    const analyzed = sqlite.prepare("SELECT DISTINCT tbl FROM sqlite_stat1").pluck().all();
    expect(analyzed).toEqual(expect.arrayContaining(["Repository", "Tag", "Platform", "Namespace"]));
  });

  it("keeps the public counts the home page shows exact", async () => {
    const counted = sqlite
      .prepare("SELECT namespaceName AS name, COUNT(*) AS n FROM Repository WHERE visibility = 'PUBLIC' AND inRegistry = 1 GROUP BY namespaceName ORDER BY n DESC, name LIMIT 12")
      .all() as Array<{ name: string; n: number }>;
    expect((await listTopPublicNamespaces(db, 12)).map((ns) => [ns.name, ns.repositories])).toEqual(counted.map((row) => [row.name, row.n]));
    expect((await countPublic(db)).repositories).toBe(scale.publicRepositories);
  });
});

describe("public reads use their indexes", () => {
  it("on the home page: top publishers, counts and categories", async () => {
    await expectBounded(() => listTopPublicNamespaces(db, 12));
    await expectBounded(() => countPublic(db));
    await expectBounded(() => countPublicRepositoriesByCategory(db));
  });

  it("on a publisher's page and feed", async () => {
    await expectBounded(() => getPublicNamespace(db, scale.samples.namespace));
    await expectBounded(() => listNewTags(db, { namespaceName: scale.samples.namespace }));
  });

  it("on a repository's page, its tabs and its feed, large or small", async () => {
    for (const fullName of [scale.samples.large, scale.samples.small]) {
      const { namespace, name } = split(fullName);
      const repository = (await getPublicRepository(db, namespace, name))!;
      await expectBounded(() => findPublicRepositoryOrTag(db, namespace, name.split("/")));
      await expectBounded(() => getDefaultTag(db, repository));
      await expectBounded(() => getRepositoryPlatforms(db, repository.id));
      await expectBounded(() => getDailyPulls(db, repository.id));
      // A new updatedAt each time: the per-process memo of tag orders would otherwise answer without the catalog.
      for (const [i, sort] of TAG_SORTS.entries()) {
        await expectBounded(() => listTags(db, { ...repository, updatedAt: new Date(i) }, { filter: "", sort, page: 1, pageSize: 20 }));
      }
      await expectBounded(() => listNewTags(db, { repositoryId: repository.id }));
    }
  });

  it("on a tag's page", async () => {
    const { namespace, name } = split(scale.samples.large);
    await expectBounded(() => findPublicRepositoryOrTag(db, namespace, [...name.split("/"), "tags", scale.samples.tag]));
  });

  it("for a private repository, as for an unknown one", async () => {
    const { namespace, name } = split(scale.samples.hidden);
    await expectBounded(() => findPublicRepositoryOrTag(db, namespace, [...name.split("/"), "tags", "1.0.0"]));
    await expectBounded(() => getPublicNamespace(db, "ns9"));
  });

  it("in the search box's lookups: a tag reference and a digest prefix", async () => {
    await expectBounded(() => findPublicTag(db, split(scale.samples.large), scale.samples.tag));
    await expectBounded(() => findPublicDigests(db, scale.samples.digest.slice(0, 20)));
  });

  it("in the sitemap, whose index seeks once per file and whose files read bounded pages", async () => {
    await expectBounded(() => publicRepositoryRanges(db));
    await expectBounded(() => publicRepositoriesInRange(db, 1));
    // The namespace runs walk the primary key in name order, at most one file's worth per statement.
    await expectBounded(() => publicNamespaceFileStarts(db), { wholeCatalog: true });
    await expectBounded(() => publicNamespacesFrom(db, ""), { wholeCatalog: true });
    const ranges = await publicRepositoryRanges(db);
    let names: string[] = [];
    for (const range of ranges) names = names.concat((await publicRepositoriesInRange(db, range)).map((r) => r.fullName));
    expect(new Set(names).size).toBe(scale.publicRepositories);
    expect(names).toHaveLength(scale.publicRepositories);
  });
});

describe("the guard", () => {
  it("catches the count of every public repository the home page once made", async () => {
    // Half of listPublicNamespaces before issue 10: public repositories counted per namespace, through Prisma.
    const plans = await plansOf(() =>
      db.repository.groupBy({ by: ["namespaceName"], where: { visibility: "PUBLIC", inRegistry: true }, _count: true }),
    );
    expect(plans.flatMap(({ plan }) => unboundedSteps(plan))).not.toEqual([]);
  });
});
