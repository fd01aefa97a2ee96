import { CopyButton } from "@/components/ui/CopyButton";
import { formatBytes, formatDate, kindLabel, platformLabel, shortDigest } from "@/lib/format";
import type { PublicTag } from "@/lib/catalog/gallery";
import { dockerPull } from "@/lib/pull";
import type { RepositoryName } from "@/lib/catalog/names";
import { tagPageHref } from "@/lib/url";

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
      {/* Cell spacing set once on the table: a page has hundreds of cells, each repeated in the RSC payload. */}
      <table className="w-full text-left text-sm [&_td]:py-2 [&_td]:pr-4 [&_th]:py-2 [&_th]:pr-4" data-testid="tags-table">
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
          {tags.map((tag) => {
            const command = dockerPull(host, path, { tag: tag.name });
            return (
              <tr key={tag.id} className="border-b border-slate-100 align-top dark:border-slate-900" data-tag={tag.name}>
                <td className="font-mono font-medium">
                  {/* A plain link: next/link would prefetch every tag page in view. */}
                  <a href={tagPageHref(repository, tag.name)} className="text-sky-700 hover:underline dark:text-sky-400">
                    {tag.name}
                  </a>
                  {tag.name === defaultTag && (
                    <span className="ml-2 rounded-full bg-sky-100 px-2 py-0.5 font-sans text-xs font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-200" data-testid="default-tag">
                      default
                    </span>
                  )}
                </td>
                <td data-testid="tag-kind">
                  {kindLabel(tag.kind)}
                  {tag.artifactType && <div className="font-mono text-xs text-slate-500">{tag.artifactType}</div>}
                </td>
                <td>
                  <code className="font-mono text-xs" title={tag.digest}>
                    {shortDigest(tag.digest)}
                  </code>
                  {tag.platforms.length > 0 && (
                    <ul className="mt-1 space-y-0.5 text-xs text-slate-500" aria-label={`Platforms of ${tag.name}`}>
                      {tag.platforms.map((platform) => (
                        <li key={platform.id} data-testid="platform">
                          <span className="font-mono">{platformLabel(platform)}</span>{" "}
                          <code title={platform.digest}>{shortDigest(platform.digest)}</code>{" "}
                          <span className="whitespace-nowrap">{formatBytes(platform.compressedSize)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="whitespace-nowrap">{formatBytes(tag.totalSize)}</td>
                <td className="whitespace-nowrap">{formatDate(tag.pushedAt)}</td>
                <td>
                  <CopyButton text={command} label={`Copy pull command for ${tag.name}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
