import Link from "next/link";
import { Suspense } from "react";
import { SearchBox, SearchForm, SITE_SEARCH } from "@/components/search/SearchBox";
import { UserMenu } from "./UserMenu";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight">
          <span aria-hidden="true">⚓</span> Galleon
        </Link>
        <div className="min-w-64 flex-1">
          {/* useSearchParams needs a boundary where a page is prerendered. */}
          <Suspense fallback={<SearchForm query="" shortcut label={SITE_SEARCH} />}>
            <SearchBox />
          </Suspense>
        </div>
        <nav aria-label="Site" className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1">
          <Link href="/categories" className="text-sm hover:underline">
            Categories
          </Link>
          <UserMenu />
        </nav>
      </div>
    </header>
  );
}
