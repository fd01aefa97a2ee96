/**
 * The HTTP bench's catalog and search index, built through the project's own
 * code and cached under bench/out/http/ so later runs reuse them:
 * - publishers and namespaces through `savePublisher`;
 * - template repositories through the publisher's and the indexer's write
 *   paths (`saveRepository`, `recordDiscovered`, `applyTagSync`), private ones
 *   and a few large ones with thousands of tags included;
 * - the rest of the public repositories as SQL copies of the templates' rows
 *   under new names (see `cloneTemplates`, `clonePostgresTemplates`);
 * on SQLite ("file:" URL) or PostgreSQL (postgresql:// URL of an existing database);
 * - search documents through the indexer's `toSearchDocument`, written with
 *   the search engine's `replace`.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { toSearchDocument } from "@/indexer/documents";
import { type Catalog, createCatalog } from "@/lib/catalog/database.server";
import { isPostgresUrl } from "@/lib/catalog/database-path";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { getRepositoryForSearch } from "@/lib/catalog/repositories";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { EmbeddedSearchEngine, type SearchDocument } from "@/lib/search";
import {
  aboutLength,
  architecturesOf,
  categoriesOf,
  coined,
  markdownDocument,
  PRIVATE_MARKER,
  repositoryName,
  resolvedTag,
  tagNames,
} from "./content";
import { type Random, seeded } from "./random";

/** Bump when the generator's output changes: cached catalogs of another version are rebuilt. */
const GENERATOR_VERSION = 1;
const SEED = 20_261_205;
const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const OUT = path.join(ROOT, "bench", "out", "http");

/**
 * Repositories written through the write paths; the others copy them. Enough
 * distinct About texts that distinct repository pages miss any render cache.
 */
const TEMPLATES = 3_000;
/** Large repositories, the same at every size: [name, tags]. */
const LARGE: Array<[string, number]> = [
  ["platform/runtime", 4_000],
  ["platform/gateway", 2_500],
  ["platform/database", 1_500],
  ["platform/agent", 1_000],
];
const DAY = 86_400_000;
const NEWEST = Date.UTC(2026, 11, 1);

interface Publisher {
  namespace: string;
  displayName: string;
  verified: boolean;
  official: boolean;
}

interface Planned {
  path: string;
  namespace: string;
  name: string;
  /** Index of the template it copies; its own index for a template. */
  template: number;
  pulls: number;
  /** Last time a tag changed, epoch ms. */
  updatedAt: number;
}

/** Names and numbers of every repository: cheap, and the same for a size on every run. */
function plan(size: number) {
  const random = seeded(SEED + size);
  const namespaceCount = Math.max(50, Math.round(size / 50));
  const namespaces = new Set<string>();
  while (namespaces.size < namespaceCount) namespaces.add(random.chance(0.15) ? `${coined(random)}-labs` : coined(random, 2 + random.int(3)));
  const publishers: Publisher[] = [...namespaces].map((namespace, i) => ({
    namespace,
    displayName: `${namespace[0]!.toUpperCase()}${namespace.slice(1)}${random.chance(0.5) ? " Inc." : ""}`,
    official: i < namespaceCount / 100,
    verified: i < namespaceCount / 100 || random.chance(0.1),
  }));
  const taken = new Set<string>(LARGE.map(([p]) => p));
  const unique = (namespace: string, name: string) => {
    let candidate = name;
    while (taken.has(`${namespace}/${candidate}`)) candidate = `${name}-${coined(random, 1)}${random.int(100)}`;
    taken.add(`${namespace}/${candidate}`);
    return candidate;
  };
  const repositories: Planned[] = [];
  const templates = Math.min(size - LARGE.length, TEMPLATES);
  for (let i = 0; repositories.length < size - LARGE.length; i++) {
    const namespace = random.skewed(publishers, 2).namespace;
    const name = unique(namespace, repositoryName(random));
    repositories.push({
      path: `${namespace}/${name}`,
      namespace,
      name,
      template: i < templates ? i : random.int(templates),
      // Pareto: most have a few pulls, a handful billions (the column is a 32-bit integer).
      pulls: Math.min(2_000_000_000, Math.floor(10 * random.next() ** -1.7)),
      updatedAt: NEWEST - random.int(3 * 365) * DAY - random.int(DAY),
    });
  }
  const privates = Array.from({ length: Math.round(size / 50) }, () => {
    const namespace = random.skewed(publishers, 2).namespace;
    const name = unique(namespace, `${repositoryName(random)}-${PRIVATE_MARKER}`);
    return { path: `${namespace}/${name}`, namespace, name };
  });
  return { publishers, repositories, templates, privates };
}

/** What the load generator needs to know about a built catalog. */
export interface CatalogSamples {
  /** Public repositories' full names, in a fixed shuffled order. */
  repositories: string[];
  /** Large repositories and one tag of each. */
  large: Array<{ fullName: string; tags: number; tag: string }>;
  privates: string[];
  namespaces: string[];
}

export interface BuiltCatalog {
  size: number;
  databaseUrl: string;
  searchFile: string;
  samples: CatalogSamples;
  /** Bytes on disk of the catalog file (when a file) and of the search index. */
  catalogBytes: number | null;
  searchBytes: number;
}

const hashOf = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 10);

function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => readFileSync(path.join(ROOT, dir, file), "utf8"));
}

/** The catalog is rebuilt when the generator, the schema or the migrations change. */
function catalogKey(): string {
  const migrations = readdirSync(path.join(ROOT, "prisma", "migrations")).sort().join(",");
  return hashOf(String(GENERATOR_VERSION), readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8"), migrations);
}

/** The search index is rebuilt when how documents are made or indexed changes. */
function searchKey(): string {
  return hashOf(
    ...sourcesUnder("lib/search"),
    ...sourcesUnder("lib/markdown"),
    readFileSync(path.join(ROOT, "indexer", "documents.ts"), "utf8"),
    readFileSync(path.join(ROOT, "lib", "catalog", "repositories.ts"), "utf8"),
  );
}

const log = (message: string) => console.log(`  ${message}`);

/** Prints at each tenth of the way; `step` is how much `done` grew since the last call. */
function progress(label: string, done: number, total: number, started: number, step = 1): void {
  const tenth = (n: number) => Math.floor((n * 10) / total);
  if (tenth(done) > tenth(done - step)) {
    log(`${label}: ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}

const sqliteFile = (databaseUrl: string) => (databaseUrl.startsWith("file:") ? path.resolve(databaseUrl.slice(5)) : null);

/**
 * The catalog and search index of `size` public repositories, built unless
 * cached. `databaseUrl` puts the catalog elsewhere (any "{size}" in it is
 * replaced); the cache then trusts that location to hold what it recorded.
 */
export async function prepareCatalog(size: number, databaseUrl?: string): Promise<BuiltCatalog> {
  const dir = path.join(OUT, `catalog-${size}-${catalogKey()}`);
  const url = databaseUrl?.replaceAll("{size}", String(size)) ?? `file:${path.join(dir, "catalog.db")}`;
  // Keyed by the catalog's location too, so that another DATABASE_URL gets its own build.
  const location = hashOf(url);
  const manifest = path.join(dir, `catalog-${location}.json`);
  const searchFile = path.join(dir, `search-${location}-${searchKey()}.db`);
  const started = performance.now();
  const planned = plan(size);

  if (!existsSync(manifest)) {
    console.log(`Building the ${size.toLocaleString("en")}-repository catalog in ${url} (cached for later runs)`);
    mkdirSync(dir, { recursive: true });
    await buildCatalog(url, planned);
    writeFileSync(manifest, JSON.stringify(samplesOf(planned, size)));
    log(`catalog built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const samples = JSON.parse(readFileSync(manifest, "utf8")) as CatalogSamples;

  if (!existsSync(searchFile)) {
    const indexStarted = performance.now();
    console.log(`Building the ${size.toLocaleString("en")}-repository search index`);
    for (const stale of readdirSync(dir).filter((file) => file.startsWith(`search-${location}-`))) rmSync(path.join(dir, stale));
    await buildSearchIndex(url, `${searchFile}.partial`, planned);
    renameSync(`${searchFile}.partial`, searchFile);
    log(`search index built in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s`);
  }
  const file = sqliteFile(url);
  return {
    size,
    databaseUrl: url,
    searchFile,
    samples,
    catalogBytes: file ? statSync(file).size : null,
    searchBytes: statSync(searchFile).size,
  };
}

function samplesOf({ repositories, privates, publishers }: ReturnType<typeof plan>, size: number): CatalogSamples {
  const random = seeded(SEED - size);
  const order = repositories.map((r) => `${r.namespace}/${r.name}`);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return {
    repositories: order.slice(0, 20_000),
    large: LARGE.map(([fullName, tags]) => ({ fullName, tags, tag: largeTagName(Math.floor(tags / 3)) })),
    privates: privates.map((p) => p.path),
    namespaces: publishers.map((p) => p.namespace),
  };
}

/** Tag names of the large repositories: versions, with nightly builds between them. */
const largeTagName = (i: number) =>
  i % 10 === 0 ? `nightly-${i}` : `${Math.floor(i / 500)}.${Math.floor(i / 10) % 50}.${i % 10}${i % 7 === 0 ? "-rc.1" : ""}`;

/**
 * Empties the catalog at `url`: deletes the SQLite file, or drops and recreates
 * the PostgreSQL database's public schema (the database itself must exist,
 * created as README "PostgreSQL catalog" says).
 */
async function emptyCatalog(url: string): Promise<void> {
  const file = sqliteFile(url);
  if (file) {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    return;
  }
  if (!isPostgresUrl(url)) throw new Error(`the HTTP bench builds catalogs at "file:" or postgresql:// URLs, got ${url}`);
  const db = createCatalog(url);
  try {
    await db.$executeRawUnsafe("DROP SCHEMA IF EXISTS public CASCADE");
    await db.$executeRawUnsafe("CREATE SCHEMA public");
  } finally {
    await db.$disconnect();
  }
}

async function buildCatalog(url: string, planned: ReturnType<typeof plan>): Promise<void> {
  await emptyCatalog(url);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const db = createCatalog(url);
  let started = performance.now();
  try {
    for (const [i, publisher] of planned.publishers.entries()) {
      await savePublisher(db, { ...publisher, namespaces: [publisher.namespace] });
      progress("publishers", i + 1, planned.publishers.length, started);
    }
    started = performance.now();
    const templates = planned.repositories.slice(0, planned.templates);
    for (const [i, repository] of templates.entries()) {
      await writeRepository(db, repository.path, "PUBLIC", seeded(SEED * 7 + i), repository.updatedAt);
      progress("template repositories", i + 1, templates.length, started);
    }
    started = performance.now();
    for (const [i, repository] of planned.privates.entries()) {
      await writeRepository(db, repository.path, "PRIVATE", seeded(SEED * 11 + i), NEWEST);
      progress("private repositories", i + 1, planned.privates.length, started);
    }
    started = performance.now();
    for (const [i, [fullName, count]] of LARGE.entries()) await writeLargeRepository(db, fullName, count, seeded(SEED * 13 + i));
    log(`large repositories: ${LARGE.length} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    started = performance.now();
    // SQLite's copies go through their own connection, PostgreSQL's through this one.
    if (isPostgresUrl(url)) await clonePostgresTemplates(db, planned);
  } finally {
    await db.$disconnect();
  }
  const file = sqliteFile(url);
  if (file) cloneTemplates(file, planned);
  log(`copies of the templates: ${(planned.repositories.length - planned.templates).toLocaleString("en")} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function writeRepository(db: Catalog, repositoryPath: string, visibility: "PUBLIC" | "PRIVATE", random: Random, updatedAt: number) {
  const name = repositoryPath.split("/").slice(1).join("/");
  const topic = name.split(/[-/]/);
  const marker = visibility === "PRIVATE" ? ` ${PRIVATE_MARKER}` : "";
  const tags = tagNames(random);
  await saveRepository(db, repositoryPath, {
    visibility,
    shortDescription: `${topic.join(" ")} ${random.pick(["for production", "image", "built from source", "with batteries included"])}${marker}`,
    about: markdownDocument(random, repositoryPath, topic, aboutLength(random)) + marker,
    usage: random.chance(0.3) ? markdownDocument(random, `Using ${name}`, topic, 500 + random.int(2_000)) : "",
    categories: categoriesOf(random),
    defaultTag: random.chance(0.1) ? tags.at(-1)! : null,
  });
  await recordDiscovered(db, repositoryPath);
  const architectures = architecturesOf(random);
  await applyTagSync(
    db,
    repositoryPath,
    { present: tags, changed: tags.map((tag) => resolvedTag(random, repositoryPath, tag, architectures)), errors: [] },
    new Date(updatedAt),
  );
}

async function writeLargeRepository(db: Catalog, repositoryPath: string, count: number, random: Random) {
  const name = repositoryPath.split("/")[1]!;
  await saveRepository(db, repositoryPath, {
    visibility: "PUBLIC",
    shortDescription: `The ${name} of the platform, built nightly`,
    about: markdownDocument(random, repositoryPath, [name, "platform"], 20_000),
    categories: ["developer-tools"],
  });
  await recordDiscovered(db, repositoryPath);
  const names = Array.from({ length: count }, (_, i) => largeTagName(i));
  // In slices, as bench/tags.ts does: one sync of thousands of resolved tags is one huge transaction.
  for (let i = 0; i < count; i += 500) {
    const changed = names.slice(i, i + 500).map((tag) => resolvedTag(random, repositoryPath, tag, ["amd64", "arm64", "arm"]));
    await applyTagSync(db, repositoryPath, { present: names, changed, errors: [] }, new Date(NEWEST - (count - i) * 3_600_000));
  }
}

/**
 * Direct SQL, for bulk rows only: writing 100,000 repositories through the
 * write paths (about 30 Prisma statements each, one transaction at a time)
 * would take most of an hour. Each copy is its template's rows as the write
 * paths wrote them (Repository, RepositoryCategory, Tag, Platform, every
 * column, whatever columns the schema has by then) under a new namespace,
 * name and path, with its own pull count and update time.
 */
function cloneTemplates(file: string, planned: ReturnType<typeof plan>): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const columns = (table: string, except: string[]) =>
    (db.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => c.name).filter((c) => !except.includes(c));
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");
  const prefixed = (prefix: string, names: string[]) => names.map((n) => `${prefix}."${n}"`).join(", ");

  const repositoryColumns = columns("Repository", ["id", "path", "namespaceName", "name", "pulls", "updatedAt"]);
  const tagColumns = columns("Tag", ["id", "repositoryId"]);
  const platformColumns = columns("Platform", ["id", "tagId"]);
  const categoryColumns = columns("RepositoryCategory", ["repositoryId"]);
  const idOf = db.prepare<[string], { id: number; updatedAt: unknown }>('SELECT id, "updatedAt" FROM Repository WHERE path = ?');
  const insertRepository = db.prepare(
    `INSERT INTO Repository (path, namespaceName, name, pulls, updatedAt, ${quoted(repositoryColumns)})
     SELECT ?, ?, ?, ?, ?, ${quoted(repositoryColumns)} FROM Repository WHERE id = ?`,
  );
  const insertCategories = db.prepare(
    `INSERT INTO RepositoryCategory (repositoryId, ${quoted(categoryColumns)}) SELECT ?, ${quoted(categoryColumns)} FROM RepositoryCategory WHERE repositoryId = ?`,
  );
  const insertTags = db.prepare(`INSERT INTO Tag (repositoryId, ${quoted(tagColumns)}) SELECT ?, ${quoted(tagColumns)} FROM Tag WHERE repositoryId = ?`);
  const insertPlatforms = db.prepare(
    `INSERT INTO Platform (tagId, ${quoted(platformColumns)})
     SELECT copy.id, ${prefixed("p", platformColumns)} FROM Tag original
     JOIN Platform p ON p.tagId = original.id
     JOIN Tag copy ON copy.repositoryId = ? AND copy.name = original.name
     WHERE original.repositoryId = ?`,
  );
  const setPulls = db.prepare("UPDATE Repository SET pulls = ? WHERE id = ?");

  const templateIds = planned.repositories.slice(0, planned.templates).map((r) => idOf.get(r.path)!);
  // Written as the templates' dates are (Prisma's SQLite text form ends in "+00:00", not "Z").
  const sample = templateIds[0]!.updatedAt;
  const dateValue = (ms: number) =>
    typeof sample === "number" ? ms : new Date(ms).toISOString().replace(/Z$/, String(sample).endsWith("Z") ? "Z" : "+00:00");
  const started = performance.now();
  const copies = planned.repositories.slice(planned.templates);
  const batch = db.transaction((slice: Planned[]) => {
    for (const r of slice) {
      const template = templateIds[r.template]!.id;
      const id = Number(insertRepository.run(r.path, r.namespace, r.name, r.pulls, dateValue(r.updatedAt), template).lastInsertRowid);
      insertCategories.run(id, template);
      insertTags.run(id, template);
      insertPlatforms.run(id, template);
    }
  });
  for (let i = 0; i < copies.length; i += 1_000) {
    const slice = copies.slice(i, i + 1_000);
    batch(slice);
    progress("copies", i + slice.length, copies.length, started, slice.length);
  }
  // Pull counts only come from pull events (countPulls), one at a time: set the templates' directly too.
  db.transaction(() => {
    planned.repositories.slice(0, planned.templates).forEach((r, i) => setPulls.run(r.pulls, templateIds[i]!.id));
  })();
  db.close();
}

/**
 * cloneTemplates on PostgreSQL: the same copies of the templates' rows, made
 * by the same statements in PostgreSQL's dialect, a transaction per thousand.
 */
async function clonePostgresTemplates(db: Catalog, planned: ReturnType<typeof plan>): Promise<void> {
  const columns = async (table: string, except: string[]) =>
    (
      await db.$queryRawUnsafe<Array<{ name: string }>>(
        "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        table,
      )
    )
      .map((c) => c.name)
      .filter((c) => !except.includes(c));
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");
  const prefixed = (prefix: string, names: string[]) => names.map((n) => `${prefix}."${n}"`).join(", ");
  const repositoryColumns = await columns("Repository", ["id", "path", "namespaceName", "name", "pulls", "updatedAt"]);
  const tagColumns = await columns("Tag", ["id", "repositoryId"]);
  const platformColumns = await columns("Platform", ["id", "tagId"]);
  const categoryColumns = await columns("RepositoryCategory", ["repositoryId"]);
  const templates = planned.repositories.slice(0, planned.templates);
  const templateIds = await Promise.all(
    templates.map(async (r) => (await db.repository.findUniqueOrThrow({ where: { path: r.path }, select: { id: true } })).id),
  );
  const started = performance.now();
  const copies = planned.repositories.slice(planned.templates);
  for (let i = 0; i < copies.length; i += 1_000) {
    const slice = copies.slice(i, i + 1_000);
    await db.$transaction(
      async (tx) => {
        for (const r of slice) {
          const template = templateIds[r.template]!;
          const [{ id }] = await tx.$queryRawUnsafe<[{ id: number }]>(
            `INSERT INTO "Repository" ("path", "namespaceName", "name", "pulls", "updatedAt", ${quoted(repositoryColumns)})
             SELECT $1, $2, $3, $4, $5, ${quoted(repositoryColumns)} FROM "Repository" WHERE "id" = $6 RETURNING "id"`,
            r.path, r.namespace, r.name, r.pulls, new Date(r.updatedAt), template,
          );
          await tx.$executeRawUnsafe(
            `INSERT INTO "RepositoryCategory" ("repositoryId", ${quoted(categoryColumns)}) SELECT $1, ${quoted(categoryColumns)} FROM "RepositoryCategory" WHERE "repositoryId" = $2`,
            id, template,
          );
          await tx.$executeRawUnsafe(`INSERT INTO "Tag" ("repositoryId", ${quoted(tagColumns)}) SELECT $1, ${quoted(tagColumns)} FROM "Tag" WHERE "repositoryId" = $2`, id, template);
          await tx.$executeRawUnsafe(
            `INSERT INTO "Platform" ("tagId", ${quoted(platformColumns)})
             SELECT copy."id", ${prefixed("p", platformColumns)} FROM "Tag" original
             JOIN "Platform" p ON p."tagId" = original."id"
             JOIN "Tag" copy ON copy."repositoryId" = $1 AND copy."name" = original."name"
             WHERE original."repositoryId" = $2`,
            id, template,
          );
        }
      },
      { timeout: 600_000 },
    );
    progress("copies", i + slice.length, copies.length, started, slice.length);
  }
  // Pull counts only come from pull events (countPulls), one at a time: set the templates' directly too.
  await db.$transaction(templates.map((r, i) => db.repository.update({ where: { id: templateIds[i]! }, data: { pulls: r.pulls } })));
  await db.$executeRawUnsafe("ANALYZE");
}

/** Documents as the indexer makes them: read through getRepositoryForSearch, made by toSearchDocument. */
async function buildSearchIndex(url: string, searchFile: string, planned: ReturnType<typeof plan>): Promise<void> {
  const db = createCatalog(url);
  const search = new EmbeddedSearchEngine(searchFile);
  await search.setup();
  try {
    const started = performance.now();
    const read = async (fullName: string) => {
      const repository = await getRepositoryForSearch(db, fullName);
      if (!repository) throw new Error(`${fullName} is not public in the bench catalog`);
      return toSearchDocument(repository);
    };
    const templates: SearchDocument[] = [];
    for (const r of planned.repositories.slice(0, planned.templates)) templates.push(await read(r.path));
    const large = await Promise.all(LARGE.map(([fullName]) => read(fullName)));
    await search.replace([...templates, ...large]);
    log(`template documents: ${templates.length + large.length} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // A copy's document is its template's with the copy's own name, publisher and numbers,
    // which is what reading the copy would give: 100,000 reads would take minutes.
    const publishers = new Map(planned.publishers.map((p) => [p.namespace, p]));
    const copies = planned.repositories.slice(planned.templates);
    const copiesStarted = performance.now();
    for (let i = 0; i < copies.length; i += 2_000) {
      await search.replace(
        copies.slice(i, i + 2_000).map((r) => {
          const publisher = publishers.get(r.namespace)!;
          return {
            ...templates[r.template]!,
            fullName: `${r.namespace}/${r.name}`,
            namespace: r.namespace,
            name: r.name,
            publisher: publisher.displayName,
            verified: publisher.verified,
            official: publisher.official,
            pulls: r.pulls,
            updatedAt: r.updatedAt,
          };
        }),
      );
      const done = Math.min(i + 2_000, copies.length);
      progress("copied documents", done, copies.length, copiesStarted, done - i);
    }
  } finally {
    await search.close();
    await db.$disconnect();
  }
}
