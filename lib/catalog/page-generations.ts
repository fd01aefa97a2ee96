import { Prisma } from "./generated/client";
import { type Catalog, isPostgres, queryDirectly } from "./database.server";

/** The scope bumped by any change a listing shows (home, categories, publishers' pages). */
export const LISTINGS_SCOPE = "listings";
/** The scope bumped when a publisher's name or badges, or a namespace's publisher, change. */
export const PUBLISHERS_SCOPE = "publishers";

/**
 * The scopes nearly every write bumps. On PostgreSQL each connection bumps a
 * row of its own, `<scope>@<backend pid>` (migration
 * 20261209010000_page_generation_slots), so that concurrent SERIALIZABLE
 * writers never conflict on one row; the scope's generation is the sum of its
 * rows. SQLite keeps one row each.
 */
const SHARED_SCOPES: readonly string[] = [LISTINGS_SCOPE, PUBLISHERS_SCOPE];

/** A shared scope's `<scope>@…` rows: a primary-key range (`A` follows `@`; both databases compare bytes). */
const connectionRowsOf = (scope: string) => Prisma.sql`("scope" > ${`${scope}@`} AND "scope" < ${`${scope}A`})`;

/**
 * The generations of `scopes` (repository paths, LISTINGS_SCOPE,
 * PUBLISHERS_SCOPE), in their order, 0 for a scope never bumped: triggers
 * (migration 20261207120000_page_generations) bump them in the transaction of
 * every change a public page shows, so equal generations mean an unchanged
 * page. One statement (one snapshot, so a shared scope's rows add up to a
 * committed state) reading primary-key ranges (the per-connection ranges on PostgreSQL only).
 */
export async function readPageGenerations(db: Catalog, scopes: readonly string[]): Promise<number[]> {
  if (scopes.length === 0) return [];
  const shared = isPostgres(db) ? scopes.filter((scope) => SHARED_SCOPES.includes(scope)) : [];
  // Read on every request the response cache answers (lib/response-cache), so without Prisma's query compiler.
  const rows = await queryDirectly(db, Prisma.sql`
    SELECT "scope", "generation" FROM "PageGeneration" WHERE "scope" IN (${Prisma.join(scopes)})
      ${shared.length > 0 ? Prisma.sql`OR ${Prisma.join(shared.map(connectionRowsOf), " OR ")}` : Prisma.empty}`);
  const generationOf = new Map<string, number>();
  for (const [name, generation] of rows) {
    const scope = String(name).split("@")[0]!;
    generationOf.set(scope, (generationOf.get(scope) ?? 0) + Number(generation));
  }
  return scopes.map((scope) => generationOf.get(scope) ?? 0);
}

/**
 * Folds the per-connection rows of the shared scopes back into one row each,
 * keeping their sums: one statement per scope, outside any SERIALIZABLE
 * transaction (a writer that bumped a folded row meanwhile waits, then is
 * counted; one whose snapshot still had it retries). Keeps the rows few as
 * connections come and go; the indexer runs it after each reconcile. Nothing
 * to fold on SQLite.
 */
export async function foldPageGenerations(db: Catalog): Promise<void> {
  if (!isPostgres(db)) return;
  for (const scope of SHARED_SCOPES) {
    await db.$executeRaw`
      WITH folded AS (DELETE FROM "PageGeneration" WHERE ${connectionRowsOf(scope)} RETURNING "generation")
      INSERT INTO "PageGeneration" ("scope", "generation")
        SELECT ${scope}, SUM("generation") FROM folded HAVING COUNT(*) > 0
        ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + EXCLUDED."generation"`;
  }
}

/**
 * Bumps the repositories at `paths`, the way the triggers bump theirs. Pull
 * counts bump no trigger: the indexer calls this when it publishes them, at
 * most once a minute (docs/decisions/0013), so pull batches do not throw away
 * cached pages, and only the counted repositories' pages change.
 */
export async function bumpRepositoryPages(db: Catalog, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "PageGeneration" ("scope", "generation") VALUES ${Prisma.join(paths.map((path) => Prisma.sql`(${path}, 1)`))}
      ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1`;
}
