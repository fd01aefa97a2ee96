import { ARCHITECTURES, OPERATING_SYSTEMS } from "../registry/platforms";
import { getAttachmentMarks } from "./attachments";
import { type Catalog, containsText } from "./database.server";
import { fullNameOf } from "./names";

/** Reads of repositories as the catalog holds them. */

/** The one definition of what the public may see: published, and still in the registry. */
export const PUBLIC = { visibility: "PUBLIC", inRegistry: true } as const;

/** Tag names a search document carries: enough to find a repository by a recent tag. */
const MAX_INDEXED_TAGS = 100;
const DESCRIPTION_ANNOTATION = "org.opencontainers.image.description";

const KNOWN_OS: ReadonlySet<string> = new Set(OPERATING_SYSTEMS);
const KNOWN_ARCHITECTURES: ReadonlySet<string> = new Set(ARCHITECTURES);

/**
 * The operating systems and architectures a repository's tags run on. Values
 * no image config may carry ("unknown", empty) are left out: they label
 * nothing, and a search filter on them could not run.
 */
export async function getRepositoryPlatforms(db: Catalog, repositoryId: number) {
  // Raw SQL: read for every repository page not in the per-process memo, where
  // Prisma's query compiler cost more than SQLite's index walk over the tags.
  const rows = await db.$queryRaw<Array<{ os: string; architecture: string }>>`
    SELECT DISTINCT p.os, p.architecture FROM "Tag" t JOIN "Platform" p ON p."tagId" = t.id WHERE t."repositoryId" = ${repositoryId}`;
  return {
    operatingSystems: [...new Set(rows.map((r) => r.os).filter((os) => KNOWN_OS.has(os)))].sort(),
    architectures: [...new Set(rows.map((r) => r.architecture).filter((arch) => KNOWN_ARCHITECTURES.has(arch)))].sort(),
  };
}

/**
 * What the search document of a public repository is made of, or null when
 * the public may not see it. Reads a bounded amount whatever the number of
 * tags: pull counts refresh documents often.
 */
export async function getRepositoryForSearch(db: Catalog, path: string) {
  const repository = await db.repository.findFirst({
    where: { ...PUBLIC, path },
    // The document needs the About's stored text, not the pages' HTML.
    omit: { aboutHtml: true, usageHtml: true },
    include: {
      namespace: { include: { publisher: true } },
      categories: true,
      tags: { select: { name: true }, orderBy: [{ updatedAt: "desc" }, { name: "asc" }], take: MAX_INDEXED_TAGS },
    },
  });
  if (!repository) return null;
  return {
    ...repository,
    ...(await getRepositoryPlatforms(db, repository.id)),
    marks: await getAttachmentMarks(db, repository.id),
    imageDescription: await imageDescription(db, repository.id, repository.defaultTag ?? "latest"),
  };
}

export type RepositoryForSearch = NonNullable<Awaited<ReturnType<typeof getRepositoryForSearch>>>;

/** The image's own description annotation: the preferred tag's, else the newest tag's that has one. */
async function imageDescription(db: Catalog, repositoryId: number, preferred: string): Promise<string | null> {
  const described = {
    repositoryId,
    annotations: containsText(db, `"${DESCRIPTION_ANNOTATION}":`),
    NOT: { annotations: containsText(db, `"${DESCRIPTION_ANNOTATION}":""`) },
  };
  const tag =
    (await db.tag.findFirst({ where: { ...described, name: preferred }, select: { annotations: true } })) ??
    (await db.tag.findFirst({
      where: described,
      orderBy: [{ updatedAt: "desc" }, { name: "asc" }],
      select: { annotations: true },
    }));
  return tag ? ((JSON.parse(tag.annotations) as Record<string, string>)[DESCRIPTION_ANNOTATION] ?? null) : null;
}

/** Path and full name of every repository the public may see: what the search index should hold. */
export async function listPublicRepositories(db: Catalog): Promise<{ path: string; fullName: string }[]> {
  const rows = await db.repository.findMany({ where: PUBLIC, select: { path: true, namespaceName: true, name: true } });
  return rows.map((r) => ({ path: r.path, fullName: fullNameOf({ namespace: r.namespaceName, name: r.name }) }));
}
