import Link from "next/link";
import { AttachmentMarks } from "@/components/ui/AttachmentMarks";
import { Badges } from "@/components/ui/Badges";
import type { AttachmentMarks as Marks } from "@/lib/catalog/attachments";
import { PlatformChips } from "@/components/ui/PlatformChips";
import type { PublicRepository } from "@/lib/catalog/gallery";
import { formatCount, formatDate } from "@/lib/presentation/format";

interface Props {
  repository: PublicRepository;
  defaultTag: string | null;
  /** Operating systems, then architectures. */
  platforms: string[];
  marks: Marks;
}

export function RepositoryHeader({ repository, defaultTag, platforms, marks }: Props) {
  const publisher = repository.namespace.publisher;
  // Publishers' own hosts, or a logo uploaded in the console (served by /logos).
  const logo = repository.logo && /^(https?:\/\/|\/logos\/)/.test(repository.logo) ? repository.logo : null;
  return (
    <header className="flex gap-4">
      {logo && (
        // eslint-disable-next-line @next/next/no-img-element -- logos are publishers' images of any size, some on their own hosts
        <img src={logo} alt="" width={64} height={64} className="h-16 w-16 rounded-lg object-contain" />
      )}
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold break-all">
            <Link href={`/${repository.namespaceName}`} className="text-slate-500 underline underline-offset-4 hover:no-underline">
              {repository.namespaceName}
            </Link>
            /{repository.name}
          </h1>
          <Badges verified={publisher?.verified ?? false} official={publisher?.official ?? false} />
          <AttachmentMarks signed={marks.signed} sbom={marks.sbom} />
        </div>
        <p className="text-sm text-slate-500">
          by{" "}
          <Link href={`/${repository.namespaceName}`} className="hover:underline" data-testid="publisher-link">
            {publisher?.displayName ?? repository.namespaceName}
          </Link>
        </p>
        {repository.shortDescription && <p>{repository.shortDescription}</p>}
        <dl className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm text-slate-600 dark:text-slate-400">
          <div className="flex items-center gap-2">
            <dt className="sr-only">Operating systems and architectures</dt>
            <dd>
              <PlatformChips values={platforms} />
            </dd>
          </div>
          <div>
            <dt className="inline">Updated </dt>
            <dd className="inline">{formatDate(repository.updatedAt)}</dd>
          </div>
          {defaultTag && (
            <div>
              <dt className="inline">Default tag </dt>
              <dd className="inline font-mono">{defaultTag}</dd>
            </div>
          )}
          <div>
            <dd className="inline">{formatCount(repository.pulls)}</dd>
            <dt className="inline"> pulls</dt>
          </div>
        </dl>
      </div>
    </header>
  );
}
