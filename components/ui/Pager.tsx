import Link from "next/link";

/** Previous / next links for a list split into pages; nothing when there is one page. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const link = (target: number, label: string, rel: string) => (
    <Link
      href={href(target)}
      rel={rel}
      className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Pages" className="mt-6 flex items-center justify-center gap-3 text-sm">
      {page > 1 && link(page - 1, "← Previous", "prev")}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && link(page + 1, "Next →", "next")}
    </nav>
  );
}
