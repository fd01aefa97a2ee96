import { SearchResults } from "@/components/search/SearchResults";
import { Badges } from "@/components/ui/Badges";
import { FeedLink } from "@/components/ui/FeedLink";
import type { NamespaceSummary } from "@/lib/catalog/gallery";
import { namespaceFeedPath } from "@/lib/feeds/tag-feeds";
import { plural } from "@/lib/presentation/format";

/** A publisher's public repositories, with the search page's filters, sorts and pages. */
export function PublisherView({ publisher, params }: { publisher: NamespaceSummary; params: URLSearchParams }) {
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
        <FeedLink href={namespaceFeedPath(publisher.name)} />
      </header>
      <SearchResults
        params={params}
        scope={{ path: `/${publisher.name}`, pinned: { field: "namespace", value: publisher.name } }}
        countHeading="h2"
      />
    </div>
  );
}
