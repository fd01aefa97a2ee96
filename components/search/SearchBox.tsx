"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Badges } from "@/components/ui/Badges";
import type { Suggestion } from "@/lib/search/types";

/** Wait for a pause in typing before asking for suggestions. */
const DEBOUNCE_MS = 150;

/**
 * A plain GET form, so search works without JavaScript. With it, the box is
 * a combobox (WAI-ARIA 1.2, list popup) offering repositories as you type:
 * arrows move through them, Enter or a click opens one, Escape closes the
 * list; Enter without a chosen suggestion submits the form. The `shortcut`
 * form (one per page) is also focused by "/" from anywhere on the page.
 */
export function SearchForm({ query, shortcut = false, label }: { query: string; shortcut?: boolean; label: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const listId = `${id}-suggestions`;
  const optionId = (index: number) => `${id}-suggestion-${index}`;
  // Until hydration the box is a plain search field: no popup could open, and keys reach no listener.
  const [hydrated, setHydrated] = useState(false);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; request?: AbortController }>({});

  useEffect(() => {
    setHydrated(true);
    const current = pending.current;
    return () => {
      clearTimeout(current.timer);
      current.request?.abort();
    };
  }, []);

  useEffect(() => {
    if (!shortcut) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [shortcut]);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  /** Asks for suggestions after a pause; a newer keystroke cancels the wait and aborts the request in flight. */
  const requestSuggestions = (text: string) => {
    clearTimeout(pending.current.timer);
    pending.current.request?.abort();
    if (!/[\p{L}\p{N}]/u.test(text)) {
      setSuggestions([]);
      close();
      return;
    }
    pending.current.timer = setTimeout(async () => {
      const request = new AbortController();
      pending.current.request = request;
      try {
        const response = await fetch(`/api/v1/suggest?${new URLSearchParams({ q: text })}`, { signal: request.signal });
        const found = response.ok ? ((await response.json()) as { suggestions: Suggestion[] }).suggestions : [];
        if (request.signal.aborted) return;
        setSuggestions(found);
        setActive(-1);
        setOpen(found.length > 0);
      } catch {
        // Aborted or failed: suggestions are a convenience, and the form still searches.
      }
    }, DEBOUNCE_MS);
  };

  const choose = (suggestion: Suggestion) => {
    close();
    // The header stays mounted across the navigation: leave the box as a fresh page would have it.
    if (input.current) input.current.value = "";
    setSuggestions([]);
    router.push(`/${suggestion.fullName}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = suggestions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return;
      event.preventDefault();
      const down = event.key === "ArrowDown";
      if (!open) {
        setOpen(true);
        setActive(down ? 0 : count - 1);
      } else {
        // Wraps around; up from no choice goes to the last.
        const next = down ? active + 1 : (active === -1 ? count : active) - 1;
        setActive((next + count) % count);
      }
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(suggestions[active]!);
    } else if (event.key === "Escape" && open) {
      // Also keeps the search field from clearing itself.
      event.preventDefault();
      close();
    }
  };

  const combobox = hydrated
    ? {
        role: "combobox",
        "aria-autocomplete": "list",
        "aria-expanded": open,
        "aria-controls": listId,
        "aria-activedescendant": open && active >= 0 ? optionId(active) : undefined,
        autoComplete: "off",
      } as const
    : {};

  return (
    <form
      action="/search"
      method="get"
      role="search"
      aria-label={label}
      className="flex gap-2"
      data-shortcut={shortcut && hydrated ? "ready" : undefined}
    >
      <label htmlFor={id} className="sr-only">
        Search repositories
      </label>
      <div className="relative w-full">
        <input
          ref={input}
          id={id}
          name="q"
          type="search"
          defaultValue={query}
          key={query}
          maxLength={200}
          placeholder="Search images (press / to focus)"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-700 dark:focus:border-sky-400 dark:border-slate-700 dark:bg-slate-950"
          {...combobox}
          onInput={(event) => requestSuggestions(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        {hydrated && (
          <ul
            id={listId}
            role="listbox"
            aria-label="Suggested repositories"
            hidden={!open}
            className="absolute inset-x-0 top-full z-20 mt-1 max-h-96 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-950"
          >
            {suggestions.map((suggestion, index) => (
              <li
                key={suggestion.fullName}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className="cursor-pointer px-3 py-2 aria-selected:bg-sky-100 dark:aria-selected:bg-sky-900"
                // Keeps the focus in the box, so the list is not closed by blur before the click.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => setActive(index)}
                onClick={() => choose(suggestion)}
              >
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">
                    <span className="text-slate-500">{suggestion.namespace}/</span>
                    {suggestion.name}
                  </span>
                  <Badges verified={suggestion.verified} official={suggestion.official} />
                </span>
                {suggestion.shortDescription && (
                  <span className="block truncate text-xs text-slate-500">{suggestion.shortDescription}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button
        type="submit"
        className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus:ring-2 focus:ring-sky-500/50"
      >
        Search
      </button>
    </form>
  );
}

/** The header's search landmark; a page's own search form takes another name. */
export const SITE_SEARCH = "Site search";

/** The site header's search form: the query of the current URL, and the "/" shortcut. */
export function SearchBox() {
  return <SearchForm query={useSearchParams().get("q") ?? ""} shortcut label={SITE_SEARCH} />;
}
