import { PullTabs } from "@/components/repository/PullTabs";

/** How to pull one tag of a repository, by tag and pinned by digest, in the form the visitor picks. */
export function PullCommand({ host, path, tag, digest }: { host: string; path: string; tag: string; digest: string }) {
  return (
    <section aria-label="Pull command" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 className="mb-2 text-sm font-semibold">Pull command</h2>
      <PullTabs host={host} path={path} tag={tag} digest={digest} />
    </section>
  );
}
