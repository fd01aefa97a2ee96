import { CopyButton } from "@/components/ui/CopyButton";
import { dockerPull } from "@/lib/pull";

/** The pull command of a repository's default tag, by tag and pinned by digest. */
export function PullCommand({ host, path, tag, digest }: { host: string; path: string; tag: string; digest: string }) {
  const commands = [
    { label: "By tag", command: dockerPull(host, path, { tag }) },
    { label: "By digest", command: dockerPull(host, path, { digest }) },
  ];
  return (
    <section aria-label="Pull command" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 className="mb-2 text-sm font-semibold">Pull command</h2>
      <ul className="space-y-2">
        {commands.map(({ label, command }) => (
          <li key={label}>
            <div className="text-xs text-slate-500">{label}</div>
            <div className="flex items-center gap-2">
              <code
                className="flex-1 break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
                data-testid="pull-command"
              >
                {command}
              </code>
              <CopyButton text={command} label={`Copy pull command ${label.toLowerCase()}`} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
