import type { ReactNode } from "react";

/**
 * The tables of the tag page: a labelled table with a plain header row; rows
 * are the children. On a narrow screen it scrolls sideways in a region of its
 * own, which keyboard users reach with Tab (its rows hold nothing focusable):
 * a named group, not a region, as the section around it is that landmark.
 */
export function DataTable({ label, head, testId, children }: { label: string; head: string[]; testId?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto" role="group" aria-label={label} tabIndex={0}>
      <table className="w-full text-left text-sm" aria-label={label} data-testid={testId}>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            {head.map((cell) => (
              <th key={cell} className="py-2 pr-4">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export const ROW = "border-b border-slate-100 align-top dark:border-slate-900";
export const CELL = "py-2 pr-4";
