import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PublisherView } from "@/components/publisher/PublisherView";
import { RepositoryView, type TagsSection } from "@/components/repository/RepositoryView";
import { TABS, type Tab } from "@/components/repository/Tabs";
import { TagView } from "@/components/tag/TagView";
import { cosignTrust } from "@/lib/attachments/trust.server";
import { getAttachmentMarks, getTagAttachments } from "@/lib/catalog/attachments";
import { getCatalog } from "@/lib/catalog/database.server";
import {
  findPublicRepositoryOrTag,
  getDefaultTag,
  getPublicNamespace,
  getPublicRepositoryPlatforms,
  listTags,
  type PublicRepository,
  type PublicTagDetails,
} from "@/lib/catalog/gallery";
import { kindLabel, platformLabel } from "@/lib/presentation/format";
import { getDailyPulls } from "@/lib/catalog/pulls";
import { namespaceFeedPath, repositoryFeedPath } from "@/lib/feeds/tag-feeds";
import { parseTagListQuery, TagQueryError } from "@/lib/http/tag-list-query";
import { repositoryPageHref, tagPageHref, toURLSearchParams, type PageSearchParams } from "@/lib/presentation/hrefs";

/**
 * /<namespace> is a publisher's page, /<namespace>/<repository> a
 * repository's (names may contain "/") and /<namespace>/<repository>/tags/<tag>
 * a tag's. A repository may itself be named "<x>/tags/<y>": a public
 * repository bearing the whole path wins, so its URL never changes meaning
 * when a tag page could also match; otherwise the last two segments name the
 * tag. Private and unknown names all end in the same notFound().
 */
interface Props {
  params: Promise<{ path: string[] }>;
  searchParams: Promise<PageSearchParams>;
}

/** One read per request: generateMetadata and the page share it (keyed by strings, which cache compares by value). */
const loadPublic = cache(async (namespace: string, name: string) => {
  const db = getCatalog();
  if (!name) {
    const publisher = await getPublicNamespace(db, namespace);
    return publisher && ({ kind: "publisher", publisher } as const);
  }
  return findPublicRepositoryOrTag(db, namespace, name.split("/"));
});

async function load([namespace, ...rest]: string[]) {
  return (namespace && (await loadPublic(namespace, rest.join("/")))) || notFound();
}

const nameOf = ({ namespaceName, name }: { namespaceName: string; name: string }) => ({ namespace: namespaceName, name });

function tagMetadata(tag: PublicTagDetails): Metadata {
  const repository = `${tag.repository.namespaceName}/${tag.repository.name}`;
  const title = `${repository}:${tag.name}`;
  const contents = tag.artifactType ?? (tag.platforms.map(platformLabel).join(", ") || "no platforms");
  const description = `Tag ${tag.name} of ${repository}: ${kindLabel(tag.kind)} (${contents}).`;
  const url = tagPageHref(nameOf(tag.repository), tag.name);
  return { title, description, openGraph: { title, description, type: "website", url, siteName: "Galleon" } };
}

async function loadTags(repository: PublicRepository, params: URLSearchParams): Promise<TagsSection> {
  try {
    const query = parseTagListQuery(params);
    return { query, ...(await listTags(getCatalog(), repository, query)) };
  } catch (error) {
    if (error instanceof TagQueryError) return { error: error.message };
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).path);
  // Feed readers find the page's Atom feed through <link rel="alternate">.
  const feed = (url: string, title: string) => ({ types: { "application/atom+xml": [{ url, title }] } });
  if (page.kind === "publisher") {
    const { name, displayName } = page.publisher;
    return {
      title: displayName,
      description: `Container images published by ${displayName}`,
      alternates: feed(namespaceFeedPath(name), `${displayName}: new tags`),
    };
  }
  if (page.kind === "tag") return tagMetadata(page.tag);
  const { repository } = page;
  const title = `${repository.namespaceName}/${repository.name}`;
  const description = repository.shortDescription || `The ${title} container image`;
  return {
    title,
    description,
    openGraph: { title, description, type: "website", url: `/${title}`, siteName: "Galleon" },
    alternates: feed(repositoryFeedPath(repository.namespaceName, repository.name), `${title}: new tags`),
  };
}

export default async function Page({ params, searchParams }: Props) {
  const page = await load((await params).path);
  const query = toURLSearchParams(await searchParams);
  if (page.kind === "publisher") return <PublisherView publisher={page.publisher} params={query} />;
  if (page.kind === "tag") {
    const { tag } = page;
    const attachments = await getTagAttachments(getCatalog(), tag);
    return <TagView tag={tag} repositoryPage={repositoryPageHref(nameOf(tag.repository))} attached={{ attachments, trust: cosignTrust() }} />;
  }
  const { repository } = page;
  const tab: Tab = TABS.find((t) => t === query.get("tab")) ?? "about";
  const db = getCatalog();
  const [defaultTag, platforms, dailyPulls, tags, marks] = await Promise.all([
    getDefaultTag(db, repository),
    getPublicRepositoryPlatforms(db, repository),
    getDailyPulls(db, repository.id),
    tab === "tags" ? loadTags(repository, query) : null,
    getAttachmentMarks(db, repository.id),
  ]);
  return (
    <RepositoryView
      repository={repository}
      defaultTag={defaultTag}
      platforms={platforms}
      tab={tab}
      dailyPulls={dailyPulls}
      tags={tags}
      marks={marks}
    />
  );
}
