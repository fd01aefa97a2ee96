/**
 * Reconcile cost: a full reconcile of BENCH_REPOSITORIES (10,000) repositories
 * × 5 tags against the local registry, beside the raw registry reads a
 * reconcile cannot do without (the catalog pages and one tags list per
 * repository, at the same concurrency), in the same run. The goal is a ratio
 * ≤ 1.5. Also checks that a reconcile with nothing to change writes nothing.
 * Figures, not assertions.
 *
 * The catalog a steady reconcile starts from is the indexer's own: a first
 * reconcile indexes BENCH_FIRST (200) of the repositories through the real
 * write path (its time per repository is printed), and the rest are copies
 * of the first one's rows with their names changed. Indexing all 10,000 for
 * real writes 50,000 tags, which takes most of an hour on a loaded 2-core
 * machine and says nothing more about a steady reconcile.
 *
 *   tsx bench/reconcile.ts      (BENCH_REPOSITORIES=10000, BENCH_FIRST=200)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { assembleIndexer } from "@/indexer/config";
import { forEachLimit } from "@/indexer/concurrency";
import { createLogger } from "@/indexer/log";
import { reconcile } from "@/indexer/reconcile";
import { createCatalog } from "@/lib/catalog/database.server";
import { CatalogDiscovery, MediaTypes, RegistryClient, StaticDiscovery } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { startRegistry } from "@/scripts/registry/harness";
import { type Blob, imageConfig, imageManifest, layer } from "@/scripts/seed/oci";

const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES || 10_000);
const FIRST = Math.min(REPOSITORIES, Number(process.env.BENCH_FIRST || 200));
const TAGS = ["1.0", "1.1", "2.0", "latest", "stable"];
const PAGE_SIZE = 100;
const CONCURRENCY = 4;
const ROUNDS = 3;

const dir = mkdtempSync(path.join(tmpdir(), "galleon-bench-reconcile-"));
const storageDir = path.join(dir, "registry");

/**
 * Writes the repositories straight into distribution's filesystem layout
 * (pushing 50,000 manifests over HTTP would take longer than the bench): one
 * image, linked from every repository and tag.
 */
function writeStorage(): void {
  const layers = [layer([{ path: "hello.txt", content: "hello\n" }])];
  const config = imageConfig({ os: "linux", architecture: "amd64", created: "2025-01-01T00:00:00Z", config: {}, history: ["COPY"] }, layers);
  const manifest = imageManifest(MediaTypes.ociManifest, config, layers);
  const root = path.join(storageDir, "docker/registry/v2");
  const hex = (blob: Blob) => blob.descriptor.digest.slice("sha256:".length);
  const write = (file: string, content: string | Buffer) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  for (const blob of [config, ...layers, manifest]) write(path.join(root, "blobs/sha256", hex(blob).slice(0, 2), hex(blob), "data"), blob.bytes);
  for (let i = 0; i < REPOSITORIES; i++) {
    const repository = path.join(root, "repositories", repositoryPath(i));
    for (const blob of [config, ...layers]) write(path.join(repository, "_layers/sha256", hex(blob), "link"), blob.descriptor.digest);
    const manifests = path.join(repository, "_manifests");
    write(path.join(manifests, "revisions/sha256", hex(manifest), "link"), manifest.descriptor.digest);
    for (const tag of TAGS) {
      write(path.join(manifests, "tags", tag, "current/link"), manifest.descriptor.digest);
      write(path.join(manifests, "tags", tag, "index/sha256", hex(manifest), "link"), manifest.descriptor.digest);
    }
  }
}

function repositoryPath(i: number): string {
  return `bench${Math.floor(i / 1000)}/app${i}`;
}

/**
 * Copies the catalog rows the indexer wrote for repository 0 (namespace,
 * repository, tags, platforms) to repositories FIRST and up, as it would
 * have written them: same digests, same times, names changed.
 */
function copyIndexedRows(catalogFile: string): void {
  const db = new Database(catalogFile);
  const columnsOf = (table: string) =>
    (db.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name).filter((name) => name !== "id");
  /** INSERT … SELECT of one table's rows, `set` naming the columns that change (as ? parameters, in order). */
  const copy = (table: string, set: string[], where: string) => {
    const columns = columnsOf(table);
    const values = columns.map((column) => (set.includes(column) ? "?" : `"${column}"`));
    const ordered = columns.filter((column) => set.includes(column));
    const statement = db.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${values.join(", ")} FROM "${table}" WHERE ${where}`,
    );
    return (params: Record<string, unknown>, ...whereParams: unknown[]) =>
      Number(statement.run(...ordered.map((column) => params[column]), ...whereParams).lastInsertRowid);
  };
  const template = repositoryPath(0);
  const repository = db.prepare(`SELECT id, namespaceName FROM "Repository" WHERE path = ?`).get(template) as { id: number; namespaceName: string };
  const tagIds = db.prepare(`SELECT id FROM "Tag" WHERE repositoryId = ?`).pluck().all(repository.id) as number[];
  const copyNamespace = copy("Namespace", ["name"], `name = ?`);
  const copyRepository = copy("Repository", ["path", "namespaceName", "name"], `id = ?`);
  const copyTag = copy("Tag", ["repositoryId"], `id = ?`);
  const copyPlatforms = copy("Platform", ["tagId"], `tagId = ?`);
  const namespaceExists = db.prepare(`SELECT 1 FROM "Namespace" WHERE name = ?`);
  db.transaction(() => {
    for (let i = FIRST; i < REPOSITORIES; i++) {
      const [namespaceName, name] = repositoryPath(i).split("/") as [string, string];
      if (!namespaceExists.get(namespaceName)) copyNamespace({ name: namespaceName }, repository.namespaceName);
      const repositoryId = copyRepository({ path: repositoryPath(i), namespaceName, name }, repository.id);
      for (const tagId of tagIds) copyPlatforms({ tagId: copyTag({ repositoryId }, tagId) }, tagId);
    }
  })();
  db.close();
}

/** Counts the registry requests a reconcile makes, by kind. */
class CountingClient extends RegistryClient {
  readonly counts = { tagLists: 0, heads: 0, resolves: 0 };
  override listTags(repository: string) {
    this.counts.tagLists++;
    return super.listTags(repository);
  }
  override headManifest(repository: string, reference: string) {
    this.counts.heads++;
    return super.headManifest(repository, reference);
  }
  override resolveTag(repository: string, tag: string) {
    this.counts.resolves++;
    return super.resolveTag(repository, tag);
  }
}

/** What a reconcile cannot skip: every catalog page and every repository's tags list. */
async function rawReads(client: RegistryClient): Promise<number> {
  const started = performance.now();
  const paths: string[] = [];
  for await (const repository of client.listRepositories(PAGE_SIZE)) paths.push(repository);
  await forEachLimit(paths, CONCURRENCY, async (repository) => void (await client.listTags(repository)));
  return performance.now() - started;
}

/** SQLite's data_version, seen from another connection: it changes when anyone else commits. */
function dataVersion(db: Database.Database): number {
  return db.pragma("data_version", { simple: true }) as number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let registry: Awaited<ReturnType<typeof startRegistry>> | undefined;
try {
  console.log(`Writing ${REPOSITORIES} repositories × ${TAGS.length} tags into the registry's storage…`);
  writeStorage();
  registry = await startRegistry({ storageDir });
  const catalogFile = path.join(dir, "catalog.db");
  const searchFile = path.join(dir, "search.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${catalogFile}` }, stdio: "pipe" });
  const db = createCatalog(catalogFile);
  const search = new EmbeddedSearchEngine(searchFile);
  await search.setup();
  const client = new CountingClient({ url: registry.url });
  const indexer = assembleIndexer({
    db,
    registry: client,
    discovery: new CatalogDiscovery(client, PAGE_SIZE),
    search,
    log: createLogger("bench", "warn"),
    repositoryConcurrency: CONCURRENCY,
  });

  const first = await reconcile({ ...indexer, discovery: new StaticDiscovery(Array.from({ length: FIRST }, (_, i) => repositoryPath(i))) });
  console.log(
    `First reconcile of ${FIRST} new repositories: ${seconds(first.durationMs)} ` +
      `(${(first.durationMs / FIRST).toFixed(0)} ms per repository of ${TAGS.length} tags), ${first.changed} written`,
  );
  const copying = performance.now();
  copyIndexedRows(catalogFile);
  console.log(`The other ${REPOSITORIES - FIRST} repositories' rows copied from the first one's: ${seconds(performance.now() - copying)}`);

  const observers = [new Database(catalogFile, { readonly: true }), new Database(searchFile, { readonly: true })];
  const raw: number[] = [];
  const steady: number[] = [];
  let changed = 0;
  let writes = 0;
  const counts = { tagLists: 0, heads: 0, resolves: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawReads(client));
    Object.assign(client.counts, { tagLists: 0, heads: 0, resolves: 0 });
    const before = observers.map(dataVersion);
    const report = await reconcile(indexer);
    steady.push(report.durationMs);
    changed += report.changed;
    writes += observers.map(dataVersion).filter((version, i) => version !== before[i]).length;
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += client.counts[key];
  }
  for (const observer of observers) observer.close();

  const ratio = median(steady) / median(raw);
  console.log(
    `Raw reads (catalog pages + ${REPOSITORIES} tags lists): median ${seconds(median(raw))} over ${ROUNDS} runs`,
  );
  console.log(
    `Reconcile with nothing changed: median ${seconds(median(steady))}; per reconcile ${Math.round(counts.tagLists / ROUNDS)} tags lists, ` +
      `${Math.round(counts.heads / ROUNDS)} HEADs, ${Math.round(counts.resolves / ROUNDS)} resolves`,
  );
  console.log(`Reconcile / raw reads: ${ratio.toFixed(2)}× (goal ≤ 1.5×) ${ratio <= 1.5 ? "✓" : "✗"}`);
  console.log(`Writes by reconciles with nothing to change: ${changed} repositories, ${writes} database commits (goal 0)`);
  await search.close();
  await db.$disconnect();
} finally {
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
}
