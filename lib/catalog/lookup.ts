import type { Catalog } from "./client";
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
  /** The platform whose manifest has the digest; null when it is the tag's own manifest (image or index). */
  platform: { os: string; architecture: string; variant: string | null } | null;
}

/**
 * Tags whose manifest, or one of whose platform manifests, has a digest
 * starting with `prefix` ("sha256:" and hex digits), ordered by digest,
 * repository, tag. `truncated`: there were more than MAX_DIGEST_MATCHES.
 */
export async function findPublicDigests(db: Catalog, prefix: string): Promise<{ matches: DigestMatch[]; truncated: boolean }> {
  // A range rather than LIKE, which would be case-insensitive and could not use the digest index.
  const digest = { gte: prefix, lt: `${prefix}\u{10FFFF}` };
  const repository = { select: { namespaceName: true, name: true } } as const;
  const [tags, platforms] = await Promise.all([
    db.tag.findMany({
      where: { digest, repository: PUBLIC },
      select: { name: true, digest: true, repository },
      orderBy: { digest: "asc" },
      take: MAX_DIGEST_MATCHES + 1,
    }),
    db.platform.findMany({
      where: { digest, tag: { repository: PUBLIC } },
      select: { digest: true, os: true, architecture: true, variant: true, tag: { select: { name: true, repository } } },
      orderBy: { digest: "asc" },
      take: MAX_DIGEST_MATCHES + 1,
    }),
  ]);
  const nameOf = (r: { namespaceName: string; name: string }) => ({ namespace: r.namespaceName, name: r.name });
  const matches: DigestMatch[] = [
    ...tags.map((t) => ({ digest: t.digest, repository: nameOf(t.repository), tag: t.name, platform: null })),
    ...platforms.map(({ digest, tag, ...platform }) => ({ digest, repository: nameOf(tag.repository), tag: tag.name, platform })),
  ];
  const key = (m: DigestMatch) => [m.digest, fullNameOf(m.repository), m.tag].join("\u0000");
  matches.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { matches: matches.slice(0, MAX_DIGEST_MATCHES), truncated: matches.length > MAX_DIGEST_MATCHES };
}
