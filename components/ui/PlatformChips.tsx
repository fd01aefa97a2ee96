/** Operating systems and architectures as small chips. */
export function PlatformChips({ values }: { values: string[] }) {
  if (values.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Platforms">
      {values.map((value) => (
        <li
          key={value}
          className="rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:border-slate-700 dark:text-slate-300"
        >
          {value}
        </li>
      ))}
    </ul>
  );
}
