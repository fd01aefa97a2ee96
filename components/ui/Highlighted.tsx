import type { Highlight } from "@/lib/search/types";

/** Search highlights as text and <mark>: segments, never engine markup. */
export function Highlighted({ segments, fallback }: { segments: Highlight; fallback: string }) {
  if (segments.length === 0) return <>{fallback}</>;
  return (
    <>
      {segments.map((segment, i) =>
        segment.match ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-slate-950 dark:bg-yellow-300">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
