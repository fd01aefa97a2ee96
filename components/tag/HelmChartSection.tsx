import type { HelmChart } from "@/lib/registry/types";

/** What a Helm chart's config says of it; a config that could not be read says why. */
export function HelmChartSection({ chart }: { chart: HelmChart }) {
  const fields = [
    ["Chart", chart.name],
    ["Version", chart.version],
    ["App version", chart.appVersion],
    ["Description", chart.description],
  ] as const;
  return (
    <section className="space-y-3" aria-labelledby="chart-heading" data-testid="helm-chart">
      <h2 id="chart-heading" className="text-lg font-semibold">
        Helm chart
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {fields.map(([label, value]) =>
          value === null ? null : (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-words" data-field={label}>
                {value}
              </dd>
            </div>
          ),
        )}
      </dl>
      {chart.note && (
        <p className="text-amber-800 dark:text-amber-300" data-testid="chart-note">
          The chart&apos;s metadata could not be read in full: {chart.note}.
        </p>
      )}
    </section>
  );
}
