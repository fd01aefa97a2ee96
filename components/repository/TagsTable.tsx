import { type TagRow, TagRows } from "@/components/repository/TagRows";
import { formatBytes, formatDate, kindLabel, platformLabel } from "@/lib/presentation/format";
import type { PublicTag } from "@/lib/catalog/gallery";
import { dockerPull, helmCommands, isHelmChart } from "@/lib/pull/commands";
import type { RepositoryName } from "@/lib/catalog/names";
import { tagPageHref } from "@/lib/presentation/hrefs";

/** What a row shows, as text. */
function tagRow(tag: PublicTag, host: string, path: string, repository: RepositoryName): TagRow {
  return {
    id: tag.id,
    name: tag.name,
    href: tagPageHref(repository, tag.name),
    kind: kindLabel(tag.kind),
    artifactType: tag.artifactType,
    digest: tag.digest,
    platforms: tag.platforms.map((p) => ({ id: p.id, label: platformLabel(p), digest: p.digest, size: formatBytes(p.compressedSize) })),
    size: formatBytes(tag.totalSize),
    pushed: formatDate(tag.pushedAt),
    pullCommand: isHelmChart(tag.artifactType) ? helmCommands(host, path, tag.name).pull : dockerPull(host, path, { tag: tag.name }),
  };
}

/**
 * Every tag with its digest, size, kind and, for multi-arch tags, each
 * platform's own digest and size; each tag links to its page. The default
 * tag (the one the pull command shows) is labelled where the sort puts it.
 */
export function TagsTable(props: { tags: PublicTag[]; host: string; path: string; repository: RepositoryName; defaultTag: string | null }) {
  const { tags, host, path, repository, defaultTag } = props;
  if (tags.length === 0) return <p className="text-slate-500">No tags to show.</p>;
  return (
    <div className="overflow-x-auto">
      {/* Cell spacing set once on the table: a page has hundreds of cells. */}
      <table className="tags-table w-full text-left text-sm [&_td]:py-2 [&_td]:pr-4 [&_th]:py-2 [&_th]:pr-4" data-testid="tags-table">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th>Tag</th>
            <th>Type</th>
            <th>Digest</th>
            <th>Compressed size</th>
            <th>Pushed</th>
            <th>Pull</th>
          </tr>
        </thead>
        <tbody>
          <TagRows rows={tags.map((tag) => tagRow(tag, host, path, repository))} defaultTag={defaultTag} />
        </tbody>
      </table>
    </div>
  );
}
