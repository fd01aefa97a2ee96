import type { z } from "zod";
import { RENDERER_VERSION } from "../markdown/stored";
import type { ArtifactFile, HelmChart, ImageDetails } from "../registry/types";
import { ArtifactFiles, HelmChart as HelmChartSchema, ImageDetails as ImageDetailsSchema } from "../schemas/public";
import { sortNewestFirst } from "./semver";
import { type Catalog, isPostgres } from "./database.server";
import { Prisma } from "./generated/client";
import { getRepositoryPlatforms, PUBLIC } from "./repositories";

/**
 * Reads for the public gallery. Every query filters on visibility in the
 * database itself, so a private repository costs exactly what an unknown
 * name costs and nothing private can reach a page.
 */

/** A public repository as its pages and the API show it. */
export interface PublicRepository {
  id: number;
  path: string;
  namespaceName: string;
  name: string;
  shortDescription: string;
  about: string;
  usage: string;
  /** The stored rendering of About and Usage, or null when an older renderer made it: render afresh. */
  aboutHtml: string | null;
  usageHtml: string | null;
  defaultTag: string | null;
  logo: string | null;
  pulls: number;
  updatedAt: Date;
  namespace: { publisher: { displayName: string; verified: boolean; official: boolean } | null };
  categories: Array<{ category: string }>;
  _count: { tags: number };
}

type RepositoryRow = Omit<PublicRepository, "namespace" | "categories" | "_count" | "aboutHtml" | "usageHtml"> & {
  aboutHtml: string;
  usageHtml: string;
  renderVersion: number;
  displayName: string | null;
  verified: boolean | null;
  official: boolean | null;
  /** JSON array of names. */
  categories: string;
  /** $queryRaw reads a computed integer as a bigint. */
  tagCount: bigint;
};

/**
 * One statement, read on every repository page and API call: Prisma's
 * include made four, and counted its tags by grouping every tag of the
 * catalog.
 */
export async function getPublicRepository(db: Catalog, namespace: string, name: string): Promise<PublicRepository | null> {
  // The one aggregate without a standard form: a JSON array of the categories.
  const categoryArray = isPostgres(db)
    ? Prisma.sql`COALESCE(json_agg(c.category ORDER BY c.category), '[]')::text`
    : Prisma.sql`json_group_array(c.category)`;
  const [row] = await db.$queryRaw<RepositoryRow[]>`
    SELECT r.id, r.path, r."namespaceName", r.name, r."shortDescription", r.about, r.usage, r."aboutHtml", r."usageHtml", r."renderVersion",
      r."defaultTag", r.logo, r.pulls, r."updatedAt", p."displayName", p.verified, p.official,
      (SELECT ${categoryArray} FROM (SELECT category FROM "RepositoryCategory" WHERE "repositoryId" = r.id ORDER BY category) c) AS categories,
      (SELECT COUNT(*) FROM "Tag" WHERE "repositoryId" = r.id) AS "tagCount"
    FROM "Repository" r JOIN "Namespace" n ON n.name = r."namespaceName" LEFT JOIN "Publisher" p ON p.id = n."publisherId"
    WHERE r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry} AND r."namespaceName" = ${namespace} AND r.name = ${name}`;
  if (!row) return null;
  const { displayName, verified, official, categories, tagCount, aboutHtml, usageHtml, renderVersion, ...repository } = row;
  const stored = renderVersion === RENDERER_VERSION;
  return {
    ...repository,
    aboutHtml: stored ? aboutHtml : null,
    usageHtml: stored ? usageHtml : null,
    namespace: { publisher: displayName === null ? null : { displayName, verified: verified!, official: official! } },
    categories: (JSON.parse(categories) as string[]).map((category) => ({ category })),
    _count: { tags: Number(tagCount) },
  };
}

const platformOrder = [{ os: "asc" }, { architecture: "asc" }, { variant: "asc" }] satisfies Prisma.PlatformOrderByWithRelationInput[];

/** A tag as lists and pull commands show it: without the details, which only the tag page reads. */
export interface PublicTag {
  id: number;
  name: string;
  digest: string;
  mediaType: string;
  kind: string;
  artifactType: string | null;
  totalSize: bigint | null;
  pushedAt: Date;
  updatedAt: Date;
  platforms: Array<{
    id: number;
    os: string;
    architecture: string;
    variant: string | null;
    digest: string;
    mediaType: string;
    compressedSize: bigint | null;
  }>;
}

type TagPlatformRow = Omit<PublicTag, "platforms"> & {
  platformId: number | null;
  os: string;
  architecture: string;
  variant: string | null;
  platformDigest: string;
  platformMediaType: string;
  compressedSize: bigint | null;
};

/**
 * The tags `which` selects (a condition on `t`), each with its platforms, in
 * one SQL statement: a page of the tags tab is read on every view, and
 * Prisma's query compiler and its per-relation queries cost several times
 * what SQLite does. $queryRaw still maps DATETIME to Date and BIGINT to bigint.
 */
async function readTags(db: Catalog, which: Prisma.Sql): Promise<PublicTag[]> {
  const rows = await db.$queryRaw<TagPlatformRow[]>`
    SELECT t.id, t.name, t.digest, t."mediaType", t.kind, t."artifactType", t."totalSize", t."pushedAt", t."updatedAt",
      p.id AS "platformId", p.os, p.architecture, p.variant, p.digest AS "platformDigest", p."mediaType" AS "platformMediaType", p."compressedSize"
    FROM "Tag" t LEFT JOIN "Platform" p ON p."tagId" = t.id
    WHERE ${which}
    ORDER BY t.id, p.os, p.architecture, p.variant`;
  const tags = new Map<number, PublicTag>();
  for (const row of rows) {
    const { platformId, os, architecture, variant, platformDigest, platformMediaType, compressedSize, ...tag } = row;
    let listed = tags.get(tag.id);
    if (!listed) tags.set(tag.id, (listed = { ...tag, platforms: [] }));
    if (platformId !== null) {
      listed.platforms.push({ id: platformId, os, architecture, variant, digest: platformDigest, mediaType: platformMediaType, compressedSize });
    }
  }
  return [...tags.values()];
}

/** The tag pull commands show: the publisher's choice, else "latest", else the newest tag. */
export async function getDefaultTag(db: Catalog, repository: PublicRepository): Promise<PublicTag | null> {
  // COALESCE stops at the first tag found; each candidate is one index lookup.
  const [tag] = await readTags(
    db,
    Prisma.sql`t.id = COALESCE(
      (SELECT id FROM "Tag" WHERE "repositoryId" = ${repository.id} AND name = ${repository.defaultTag}),
      (SELECT id FROM "Tag" WHERE "repositoryId" = ${repository.id} AND name = 'latest'),
      (SELECT id FROM "Tag" WHERE "repositoryId" = ${repository.id} ORDER BY "updatedAt" DESC, name ASC LIMIT 1))`,
  );
  return tag ?? null;
}

export const TAG_SORTS = ["semver", "pushed", "name"] as const;
export type TagSort = (typeof TAG_SORTS)[number];

export interface TagListQuery {
  /** Substring of the tag name; "" for all. */
  filter: string;
  sort: TagSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** What a repository's tags are listed by. */
interface TagKey {
  id: number;
  name: string;
  lowerName: string;
  pushedAt: number;
}

/** Every key, and each order once it was asked for. */
type TagOrders = { [sort in TagSort]?: TagKey[] } & { all: TagKey[] };

const ORDERS: Record<TagSort, (keys: TagKey[]) => TagKey[]> = {
  semver: (keys) => sortNewestFirst(keys, (key) => key.name),
  pushed: (keys) => [...keys].sort((a, b) => b.pushedAt - a.pushedAt || byName(a, b)),
  name: (keys) => [...keys].sort(byName),
};

/** Code-unit order, as SQLite compares text. */
function byName(a: TagKey, b: TagKey): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function readTagOrders(db: Catalog, repositoryId: number): Promise<TagOrders> {
  return db.tag
    .findMany({ where: { repositoryId }, select: { id: true, name: true, pushedAt: true } })
    .then((rows) => ({
      all: rows.map((r) => ({ id: r.id, name: r.name, lowerName: r.name.toLowerCase(), pushedAt: r.pushedAt.getTime() })),
    }));
}

type TagState = Pick<PublicRepository, "id" | "updatedAt" | "_count">;

/**
 * A per-process memo of something derived from a repository's tags, for the
 * 64 repositories read last. A sync that adds, changes or removes a tag moves
 * the repository's updatedAt, which retires the entry; the tag count guards
 * against two syncs in one millisecond. Big repositories read once per change,
 * not once per page view.
 */
function memoizedByTags<T>(read: (db: Catalog, repositoryId: number) => Promise<T>) {
  const entries = new Map<number, { version: string; value: Promise<T> }>();
  return (db: Catalog, repository: TagState): Promise<T> => {
    const version = `${repository.updatedAt.getTime()}:${repository._count.tags}`;
    let entry = entries.get(repository.id);
    entries.delete(repository.id);
    if (entry?.version !== version) {
      const created = { version, value: read(db, repository.id) };
      created.value.catch(() => entries.get(repository.id) === created && entries.delete(repository.id));
      entry = created;
    }
    entries.set(repository.id, entry); // (re)inserted last: the Map's order is recency
    if (entries.size > 64) entries.delete(entries.keys().next().value!);
    return entry.value;
  };
}

const tagOrdersOf = memoizedByTags(readTagOrders);

/** The operating systems and architectures of a public repository's tags. */
export const getPublicRepositoryPlatforms = memoizedByTags(getRepositoryPlatforms);

/** One page of a repository's tags; the filter is a case-insensitive substring of the name. */
export async function listTags(
  db: Catalog,
  repository: TagState,
  query: TagListQuery,
): Promise<{ tags: PublicTag[]; total: number }> {
  const orders = await tagOrdersOf(db, repository);
  const ordered = (orders[query.sort] ??= ORDERS[query.sort](orders.all));
  const needle = query.filter.toLowerCase();
  const matching = needle ? ordered.filter((key) => key.lowerName.includes(needle)) : ordered;
  const skip = (query.page - 1) * query.pageSize;
  const ids = matching.slice(skip, skip + query.pageSize).map((key) => key.id);
  const rows = ids.length > 0 ? await readTags(db, Prisma.sql`t.id IN (${Prisma.join(ids)})`) : [];
  const byId = new Map(rows.map((tag) => [tag.id, tag]));
  // A tag deleted since the names were read is simply missing from this page.
  const tags = ids.flatMap((id) => byId.get(id) ?? []);
  return { tags, total: matching.length };
}

export interface NamespaceSummary {
  name: string;
  displayName: string;
  verified: boolean;
  official: boolean;
  repositories: number;
}

type NamespaceRow = Omit<NamespaceSummary, "displayName" | "verified" | "official"> & {
  displayName: string | null;
  verified: boolean | null;
  official: boolean | null;
};

/**
 * Namespaces with a public repository, read from Namespace.publicRepositories
 * (kept exact by triggers, see prisma/migrations/20261205100000_catalog_reads):
 * a count of public repositories per namespace would read every one of them.
 */
async function readNamespaces(db: Catalog, where: Prisma.Sql, order = Prisma.empty): Promise<NamespaceSummary[]> {
  const rows = await db.$queryRaw<NamespaceRow[]>`
    SELECT n.name, n."publicRepositories" AS repositories, p."displayName", p.verified, p.official
    FROM "Namespace" n LEFT JOIN "Publisher" p ON p.id = n."publisherId"
    WHERE n."publicRepositories" > 0 AND ${where} ${order}`;
  return rows.map(({ displayName, verified, official, ...ns }) => ({
    ...ns,
    displayName: displayName ?? ns.name,
    verified: verified ?? false,
    official: official ?? false,
  }));
}

/** The `limit` namespaces with the most public repositories, most first. */
export function listTopPublicNamespaces(db: Catalog, limit: number): Promise<NamespaceSummary[]> {
  return readNamespaces(db, Prisma.sql`true`, Prisma.sql`ORDER BY n."publicRepositories" DESC, n.name LIMIT ${limit}`);
}

/** A namespace's page data, or null when it has no public repository (private and unknown look alike). */
export async function getPublicNamespace(db: Catalog, name: string): Promise<NamespaceSummary | null> {
  const [ns] = await readNamespaces(db, Prisma.sql`n.name = ${name}`);
  return ns ?? null;
}

/** How many public repositories the gallery holds, and from how many namespaces. */
export async function countPublic(db: Catalog): Promise<{ repositories: number; namespaces: number }> {
  const [row] = await db.$queryRaw<Array<{ repositories: bigint | null; namespaces: bigint }>>`
    SELECT SUM("publicRepositories") AS repositories, COUNT(*) AS namespaces FROM "Namespace" WHERE "publicRepositories" > 0`;
  return { repositories: Number(row?.repositories ?? 0), namespaces: Number(row?.namespaces ?? 0) };
}

/**
 * A JSON column the indexer wrote, or null when it is empty (indexed before
 * the column existed) or not what it should be: a page shows "unavailable"
 * rather than failing.
 */
function readJsonColumn<T>(text: string | null, schema: z.ZodType): T | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    // Checked, then served as stored: the API's schema for it is the same one.
    return schema.safeParse(value).success ? (value as T) : null;
  } catch {
    return null;
  }
}

/** One public tag with its repository, every platform's details and, for artifacts, its files. */
export async function getPublicTag(db: Catalog, namespace: string, name: string, tagName: string) {
  // The repository by its unique name, then the tag by (repositoryId, name): two index lookups.
  const [found] = await db.$queryRaw<Array<{ id: number }>>`
    SELECT t.id FROM "Repository" r JOIN "Tag" t ON t."repositoryId" = r.id AND t.name = ${tagName}
    WHERE r."namespaceName" = ${namespace} AND r.name = ${name} AND r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry}`;
  if (!found) return null;
  const tag = await db.tag.findUnique({
    where: { id: found.id },
    include: {
      repository: { select: { namespaceName: true, name: true, path: true } },
      platforms: { orderBy: platformOrder },
    },
  });
  if (!tag) return null;
  const stored = await db.platformDetails.findMany({ where: { digest: { in: tag.platforms.map((p) => p.digest) } } });
  const detailsOf = new Map(stored.map((row) => [row.digest, readJsonColumn<ImageDetails>(row.details, ImageDetailsSchema)]));
  return {
    ...tag,
    files: readJsonColumn<ArtifactFile[]>(tag.files, ArtifactFiles),
    chart: readJsonColumn<HelmChart>(tag.chart, HelmChartSchema),
    platforms: tag.platforms.map((platform) => ({ ...platform, details: detailsOf.get(platform.digest) ?? null })),
  };
}

export type PublicTagDetails = NonNullable<Awaited<ReturnType<typeof getPublicTag>>>;

/** What a repository path under a namespace names: a repository, or a tag of one. */
export type PublicRepositoryPage =
  | { kind: "repository"; repository: PublicRepository }
  | { kind: "tag"; tag: PublicTagDetails };

/**
 * A path ending in tags/<tag> names a tag, unless a public repository's whole
 * name is that path (names may contain "/"): existing repository URLs keep
 * working whatever tag pages come later. Private and unknown both give null.
 */
export async function findPublicRepositoryOrTag(
  db: Catalog,
  namespace: string,
  segments: string[],
): Promise<PublicRepositoryPage | null> {
  const repository = await getPublicRepository(db, namespace, segments.join("/"));
  if (repository) return { kind: "repository", repository };
  if (segments.length < 3 || segments.at(-2) !== "tags") return null;
  const tag = await getPublicTag(db, namespace, segments.slice(0, -2).join("/"), segments.at(-1)!);
  return tag && { kind: "tag", tag };
}
