/**
 * The PostgreSQL ports of the SQLite migrations' triggers and tables
 * (docs/decisions/0016): the same catalog writes, step by step, on a SQLite
 * catalog and a PostgreSQL one leave the same page generations (the response
 * cache's, bumped by triggers) and the same leases. Runs on every test run
 * (its own cluster unless the run is on PostgreSQL already); skipped, with a
 * notice, only where PostgreSQL is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "@/lib/catalog/database.server";
import { bumpRepositoryPages, foldPageGenerations } from "@/lib/catalog/page-generations";
import { beatLease, readLease, releaseLease, takeLease } from "@/lib/catalog/lease";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, markSynced, recordDiscovered } from "@/lib/catalog/sync";
import { createPostgresCatalog, createSqliteCatalog, type TestCatalog } from "./support/catalog";
import { postgresInstalled } from "./support/postgres";
import { startCatalogCluster } from "./support/postgres-setup";
import { NO_DETAILS, testDigest, testPlatform, testTag } from "./support/resolved-tags";

if (!postgresInstalled()) console.warn("postgres-migrations.test.ts: skipped, PostgreSQL is not installed (npm run setup installs it)");

const AT = new Date(Date.UTC(2026, 11, 7, 12, 0, 0));
const WEB = "acme/web";
const digest = testDigest("aa");
const index = (user: string | null) =>
  testTag("latest", testDigest("ab"), [
    { ...testPlatform("amd64", digest), details: { ...NO_DETAILS, user } },
    { ...testPlatform("arm64", testDigest("ac")), details: { ...NO_DETAILS, user } },
  ]);
const repositoryId = async (db: Catalog, path: string) => (await db.repository.findUniqueOrThrow({ where: { path } })).id;
const publisherId = async (db: Catalog, displayName: string) => (await db.publisher.findFirstOrThrow({ where: { displayName } })).id;

interface Step {
  name: string;
  /** Whether the step changes what the tables hold: a step that should not bump asserts that it does not. */
  changes: boolean;
  /** Runs the writes; what it returns (lease outcomes, ids, counts) must be the same on both catalogs. */
  run(db: Catalog): Promise<unknown>;
}

const STEPS: Step[] = [
  {
    name: "a publisher with a namespace",
    changes: true,
    run: (db) => savePublisher(db, { displayName: "Acme", verified: false, official: false, namespaces: ["acme"] }),
  },
  { name: "a public repository", changes: true, run: (db) => saveRepository(db, WEB, { visibility: "PUBLIC", shortDescription: "Web" }) },
  {
    name: "its discovery and a private one",
    changes: true,
    run: async (db) => {
      await recordDiscovered(db, WEB);
      await recordDiscovered(db, "acme/private");
    },
  },
  {
    name: "tags with platforms and details",
    changes: true,
    run: (db) => applyTagSync(db, WEB, { present: ["latest", "v1"], changed: [index(null), { ...index(null), tag: "v1" }], errors: [] }, AT),
  },
  {
    name: "details changed for a digest",
    changes: true,
    run: (db) => applyTagSync(db, WEB, { present: ["latest", "v1"], changed: [index("app")], errors: [] }, AT),
  },
  { name: "a sync time, shown nowhere", changes: false, run: (db) => markSynced(db, WEB, AT) },
  {
    name: "an unchanged description",
    changes: false,
    run: async (db) => {
      await db.repository.update({ where: { path: WEB }, data: { shortDescription: "Web" } });
    },
  },
  {
    name: "a description",
    changes: true,
    run: async (db) => {
      await db.repository.update({ where: { path: WEB }, data: { shortDescription: "The web" } });
    },
  },
  {
    name: "a platform updated and one deleted",
    changes: true,
    run: async (db) => {
      const [first, second] = await db.platform.findMany({ where: { digest: { in: [digest, testDigest("ac")] } }, orderBy: { id: "asc" } });
      await db.platform.update({ where: { id: first!.id }, data: { variant: "v8" } });
      await db.platform.delete({ where: { id: second!.id } });
    },
  },
  {
    name: "categories set, renamed, removed",
    changes: true,
    run: async (db) => {
      const id = await repositoryId(db, WEB);
      await db.repositoryCategory.createMany({ data: [{ repositoryId: id, category: "databases" }, { repositoryId: id, category: "web" }] });
      const key = (category: string) => ({ repositoryId_category: { repositoryId: id, category } });
      await db.repositoryCategory.update({ where: key("web"), data: { category: "networking" } });
      await db.repositoryCategory.delete({ where: key("databases") });
    },
  },
  {
    name: "pulls counted and daily pulls dropped (no bump: the indexer bumps the counted repositories when it publishes)",
    changes: false,
    run: async (db) => {
      const id = await repositoryId(db, WEB);
      await db.repository.update({ where: { id }, data: { pulls: { increment: 3 } } });
      const key = (day: string) => ({ repositoryId_day: { repositoryId: id, day } });
      for (const day of ["2026-12-06", "2026-12-07", "2026-12-07"]) {
        await db.dailyPulls.upsert({ where: key(day), create: { repositoryId: id, day, count: 1 }, update: { count: { increment: 1 } } });
      }
      await db.dailyPulls.delete({ where: key("2026-12-06") });
    },
  },
  { name: "pull counts published", changes: true, run: (db) => bumpRepositoryPages(db, [WEB]) },
  {
    name: "attachments stored, changed, removed",
    changes: true,
    run: async (db) => {
      const id = await repositoryId(db, WEB);
      const attachment = (part: number) => ({
        repositoryId: id,
        tag: "latest",
        tagDigest: digest,
        subjectDigest: digest,
        digest: testDigest("ad"),
        part,
        mediaType: "application/spdx+json",
        category: "sbom",
        summary: "{}",
      });
      await db.attachment.createMany({ data: [attachment(0), attachment(1)] });
      await db.attachment.updateMany({ where: { repositoryId: id }, data: { summary: '{"packages":3}' } });
      await db.attachment.deleteMany({ where: { repositoryId: id, part: 1 } });
    },
  },
  {
    name: "a logo uploaded, replaced, removed",
    changes: true,
    run: async (db) => {
      const id = await repositoryId(db, WEB);
      await db.repositoryLogo.create({ data: { repositoryId: id, mediaType: "image/png", bytes: new Uint8Array([1, 2, 3]), width: 1, height: 1 } });
      await db.repositoryLogo.update({ where: { repositoryId: id }, data: { width: 2 } });
      await db.repositoryLogo.delete({ where: { repositoryId: id } });
    },
  },
  { name: "a tag deleted with its platforms", changes: true, run: (db) => applyTagSync(db, WEB, { present: ["latest"], changed: [], errors: [] }, AT) },
  {
    name: "a namespace, its publisher set, renamed with its repositories",
    changes: true,
    run: async (db) => {
      await db.namespace.create({ data: { name: "other" } });
      await recordDiscovered(db, "other/app");
      await db.namespace.update({ where: { name: "other" }, data: { publisherId: await publisherId(db, "Acme") } });
      await db.namespace.update({ where: { name: "other" }, data: { name: "renamed" } });
    },
  },
  {
    name: "a publisher renamed, and its creation time, shown nowhere",
    changes: true,
    run: async (db) => {
      const id = await publisherId(db, "Acme");
      await db.publisher.update({ where: { id }, data: { displayName: "Acme Inc", verified: true } });
      await db.publisher.update({ where: { id }, data: { createdAt: AT } });
    },
  },
  {
    name: "repositories gone from the registry in one statement",
    changes: true,
    run: (db) => db.repository.updateMany({ where: { namespaceName: "acme" }, data: { inRegistry: false } }),
  },
  {
    name: "a publisher deleted, its namespaces let go",
    changes: true,
    run: async (db) => {
      await db.publisher.delete({ where: { id: await publisherId(db, "Acme Inc") } });
    },
  },
  {
    name: "a repository deleted with everything on its page",
    changes: true,
    run: async (db) => {
      await db.repository.delete({ where: { path: WEB } });
    },
  },
  {
    name: "an empty namespace deleted",
    changes: true,
    run: async (db) => {
      await db.namespace.create({ data: { name: "empty" } });
      await db.namespace.delete({ where: { name: "empty" } });
    },
  },
  {
    name: "a lease taken and renewed",
    changes: true,
    run: async (db) => {
      const fence = await takeLease(db, "indexer", "first", null);
      const rival = await takeLease(db, "indexer", "rival", null);
      return [fence, rival, await beatLease(db, "indexer", fence!), await beatLease(db, "indexer", fence!)];
    },
  },
  {
    name: "a lease taken over, the old holder fenced out, released",
    changes: true,
    run: async (db) => {
      const fence = await takeLease(db, "indexer", "second", await readLease(db, "indexer"));
      const stale = await takeLease(db, "indexer", "third", { holder: "first", fence: 1, beat: 0 });
      const fencedOut = await beatLease(db, "indexer", 1);
      await releaseLease(db, "indexer", fence!);
      return [fence, stale, fencedOut];
    },
  },
];

/** What the ported migrations keep: every page generation and lease. */
async function state(db: Catalog) {
  // PostgreSQL's per-connection rows of the shared scopes, folded into one row each as on SQLite.
  await foldPageGenerations(db);
  return {
    generations: await db.pageGeneration.findMany({ orderBy: { scope: "asc" } }),
    leases: await db.lease.findMany({ orderBy: { name: "asc" } }),
  };
}

describe.runIf(postgresInstalled())("the PostgreSQL migrations' triggers and tables", () => {
  let stopCluster = () => {};
  let sqlite: TestCatalog;
  let postgres: TestCatalog;

  beforeAll(async () => {
    let server = process.env.GALLEON_TEST_POSTGRES_URL;
    if (!server) {
      const started = await startCatalogCluster();
      server = started.server;
      stopCluster = () => started.cluster.stop();
    }
    sqlite = createSqliteCatalog();
    postgres = createPostgresCatalog(server);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.dispose(), postgres?.dispose()]);
    stopCluster();
  });

  it("bump the same page generations and keep the same leases as SQLite's, after every step", async () => {
    let before = await state(sqlite.db);
    expect(before).toEqual({ generations: [], leases: [] });
    for (const step of STEPS) {
      const results = [await step.run(sqlite.db), await step.run(postgres.db)];
      const after = await state(sqlite.db);
      expect(await state(postgres.db), step.name).toEqual(after);
      expect(results[1], step.name).toEqual(results[0]);
      if (step.changes) expect(after, step.name).not.toEqual(before);
      else expect(after, step.name).toEqual(before);
      before = after;
    }
    // The scopes the steps touched, the private repository's and the deleted one's included.
    expect(before.generations.map((row) => row.scope)).toEqual(["acme/private", WEB, "listings", "other/app", "publishers"]);
  });
});
