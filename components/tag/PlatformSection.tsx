import type { ReactNode } from "react";
import type { PublicTagDetails } from "@/lib/catalog/gallery";
import type { HistoryEntry, ImageDetails } from "@/lib/registry/types";
import { formatBytes, formatDate, platformLabel, plural } from "@/lib/presentation/format";
import { CELL, DataTable, ROW } from "./DataTable";
import { Digest } from "./Digest";

type Platform = PublicTagDetails["platforms"][number];

/** One platform's layers, runtime configuration and history, folded with <details> so it works without script. */
export function PlatformSection({ platform, id, open }: { platform: Platform; id: string; open: boolean }) {
  const label = platformLabel(platform);
  const { details } = platform;
  return (
    <details
      id={id}
      open={open}
      className="group rounded-lg border border-slate-200 dark:border-slate-800"
      data-testid="platform-section"
      data-platform={label}
    >
      <summary className="flex cursor-pointer flex-wrap items-baseline gap-3 px-4 py-3">
        {/* A flex summary loses its marker: this one turns when the section opens. */}
        <span aria-hidden="true" className="inline-block text-slate-400 transition-transform group-open:rotate-90">
          ▸
        </span>
        <h2 className="font-mono font-semibold">{label}</h2>
        <Digest digest={platform.digest} />
        <span className="text-sm text-slate-500">{formatBytes(platform.compressedSize)}</span>
      </summary>
      <div className="space-y-6 px-4 pb-4">
        {details === null ? (
          <p className="text-slate-500">The gallery has no details of this platform yet.</p>
        ) : (
          <>
            <Part title={`Layers (${details.layers.length})`} testId="layers">
              <Layers layers={details.layers} />
            </Part>
            <Part title="Configuration" testId="config">
              <Configuration details={details} />
            </Part>
            <Part title={`History (${plural(details.history.length, "step")})`} testId="history">
              <History entries={details.history} />
            </Part>
            {details.truncated && (
              <p className="text-sm text-slate-500">This image holds more than the gallery keeps: long lists and texts are cut short.</p>
            )}
          </>
        )}
      </div>
    </details>
  );
}

function Part({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="space-y-2" data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function Layers({ layers }: { layers: ImageDetails["layers"] }) {
  if (layers.length === 0) return <p className="text-sm text-slate-500">No layers.</p>;
  return (
    <DataTable label="Layers" head={["#", "Media type", "Size", "Digest"]}>
      {layers.map((layer, i) => (
        <tr key={i} className={ROW} data-testid="layer">
          <td className={CELL}>{i + 1}</td>
          <td className={`${CELL} break-all font-mono text-xs`}>{layer.mediaType}</td>
          <td className={`${CELL} whitespace-nowrap`}>{formatBytes(layer.size)}</td>
          <td className={CELL}>
            <Digest digest={layer.digest} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

const Code = ({ children }: { children: ReactNode }) => (
  <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{children}</code>
);

function Values({ values }: { values: string[] }) {
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((value, i) => (
        <li key={i}>
          <Code>{value}</Code>
        </li>
      ))}
    </ul>
  );
}

/** The image config's runtime settings; environment variables by name only, as stored. */
function Configuration({ details }: { details: ImageDetails }) {
  const labels = Object.entries(details.labels);
  const rows: Array<[string, ReactNode]> = [];
  if (details.entrypoint) rows.push(["Entrypoint", <Code key="e">{JSON.stringify(details.entrypoint)}</Code>]);
  if (details.cmd) rows.push(["Cmd", <Code key="c">{JSON.stringify(details.cmd)}</Code>]);
  if (details.envNames.length > 0) rows.push(["Environment variables", <Values key="v" values={details.envNames} />]);
  if (details.exposedPorts.length > 0) rows.push(["Exposed ports", <Values key="p" values={details.exposedPorts} />]);
  if (details.workingDir) rows.push(["Working directory", <Code key="w">{details.workingDir}</Code>]);
  if (details.user) rows.push(["User", <Code key="u">{details.user}</Code>]);
  if (labels.length > 0) {
    rows.push([
      "Labels",
      <dl key="l" className="space-y-1">
        {labels.map(([key, value]) => (
          <div key={key} className="break-all">
            <dt className="inline font-mono text-xs text-slate-500">{key}</dt>{" "}
            <dd className="inline">
              <Code>{value}</Code>
            </dd>
          </div>
        ))}
      </dl>,
    ]);
  }
  if (rows.length === 0) return <p className="text-sm text-slate-500">The image config sets none of these.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents" data-testid={`config-${term.toLowerCase().replaceAll(" ", "-")}`}>
          <dt className="font-medium text-slate-600 dark:text-slate-400">{term}</dt>
          <dd className="min-w-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A history time as a date, when it is one. */
function historyDate(created: string | null): string | null {
  const date = created === null ? null : new Date(created);
  return date && !Number.isNaN(date.getTime()) ? formatDate(date) : null;
}

function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">The image records no history.</p>;
  return (
    <ol className="space-y-2 text-sm">
      {entries.map((entry, i) => {
        const date = historyDate(entry.created);
        return (
          <li key={i} className="flex gap-3" data-testid="history-entry">
            <span className="w-6 shrink-0 text-right text-slate-500">{i + 1}</span>
            <div className="min-w-0 space-y-1">
              <pre className="whitespace-pre-wrap break-all font-mono text-xs">{entry.createdBy ?? "(no command recorded)"}</pre>
              <p className="space-x-3 text-xs text-slate-500">
                {date && <span>{date}</span>}
                {entry.emptyLayer && <span className="rounded bg-slate-100 px-1.5 dark:bg-slate-800">no layer</span>}
                {entry.comment && <span>{entry.comment}</span>}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
