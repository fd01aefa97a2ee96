import type { Catalog } from "./database.server";
import { fullNameOf, type RepositoryName } from "./names";
import { PUBLIC } from "./repositories";

/**
 * What the search box finds besides text: a tag by its reference, and the
 * tags and platforms behind a digest. Public repositories only, so a private
 * repository answers exactly as an unknown one.
 */

/** Matches listed for one digest prefix: a prefix that matches more is too short to be useful. */
export const MAX_DIGEST_MATCHES = 100;

/** Whether the public repository exists, and whether it has the tag; null when there is no such public repository. */
export async function findPublicTag(db: Catalog, repository: RepositoryName, tag: string): Promise<{ exists: boolean } | null> {
  const found = await db.repository.findFirst({
    where: { ...PUBLIC, namespaceName: repository.namespace, name: repository.name },
    select: { tags: { where: { name: tag }, select: { id: true } } },
  });
  return found && { exists: found.tags.length > 0 };
}

export interface DigestMatch {
  /** The whole digest the prefix matched. */
  digest: string;
  repository: RepositoryName;
  tag: string;
  /**
   * The platform of the tag's index whose manifest has the digest; null when
   * it is the tag's own manifest (a single-platform image's one platform is that too).
   */
  platform: { os: string; architecture: string; variant: string | null } | null;
}

/**
 * Tags whose manifest, or one of whose platform manifests, has a digest
 * starting with `prefix` ("sha256:" and hex digits), ordered by digest,
 * repository, tag. `truncated`: there were more than MAX_DIGEST_MATCHES.
 */
export async function findPublicDigests(db: Catalog, prefix: string): Promise<{ matches: DigestMatch[]; truncated: boolean }> {
  // A range rather than LIKE, which would be case-insensitive and could not use the digest index. CROSS JOIN
  // keeps SQLite on the digest index first: statistics alone let it walk every public repository instead.
  const [from, to] = [prefix, `${prefix}\u{10FFFF}`];
  const [tags, platforms] = await Promise.all([
    db.$queryRaw<Array<{ digest: string; namespaceName: string; name: string; tag: string }>>`
      SELECT t.digest, r."namespaceName", r.name, t.name AS tag
      FROM "Tag" t CROSS JOIN "Repository" r ON r.id = t."repositoryId"
      WHERE t.digest >= ${from} AND t.digest < ${to} AND r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry}
      ORDER BY t.digest LIMIT ${MAX_DIGEST_MATCHES + 1}`,
    db.$queryRaw<Array<{ digest: string; namespaceName: string; name: string; tag: string; os: string; architecture: string; variant: string | null }>>`
      SELECT p.digest, r."namespaceName", r.name, t.name AS tag, p.os, p.architecture, p.variant
      FROM "Platform" p CROSS JOIN "Tag" t ON t.id = p."tagId" CROSS JOIN "Repository" r ON r.id = t."repositoryId"
      WHERE p.digest >= ${from} AND p.digest < ${to} AND p.digest <> t.digest AND r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry}
      ORDER BY p.digest LIMIT ${MAX_DIGEST_MATCHES + 1}`,
  ]);
  const matches: DigestMatch[] = [
    ...tags.map(({ digest, namespaceName, name, tag }) => ({ digest, repository: { namespace: namespaceName, name }, tag, platform: null })),
    ...platforms.map(({ digest, namespaceName, name, tag, ...platform }) => ({ digest, repository: { namespace: namespaceName, name }, tag, platform })),
  ];
  const key = (m: DigestMatch) => [m.digest, fullNameOf(m.repository), m.tag].join("\u0000");
  matches.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { matches: matches.slice(0, MAX_DIGEST_MATCHES), truncated: matches.length > MAX_DIGEST_MATCHES };
}
