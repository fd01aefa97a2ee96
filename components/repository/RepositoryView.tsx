import { Markdown } from "@/components/repository/Markdown";
import { PullCommand } from "@/components/repository/PullCommand";
import { PullsChart } from "@/components/repository/PullsChart";
import { RepositoryHeader } from "@/components/repository/RepositoryHeader";
import { Tabs, type Tab } from "@/components/repository/Tabs";
import { TagsExplorer } from "@/components/repository/TagsExplorer";
import { FeedLink } from "@/components/ui/FeedLink";
import type { AttachmentMarks } from "@/lib/catalog/attachments";
import type { PublicRepository, PublicTag, TagListQuery } from "@/lib/catalog/gallery";
import { registryPublicHost } from "@/lib/config/environment";
import { repositoryFeedPath } from "@/lib/feeds/tag-feeds";
import { categoryPageHref, repositoryPageHref } from "@/lib/presentation/hrefs";

export type TagsSection = { query: TagListQuery; tags: PublicTag[]; total: number } | { error: string };

interface Props {
  repository: PublicRepository;
  defaultTag: PublicTag | null;
  platforms: { operatingSystems: string[]; architectures: string[] };
  tab: Tab;
  /** Pulls per UTC day, oldest first. */
  dailyPulls: Array<{ day: string; pulls: number }>;
  /** Loaded for the tags tab only. */
  tags: TagsSection | null;
  /** Signed, SBOM: what is attached to its images. */
  marks: AttachmentMarks;
}

export function RepositoryView({ repository, defaultTag, platforms, tab, dailyPulls, tags, marks }: Props) {
  const host = registryPublicHost();
  const name = { namespace: repository.namespaceName, name: repository.name };
  const base = repositoryPageHref(name);
  return (
    <div className="space-y-6">
      <RepositoryHeader
        repository={repository}
        defaultTag={defaultTag?.name ?? null}
        platforms={[...platforms.operatingSystems, ...platforms.architectures]}
        marks={marks}
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0">
          <Tabs base={base} current={tab} />
          <div className="pt-6" data-testid={`tab-${tab}`}>
            {tab === "about" && <Markdown source={repository.about} stored={repository.aboutHtml} empty="The publisher has not written an About page yet." />}
            {tab === "usage" && <Markdown source={repository.usage} stored={repository.usageHtml} empty="The publisher has not written usage notes yet." />}
            {tab === "tags" && tags && (
              <TagsExplorer section={tags} repository={name} host={host} path={repository.path} defaultTag={defaultTag?.name ?? null} />
            )}
          </div>
        </div>
        <aside className="space-y-4">
          {defaultTag && <PullCommand host={host} path={repository.path} tag={defaultTag.name} digest={defaultTag.digest} artifactType={defaultTag.artifactType} />}
          <PullsChart series={dailyPulls} />
          {repository.categories.length > 0 && (
            <section className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800">
              <h2 className="mb-2 font-semibold">Categories</h2>
              <ul className="flex flex-wrap gap-2">
                {repository.categories.map(({ category }) => (
                  <li key={category}>
                    <a href={categoryPageHref(category)} className="rounded bg-slate-100 px-2 py-1 hover:underline dark:bg-slate-800">
                      {category}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <FeedLink href={repositoryFeedPath(repository.namespaceName, repository.name)} />
        </aside>
      </div>
    </div>
  );
}
