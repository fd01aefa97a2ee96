import Link from "next/link";
import { CopyButton } from "@/components/ui/CopyButton";
import type { PublicTagDetails } from "@/lib/catalog/gallery";
import { formatBytes, formatDate, kindLabel } from "@/lib/presentation/format";

/** The tag, the repository it belongs to, its digest, kind and dates. */
export function TagHeader({ tag, repositoryPage }: { tag: PublicTagDetails; repositoryPage: string }) {
  const { namespaceName, name } = tag.repository;
  return (
    <header className="space-y-3">
      <p className="text-sm">
        <Link href={repositoryPage} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="repository-link">
          {namespaceName}/{name}
        </Link>
      </p>
      <h1 className="text-2xl font-bold break-all">
        <span className="sr-only">Tag </span>
        <span className="font-mono">{tag.name}</span>
      </h1>
      <div className="flex items-center gap-2">
        <code className="break-all font-mono text-xs text-slate-600 dark:text-slate-400" data-testid="tag-digest">
          {tag.digest}
        </code>
        <CopyButton text={tag.digest} label="Copy digest" />
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-600 dark:text-slate-400">
        <div>
          <dt className="sr-only">Kind</dt>
          <dd data-testid="tag-kind">
            {kindLabel(tag.kind)}
            {tag.artifactType && <span className="ml-2 break-all font-mono text-xs">{tag.artifactType}</span>}
          </dd>
        </div>
        <div>
          <dt className="inline">Compressed size </dt>
          <dd className="inline">{formatBytes(tag.totalSize)}</dd>
        </div>
        <div>
          <dt className="inline">Pushed </dt>
          <dd className="inline">{formatDate(tag.pushedAt)}</dd>
        </div>
        {tag.imageCreated && (
          <div>
            <dt className="inline">Created </dt>
            <dd className="inline">{formatDate(tag.imageCreated)}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}
