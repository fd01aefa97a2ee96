/**
 * The gallery's Atom feeds of new tags: one per public repository
 * (/feeds/<namespace>/<repository>.atom) and one per namespace with a public
 * repository (/feeds/<namespace>.atom). Private and unknown names have none.
 */
import type { Catalog } from "@/lib/catalog/database.server";
import { listNewTags, type NewTag } from "@/lib/catalog/new-tags";
import { getPublicNamespace, getPublicRepository } from "@/lib/catalog/gallery";
import { platformLabel } from "@/lib/presentation/format";
import { repositoryPageHref, tagPageHref } from "@/lib/presentation/hrefs";
import { type AtomEntry, renderAtomFeed } from "./atom";

const SUFFIX = ".atom";

export const namespaceFeedPath = (namespace: string) => `/feeds/${namespace}${SUFFIX}`;
export const repositoryFeedPath = (namespace: string, name: string) => `/feeds/${namespace}/${name}${SUFFIX}`;

const day = (date: Date) => date.toISOString().slice(0, 10);

function entry(tag: NewTag, site: URL): AtomEntry {
  const { namespaceName, name } = tag.repository;
  const page = tagPageHref({ namespace: namespaceName, name }, tag.name);
  const platforms = tag.platforms.map(platformLabel).join(", ") || "none";
  return {
    // A tag: URI (RFC 4151) dated by the first push: stable while the tag
    // lives, and a new entry if it is deleted and pushed again another day.
    id: `tag:${site.hostname},${day(tag.pushedAt)}:${page}`,
    title: `${namespaceName}/${name}:${tag.name}`,
    published: tag.pushedAt,
    updated: tag.updatedAt,
    link: new URL(page, site).toString(),
    summary: `Digest ${tag.digest}. Platforms: ${platforms}.`,
  };
}

/** The feed at `path` (the segments after /feeds/) as Atom XML, or null when there is none. */
export async function renderTagFeed(db: Catalog, path: string[], site: URL): Promise<string | null> {
  const last = path.at(-1);
  if (!last?.endsWith(SUFFIX) || last === SUFFIX) return null;
  const [namespace, ...rest] = [...path.slice(0, -1), last.slice(0, -SUFFIX.length)];
  const url = (pathname: string) => new URL(pathname, site).toString();

  if (rest.length === 0) {
    const publisher = await getPublicNamespace(db, namespace!);
    if (!publisher) return null;
    const { tags, updated } = await listNewTags(db, { namespaceName: publisher.name });
    return renderAtomFeed({
      id: url(namespaceFeedPath(publisher.name)),
      title: `${publisher.displayName}: new tags`,
      subtitle: `Tags pushed to the public repositories of the ${publisher.name} namespace`,
      updated,
      author: { name: publisher.displayName, uri: url(`/${publisher.name}`) },
      self: url(namespaceFeedPath(publisher.name)),
      alternate: url(`/${publisher.name}`),
      entries: tags.map((tag) => entry(tag, site)),
    });
  }

  const repository = await getPublicRepository(db, namespace!, rest.join("/"));
  if (!repository) return null;
  const { namespaceName, name } = repository;
  const { tags, updated } = await listNewTags(db, { repositoryId: repository.id });
  return renderAtomFeed({
    id: url(repositoryFeedPath(namespaceName, name)),
    title: `${namespaceName}/${name}: new tags`,
    subtitle: repository.shortDescription,
    updated,
    author: { name: repository.namespace.publisher?.displayName ?? namespaceName, uri: url(`/${namespaceName}`) },
    self: url(repositoryFeedPath(namespaceName, name)),
    alternate: url(repositoryPageHref({ namespace: namespaceName, name })),
    entries: tags.map((tag) => entry(tag, site)),
  });
}
