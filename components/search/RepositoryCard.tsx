import Link from "next/link";
import { AttachmentMarks } from "@/components/ui/AttachmentMarks";
import { Badges } from "@/components/ui/Badges";
import { Highlighted } from "@/components/ui/Highlighted";
import { PlatformChips } from "@/components/ui/PlatformChips";
import { formatCount, formatDate } from "@/lib/presentation/format";
import type { SearchHit } from "@/lib/search/types";

/** One repository in a list: search results, the home page, a publisher's page. */
export function RepositoryCard({ hit }: { hit: SearchHit }) {
  const { document: repository, highlights } = hit;
  return (
    <article className="rounded-lg border border-slate-200 p-4 hover:border-sky-400 dark:border-slate-800" data-testid="repository-card">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">
          <Link href={`/${repository.fullName}`} className="hover:underline">
            <span className="text-slate-500">{repository.namespace}/</span>
            <Highlighted segments={highlights.name} fallback={repository.name} />
          </Link>
        </h3>
        <Badges verified={repository.verified} official={repository.official} />
        <AttachmentMarks signed={repository.signed} sbom={repository.sbom} />
      </div>
      <p className="mt-1 text-sm text-slate-500">
        by{" "}
        <Link href={`/${repository.namespace}`} className="hover:underline">
          {repository.publisher || repository.namespace}
        </Link>
      </p>
      <p className="mt-2 text-sm">
        <Highlighted segments={highlights.shortDescription} fallback={repository.shortDescription} />
      </p>
      {/* About's excerpt only when it explains the match; its first sentences would repeat the description. */}
      {highlights.about.some((segment) => segment.match) && (
        <p className="mt-1 text-xs text-slate-500">
          … <Highlighted segments={highlights.about} fallback="" /> …
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-slate-500">
        <PlatformChips values={[...repository.operatingSystems, ...repository.architectures]} />
        <span>{formatCount(repository.pulls)} pulls</span>
        <span>Updated {formatDate(new Date(repository.updatedAt))}</span>
      </div>
    </article>
  );
}
