import { PullTabs } from "@/components/repository/PullTabs";
import { CopyButton } from "@/components/ui/CopyButton";
import { helmCommands, isHelmChart } from "@/lib/pull/commands";

interface Props {
  host: string;
  path: string;
  tag: string;
  digest: string;
  artifactType: string | null;
}

/**
 * How to pull one tag of a repository, by tag and pinned by digest, in the
 * form the visitor picks; a Helm chart gets helm's commands instead, since
 * no container runtime can run it.
 */
export function PullCommand({ host, path, tag, digest, artifactType }: Props) {
  if (isHelmChart(artifactType)) return <HelmCommands host={host} path={path} tag={tag} />;
  return (
    <section aria-label="Pull command" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 className="mb-2 text-sm font-semibold">Pull command</h2>
      <PullTabs host={host} path={path} tag={tag} digest={digest} />
    </section>
  );
}

function HelmCommands({ host, path, tag }: { host: string; path: string; tag: string }) {
  const { pull, install } = helmCommands(host, path, tag);
  const commands = [
    { text: pull, label: "Pull the chart", copy: "Copy the helm pull command" },
    { text: install, label: "Install the chart", copy: "Copy the helm install command" },
  ];
  return (
    <section aria-label="Helm commands" className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 className="text-sm font-semibold">Helm commands</h2>
      {commands.map((command) => (
        <div key={command.label}>
          <div className="text-xs text-slate-500">{command.label}</div>
          <div className="flex items-start gap-2">
            <pre
              className="flex-1 whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
              data-testid="helm-command"
            >
              {command.text}
            </pre>
            <CopyButton text={command.text} label={command.copy} />
          </div>
        </div>
      ))}
    </section>
  );
}
