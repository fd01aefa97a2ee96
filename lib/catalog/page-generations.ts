import { Prisma } from "./generated/client";
import type { Catalog } from "./database.server";

/** The scope bumped by any change a listing shows (home, categories, publishers' pages). */
export const LISTINGS_SCOPE = "listings";
/** The scope bumped when a publisher's name or badges, or a namespace's publisher, change. */
export const PUBLISHERS_SCOPE = "publishers";

/**
 * The generations of `scopes` (repository paths, LISTINGS_SCOPE,
 * PUBLISHERS_SCOPE), in their order, 0 for a scope never bumped: triggers
 * (migration 20261207120000_page_generations) bump them in the transaction of
 * every change a public page shows, so equal generations mean an unchanged
 * page. One primary-key read.
 */
export async function readPageGenerations(db: Catalog, scopes: readonly string[]): Promise<number[]> {
  if (scopes.length === 0) return [];
  const rows = await db.$queryRaw<Array<{ scope: string; generation: number | bigint }>>`
    SELECT "scope", "generation" FROM "PageGeneration" WHERE "scope" IN (${Prisma.join(scopes)})`;
  const generationOf = new Map(rows.map((row) => [row.scope, Number(row.generation)]));
  return scopes.map((scope) => generationOf.get(scope) ?? 0);
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
