import { formatCount, formatDate, plural } from "@/lib/presentation/format";

const WIDTH = 300;
const HEIGHT = 80;
const GAP = 2;

const dateOf = (day: string) => formatDate(new Date(`${day}T00:00:00Z`));

/**
 * Pulls per UTC day as a bar chart, drawn on the server as plain SVG. Screen
 * readers get the chart's title and summary, and everyone can open the same
 * numbers as a table.
 */
export function PullsChart({ series }: { series: Array<{ day: string; pulls: number }> }) {
  const total = series.reduce((sum, d) => sum + d.pulls, 0);
  const busiest = series.reduce((best, d) => (d.pulls > best.pulls ? d : best), series[0]!);
  const first = dateOf(series[0]!.day);
  const last = dateOf(series.at(-1)!.day);
  const max = Math.max(1, busiest.pulls);
  const slot = WIDTH / series.length;
  const summary =
    total === 0
      ? `No pulls from ${first} to ${last}.`
      : `${plural(total, "pull")} from ${first} to ${last}; the most, ${busiest.pulls}, on ${dateOf(busiest.day)}.`;

  return (
    <section className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800" data-testid="pulls-chart">
      <h2 className="font-semibold">Pulls, last {series.length} days</h2>
      <p className="mb-2 text-slate-500" data-testid="pulls-total">
        {formatCount(total)} {total === 1 ? "pull" : "pulls"} in total
      </p>
      <svg
        role="img"
        aria-labelledby="pulls-chart-title"
        aria-describedby="pulls-chart-desc"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-20 w-full"
        preserveAspectRatio="none"
      >
        {/* One string: React writes several text children of a <title> as nothing. */}
        <title id="pulls-chart-title">{`Daily pulls, last ${series.length} days`}</title>
        <desc id="pulls-chart-desc">{summary}</desc>
        <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="stroke-slate-300 dark:stroke-slate-700" />
        {series.map((d, i) => {
          const height = (d.pulls / max) * (HEIGHT - 1);
          return (
            <rect
              key={d.day}
              x={i * slot + GAP / 2}
              y={HEIGHT - 1 - height}
              width={slot - GAP}
              height={height}
              className="fill-sky-600 dark:fill-sky-400"
              data-day={d.day}
              data-pulls={d.pulls}
            />
          );
        })}
      </svg>
      <details className="mt-2">
        <summary className="cursor-pointer text-slate-500">Pulls per day as a table</summary>
        <table className="mt-2 w-full text-left" data-testid="pulls-table">
          <caption className="sr-only">{summary}</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className="text-right">
                Pulls
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((d) => (
              <tr key={d.day} data-day={d.day}>
                <th scope="row" className="font-normal">
                  <time dateTime={d.day}>{dateOf(d.day)}</time>
                </th>
                <td className="text-right tabular-nums">{d.pulls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
