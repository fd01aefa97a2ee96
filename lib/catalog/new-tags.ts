import type { Catalog } from "./database.server";
import { PUBLIC } from "./repositories";

/** Entries in a feed of new tags: enough for readers that poll now and then, bounded whatever the tag count. */
export const FEED_SIZE = 50;

/** The public repositories a feed follows: one repository, or a namespace's. */
export type FeedScope = { repositoryId: number } | { namespaceName: string };

const repositoriesOf = (scope: FeedScope) => ({
  ...PUBLIC,
  ...("repositoryId" in scope ? { id: scope.repositoryId } : { namespaceName: scope.namespaceName }),
});

/**
 * The newest tags of public repositories by first push, and when any of
 * those repositories last changed (a tag added, changed or removed), the
 * feed's own update time. Private repositories never match, whatever the scope.
 */
export async function listNewTags(db: Catalog, scope: FeedScope) {
  const where = repositoriesOf(scope);
  const [tags, latest] = await Promise.all([
    db.tag.findMany({
      where: { repository: where },
      select: {
        name: true,
        digest: true,
        pushedAt: true,
        updatedAt: true,
        repository: { select: { namespaceName: true, name: true } },
        platforms: {
          select: { os: true, architecture: true, variant: true },
          orderBy: [{ os: "asc" }, { architecture: "asc" }, { variant: "asc" }],
        },
      },
      orderBy: [{ pushedAt: "desc" }, { id: "desc" }],
      take: FEED_SIZE,
    }),
    db.repository.aggregate({ where, _max: { updatedAt: true } }),
  ]);
  return { tags, updated: latest._max.updatedAt ?? new Date(0) };
}

export type NewTag = Awaited<ReturnType<typeof listNewTags>>["tags"][number];
