import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PublisherView } from "@/components/publisher/PublisherView";
import { RepositoryView, type TagsSection } from "@/components/repository/RepositoryView";
import { TABS, type Tab } from "@/components/repository/Tabs";
import { getCatalog } from "@/lib/catalog/client";
import {
  getDefaultTag,
  getPublicNamespace,
  getPublicRepository,
  listTags,
  type PublicRepository,
} from "@/lib/catalog/gallery";
import { getDailyPulls } from "@/lib/catalog/pulls";
import { getRepositoryPlatforms } from "@/lib/catalog/repositories";
import { namespaceFeedPath, repositoryFeedPath } from "@/lib/feeds/tag-feeds";
import { parseTagListQuery, TagQueryError } from "@/lib/tag-query";
import { toURLSearchParams, type PageSearchParams } from "@/lib/url";

/**
 * /<namespace> is a publisher's page and /<namespace>/<repository> a
 * repository's (names may contain "/"). Private and unknown names both end in
 * notFound(), after the same single query.
 */
interface Props {
  params: Promise<{ path: string[] }>;
  searchParams: Promise<PageSearchParams>;
}

async function load(path: string[]) {
  const [namespace, ...rest] = path;
  if (!namespace) notFound();
  if (rest.length === 0) {
    const publisher = await getPublicNamespace(getCatalog(), namespace);
    return publisher ? ({ kind: "publisher", publisher } as const) : notFound();
  }
  const repository = await getPublicRepository(getCatalog(), namespace, rest.join("/"));
  return repository ? ({ kind: "repository", repository } as const) : notFound();
}

async function loadTags(repository: PublicRepository, params: URLSearchParams): Promise<TagsSection> {
  try {
    const query = parseTagListQuery(params);
    return { query, ...(await listTags(getCatalog(), repository.id, query)) };
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
  const { repository } = page;
  const tab: Tab = TABS.find((t) => t === query.get("tab")) ?? "about";
  const db = getCatalog();
  const [defaultTag, platforms, dailyPulls, tags] = await Promise.all([
    getDefaultTag(db, repository),
    getRepositoryPlatforms(db, repository.id),
    getDailyPulls(db, repository.id),
    tab === "tags" ? loadTags(repository, query) : null,
  ]);
  return (
    <RepositoryView
      repository={repository}
      defaultTag={defaultTag}
      platforms={platforms}
      tab={tab}
      dailyPulls={dailyPulls}
      tags={tags}
    />
  );
}
