"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

/**
 * A plain GET form, so search works without JavaScript; with it, "/"
 * focuses the box from anywhere on the page (the `shortcut` form: one per page).
 */
export function SearchForm({ query, shortcut = false }: { query: string; shortcut?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  // Keys pressed before hydration reach no listener; this marks when "/" works.
  const [shortcutReady, setShortcutReady] = useState(false);

  useEffect(() => {
    if (!shortcut) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    setShortcutReady(true);
    return () => document.removeEventListener("keydown", onKey);
  }, [shortcut]);

  return (
    <form
      action="/search"
      method="get"
      role="search"
      className="flex gap-2"
      data-shortcut={shortcutReady ? "ready" : undefined}
    >
      <label htmlFor={id} className="sr-only">
        Search repositories
      </label>
      <input
        ref={input}
        id={id}
        name="q"
        type="search"
        defaultValue={query}
        key={query}
        maxLength={200}
        placeholder="Search images (press / to focus)"
        className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 dark:border-slate-700 dark:bg-slate-950"
      />
      <button
        type="submit"
        className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus:ring-2 focus:ring-sky-500/50"
      >
        Search
      </button>
    </form>
  );
}

/** The site header's search form: the query of the current URL, and the "/" shortcut. */
export function SearchBox() {
  return <SearchForm query={useSearchParams().get("q") ?? ""} shortcut />;
}
