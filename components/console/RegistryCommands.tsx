import { CopyButton } from "@/components/ui/CopyButton";
import { dockerPull } from "@/lib/pull/commands";

/** `docker login <host>`: any user name, a Galleon API token as the password (the registry refuses account passwords). */
export function dockerLogin(host: string): string {
  return `docker login ${host}`;
}

/** One command with its copy button. */
function Command({ text, label }: { text: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="min-w-0 flex-1 break-all rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-900">{text}</code>
      <CopyButton text={text} label={label} />
    </div>
  );
}

/** A private repository's commands: signing in to the registry with an API token, then pulling. */
export function PrivatePullCommands({ host, path, tag }: { host: string; path: string; tag: string }) {
  return (
    <section aria-labelledby="registry-commands" className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="registry-commands" className="text-lg font-semibold">
        Pull this private repository
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Sign in to the registry with an API token of this publisher as the password (any user name); account passwords are
        refused.
      </p>
      <Command text={dockerLogin(host)} label="Copy the login command" />
      <Command text={dockerPull(host, path, { tag })} label="Copy the pull command" />
    </section>
  );
}

/** After a token is created: how to sign in to the registry with it. */
export function TokenLoginCommand({ host }: { host: string }) {
  return (
    <div className="space-y-1">
      <p>Sign in to the registry with it, pasting the token as the password:</p>
      <Command text={`${dockerLogin(host)} --username token`} label="Copy the login command" />
    </div>
  );
}
