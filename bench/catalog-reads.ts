/**
 * Every catalog read of the public pages at 100,000 repositories (the shape
 * of issue 10: about 540,000 tags and 870,000 platforms), timed in process
 * through the real catalog client, and the catalog's size per platform with
 * details stored once per manifest digest against once per platform (the
 * layout before migration 20261205100000). Figures, not assertions: each
 * statement holds the web server's event loop for its duration.
 *
 *   tsx bench/catalog-reads.ts      (BENCH_REPOSITORIES=100000, BENCH_RUNS=30 by default)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { countPublicRepositoriesByCategory } from "@/lib/catalog/categories";
import { createCatalog } from "@/lib/catalog/database.server";
import { listNewTags } from "@/lib/catalog/new-tags";
import {
  countPublic,
  getDefaultTag,
  getPublicNamespace,
  getPublicRepository,
  getPublicTag,
  listTags,
  listTopPublicNamespaces,
} from "@/lib/catalog/gallery";
import { publicNamespaceFileStarts, publicNamespacesFrom, publicRepositoriesInRange, publicRepositoryRanges } from "@/lib/catalog/sitemap-reads";
import { findPublicDigests, findPublicTag } from "@/lib/catalog/lookup";
import { getDailyPulls } from "@/lib/catalog/pulls";
import { getRepositoryPlatforms, PUBLIC } from "@/lib/catalog/repositories";
import { fillCatalog, ISSUE_10_SCALE } from "@/tests/support/catalog-scale";

const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES || ISSUE_10_SCALE.repositories);
const RUNS = Number(process.env.BENCH_RUNS || 30);

const dir = mkdtempSync(path.join(tmpdir(), "galleon-bench-catalog-"));
const file = path.join(dir, "catalog.db");
try {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
  let started = performance.now();
  const scale = fillCatalog(file, { ...ISSUE_10_SCALE, repositories: REPOSITORIES });
  console.log(
    `Catalog: ${scale.repositories} repositories (${scale.publicRepositories} public) in ${scale.namespaces} namespaces, ` +
      `${scale.tags} tags, ${scale.platforms} platforms; built in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const db = createCatalog(file);
  const [namespace, ...large] = scale.samples.large.split("/");
  const [smallNamespace, ...small] = scale.samples.small.split("/");
  const repository = (await getPublicRepository(db, namespace!, large.join("/")))!;
  const smallRepository = (await getPublicRepository(db, smallNamespace!, small.join("/")))!;
  const [top] = await listTopPublicNamespaces(db, 1);
  let version = 0;
  const reads: Array<[string, () => Promise<unknown>]> = [
    ["home: top 12 publishers", () => listTopPublicNamespaces(db, 12)],
    ["home: public counts", () => countPublic(db)],
    ["home, /categories: category counts", () => countPublicRepositoriesByCategory(db)],
    ["publisher page (largest namespace)", () => getPublicNamespace(db, top!.name)],
    ["repository page: repository", () => getPublicRepository(db, namespace!, large.join("/"))],
    ["repository page: default tag", () => getDefaultTag(db, repository)],
    ["repository page: platforms (memo miss)", () => getRepositoryPlatforms(db, repository.id)],
    ["repository page: daily pulls", () => getDailyPulls(db, repository.id)],
    [`tags tab, ${repository._count.tags} tags (memo miss)`, () => listTags(db, { ...repository, updatedAt: new Date(version++) }, { filter: "", sort: "semver", page: 1, pageSize: 25 })],
    [`tags tab, ${repository._count.tags} tags (memoized)`, () => listTags(db, repository, { filter: "", sort: "semver", page: 3, pageSize: 25 })],
    ["tags tab, small repository", () => listTags(db, smallRepository, { filter: "", sort: "pushed", page: 1, pageSize: 25 })],
    ["tag page", () => getPublicTag(db, namespace!, large.join("/"), scale.samples.tag)],
    ["feed of a repository", () => listNewTags(db, { repositoryId: repository.id })],
    ["feed of the largest namespace", () => listNewTags(db, { namespaceName: top!.name })],
    ["search box: tag reference", () => findPublicTag(db, { namespace: namespace!, name: large.join("/") }, scale.samples.tag)],
    ["search box: digest prefix", () => findPublicDigests(db, scale.samples.digest.slice(0, 19))],
    ["sitemap index: namespace runs and id ranges", () => Promise.all([publicNamespaceFileStarts(db), publicRepositoryRanges(db)])],
    ["sitemap file: namespaces", () => publicNamespacesFrom(db, "")],
    ["sitemap file: repositories of one id range", () => publicRepositoriesInRange(db, 0)],
    [
      "before issue 10: listPublicNamespaces",
      async () => {
        await db.repository.groupBy({ by: ["namespaceName"], where: PUBLIC, _count: true });
        await db.namespace.findMany({ where: { repositories: { some: PUBLIC } }, include: { publisher: true }, orderBy: { name: "asc" } });
      },
    ],
  ];
  console.log(`\nRead (${RUNS} runs each)`.padEnd(48) + "p50 ms   p95 ms   max ms");
  for (const [name, read] of reads) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await read();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1).padStart(7);
    console.log(`${name.padEnd(47)}${at(0.5)}  ${at(0.95)}  ${at(1)}`);
  }
  await db.$disconnect();

  const sqlite = new Database(file);
  const measure = (label: string) => {
    sqlite.exec("VACUUM");
    const bytes = statSync(file).size;
    const tables = sqlite
      .prepare(
        `SELECT COALESCE(m.tbl_name, s.name) AS tbl, SUM(s.pgsize) AS bytes FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name
         GROUP BY tbl ORDER BY bytes DESC LIMIT 5`,
      )
      .all() as Array<{ tbl: string; bytes: number }>;
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    console.log(
      `\n${label}: ${mb(bytes)}, ${Math.round(bytes / scale.platforms)} bytes per platform; ` +
        tables.map((t) => `${t.tbl} ${mb(t.bytes)}`).join(", "),
    );
  };
  measure("Catalog, details once per manifest digest");
  // The layout before: the same details copied into every platform with the digest.
  sqlite.exec(`
    ALTER TABLE Platform ADD COLUMN details TEXT;
    UPDATE Platform SET details = (SELECT details FROM PlatformDetails WHERE PlatformDetails.digest = Platform.digest);
    DROP TABLE PlatformDetails;`);
  measure("Catalog, details in every platform (before)");
  sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
