import Link from "next/link";
import type { TagsSection } from "@/components/repository/RepositoryView";
import { TagsTable } from "@/components/repository/TagsTable";
import { Pager } from "@/components/ui/Pager";
import { TAG_SORTS, type TagListQuery, type TagSort } from "@/lib/catalog/gallery";
import type { RepositoryName } from "@/lib/catalog/names";
import { plural } from "@/lib/presentation/format";
import { repositoryPageHref } from "@/lib/presentation/hrefs";

const SORT_LABELS: Record<TagSort, string> = { semver: "Newest version", pushed: "Recently pushed", name: "Name" };

/** The tags tab: filter by substring, sort, and page through, all in the URL. */
export function TagsExplorer(props: {
  section: TagsSection;
  repository: RepositoryName;
  host: string;
  path: string;
  defaultTag: string | null;
}) {
  const { section, repository, host, path, defaultTag } = props;
  const base = repositoryPageHref(repository);
  if ("error" in section) {
    return (
      <p role="alert" className="text-red-700 dark:text-red-400">
        {section.error}
      </p>
    );
  }
  const { query, tags, total } = section;
  const href = (change: Partial<TagListQuery>) => {
    const next = { ...query, page: 1, ...change };
    const params = new URLSearchParams({ tab: "tags" });
    if (next.filter) params.set("filter", next.filter);
    if (next.sort !== "semver") params.set("sort", next.sort);
    if (next.page > 1) params.set("page", String(next.page));
    return `${base}?${params}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <form action={base} method="get" className="flex gap-2" role="search" aria-label="Filter tags">
          <input type="hidden" name="tab" value="tags" />
          {query.sort !== "semver" && <input type="hidden" name="sort" value={query.sort} />}
          <input
            type="search"
            name="filter"
            defaultValue={query.filter}
            maxLength={128}
            placeholder="Filter tags"
            aria-label="Filter tags"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700">
            Filter
          </button>
        </form>
        <nav aria-label="Sort tags" className="flex items-center gap-1 text-sm">
          {TAG_SORTS.map((sort) => (
            <Link
              key={sort}
              href={href({ sort })}
              aria-current={query.sort === sort ? "true" : undefined}
              className={`rounded px-2 py-1 ${query.sort === sort ? "bg-sky-700 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            >
              {SORT_LABELS[sort]}
            </Link>
          ))}
        </nav>
      </div>
      <p className="text-sm text-slate-500" data-testid="tag-count">
        {plural(total, "tag")}
        {query.filter && <> matching “{query.filter}”</>}
      </p>
      <TagsTable tags={tags} host={host} path={path} repository={repository} defaultTag={defaultTag} />
      <Pager page={query.page} pages={Math.ceil(total / query.pageSize)} href={(page) => href({ page })} />
    </div>
  );
}
