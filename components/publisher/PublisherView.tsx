import Link from "next/link";
import { RepositoryList } from "@/components/search/RepositoryList";
import { Badges } from "@/components/ui/Badges";
import type { NamespaceSummary } from "@/lib/catalog/gallery";
import { plural } from "@/lib/format";
import { MAX_PAGE_SIZE } from "@/lib/search/query";
import { getSearchEngine } from "@/lib/search/shared";

/** A publisher's public repositories, most pulled first. */
export async function PublisherView({ publisher }: { publisher: NamespaceSummary }) {
  const result = await (await getSearchEngine()).search({
    q: "",
    filters: { namespace: [publisher.name] },
    sort: "pulls",
    page: 1,
    pageSize: MAX_PAGE_SIZE,
  });
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold">{publisher.displayName}</h1>
          <Badges verified={publisher.verified} official={publisher.official} />
        </div>
        <p className="text-sm text-slate-500">
          Namespace <span className="font-mono">{publisher.name}</span> ·{" "}
          {plural(publisher.repositories, "repository", "repositories")}
        </p>
      </header>
      <RepositoryList hits={result.hits} className="grid gap-3 md:grid-cols-2" />
      {result.total > result.hits.length && (
        <Link href={`/search?namespace=${encodeURIComponent(publisher.name)}`} className="text-sm text-sky-700 hover:underline">
          All {result.total} repositories →
        </Link>
      )}
    </div>
  );
}
