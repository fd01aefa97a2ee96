/**
 * What the sitemap lists, in files of at most SITEMAP_FILE_URLS entries (the
 * protocol's limit), each read with bounded statements: public repositories
 * by ranges of their id (a repository stays in its file for good), public
 * namespaces by runs of names. Quoted identifiers and standard SQL, so the
 * statements serve SQLite and PostgreSQL alike.
 */
import type { Catalog } from "./database.server";
import { fullNameOf } from "./names";
import { PUBLIC } from "./repositories";

export const SITEMAP_FILE_URLS = 50_000;

/** Rows read per statement: each is a few milliseconds, and other requests run between them. */
const PAGE = 500;

/**
 * The id ranges holding at least one public repository (range k is ids
 * k·50,000 to (k+1)·50,000 − 1), found by one index seek per range: the
 * next public id at or after the end of the range before.
 */
export async function publicRepositoryRanges(db: Catalog): Promise<number[]> {
  const ranges: number[] = [];
  for (let from = 0; ; ) {
    const [row] = await db.$queryRaw<Array<{ id: number | bigint | null }>>`
      SELECT MIN("id") AS "id" FROM "Repository"
      WHERE "visibility" = ${PUBLIC.visibility} AND "inRegistry" = ${PUBLIC.inRegistry} AND "id" >= ${from}`;
    if (row?.id === null || row?.id === undefined) return ranges;
    const range = Math.floor(Number(row.id) / SITEMAP_FILE_URLS);
    ranges.push(range);
    from = (range + 1) * SITEMAP_FILE_URLS;
  }
}

/** The public repositories of id range `range`, by id, a page at a time. */
export async function publicRepositoriesInRange(db: Catalog, range: number): Promise<Array<{ fullName: string; updatedAt: Date }>> {
  const end = (range + 1) * SITEMAP_FILE_URLS;
  const repositories: Array<{ fullName: string; updatedAt: Date }> = [];
  for (let after = range * SITEMAP_FILE_URLS - 1; ; ) {
    const rows = await db.$queryRaw<Array<{ id: number | bigint; namespaceName: string; name: string; updatedAt: Date }>>`
      SELECT "id", "namespaceName", "name", "updatedAt" FROM "Repository"
      WHERE "visibility" = ${PUBLIC.visibility} AND "inRegistry" = ${PUBLIC.inRegistry} AND "id" > ${after} AND "id" < ${end}
      ORDER BY "id" LIMIT ${PAGE}`;
    for (const r of rows) repositories.push({ fullName: fullNameOf({ namespace: r.namespaceName, name: r.name }), updatedAt: new Date(r.updatedAt) });
    if (rows.length < PAGE) return repositories;
    after = Number(rows.at(-1)!.id);
  }
}

/**
 * The first name of each namespace file: the first public namespace, then
 * every 50,000th after it, in name order (each step skips at most one
 * file's worth of the primary key's index).
 */
export async function publicNamespaceFileStarts(db: Catalog): Promise<string[]> {
  const starts: string[] = [];
  const [first] = await db.$queryRaw<Array<{ name: string | null }>>`
    SELECT MIN("name") AS "name" FROM "Namespace" WHERE "publicRepositories" > 0`;
  for (let start = first?.name ?? null; start !== null; ) {
    starts.push(start);
    const [next] = await db.$queryRaw<Array<{ name: string }>>`
      SELECT "name" FROM "Namespace" WHERE "publicRepositories" > 0 AND "name" >= ${start}
      ORDER BY "name" LIMIT 1 OFFSET ${SITEMAP_FILE_URLS}`;
    start = next?.name ?? null;
  }
  return starts;
}

/** Up to 50,000 public namespaces from `start` on, by name, a page at a time. */
export async function publicNamespacesFrom(db: Catalog, start: string): Promise<string[]> {
  const names: string[] = [];
  for (let after: string | null = null; names.length < SITEMAP_FILE_URLS; ) {
    const limit = Math.min(PAGE, SITEMAP_FILE_URLS - names.length);
    const rows: Array<{ name: string }> = after === null
      ? await db.$queryRaw`SELECT "name" FROM "Namespace" WHERE "publicRepositories" > 0 AND "name" >= ${start} ORDER BY "name" LIMIT ${limit}`
      : await db.$queryRaw`SELECT "name" FROM "Namespace" WHERE "publicRepositories" > 0 AND "name" > ${after} ORDER BY "name" LIMIT ${limit}`;
    names.push(...rows.map((row) => row.name));
    if (rows.length < limit) break;
    after = rows.at(-1)!.name;
  }
  return names;
}
