import { formatBytes } from "@/lib/presentation/format";

export interface SizeBar {
  label: string;
  size: bigint | null;
}

/**
 * Horizontal bars, scaled to the largest: pure CSS, so they need no script.
 * The bars are decoration; each size is written beside its bar.
 */
export function SizeBars({ title, bars }: { title: string; bars: SizeBar[] }) {
  const largest = bars.reduce((max, bar) => (bar.size !== null && bar.size > max ? bar.size : max), 0n);
  return (
    <figure className="space-y-2" data-testid="size-bars">
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <ul className="space-y-1.5">
        {bars.map((bar, i) => {
          const share = bar.size === null || largest === 0n ? 0 : Number((bar.size * 1000n) / largest) / 10;
          return (
            <li key={i} className="grid grid-cols-[minmax(0,12rem)_1fr_6rem] items-center gap-3 text-sm" data-testid="size-bar">
              <span className="truncate font-mono" title={bar.label}>
                {bar.label}
              </span>
              <span className="h-3 rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
                <span className="block h-full rounded bg-sky-600" style={{ width: `${share}%` }} />
              </span>
              <span className="text-right whitespace-nowrap" data-testid="size-bar-value">
                {bar.size === null ? "unknown" : formatBytes(bar.size)}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
