import Link from "next/link";

export const TABS = ["about", "usage", "tags"] as const;
export type Tab = (typeof TABS)[number];
const LABELS: Record<Tab, string> = { about: "About", usage: "Usage", tags: "Image tags" };

/** Tabs are links (?tab=…): each tab has its own URL and works without JavaScript. */
export function Tabs({ base, current }: { base: string; current: Tab }) {
  return (
    <nav aria-label="Repository sections" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {TABS.map((tab) => (
        <Link
          key={tab}
          href={tab === "about" ? base : `${base}?tab=${tab}`}
          aria-current={tab === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${
            tab === current
              ? "border-sky-600 text-sky-700 dark:text-sky-400"
              : "border-transparent text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
          }`}
        >
          {LABELS[tab]}
        </Link>
      ))}
    </nav>
  );
}
