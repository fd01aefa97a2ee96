"use client";

import { type KeyboardEvent, useId, useRef, useSyncExternalStore } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { PULL_FORMS, pullFormLabels, pullText, type PullForm } from "@/lib/pull/commands";
import { PULL_CHOICE_KEY as KEY, PULL_RESTORE_SCRIPT } from "@/lib/pull/restore-script";

const PULL_TARGETS = ["tag", "digest"] as const;
type PullTargetKind = (typeof PULL_TARGETS)[number];
const TARGET_LABELS: Record<PullTargetKind, string> = { tag: "By tag", digest: "By digest" };

// The choice of this page when the browser refuses storage (private modes, quotas).
let unsaved: string | null = null;
const listeners = new Set<() => void>();

function readStored(): string {
  if (unsaved !== null) return unsaved;
  try {
    return localStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

function save(value: string) {
  try {
    localStorage.setItem(KEY, value);
    unsaved = null;
  } catch {
    unsaved = value;
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  const onStorage = (event: StorageEvent) => event.key === KEY && listener();
  listeners.add(listener);
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function parseChoice(stored: string): { form: PullForm; target: PullTargetKind } {
  const [form, target] = stored.split(" ");
  return { form: PULL_FORMS.find((f) => f === form) ?? PULL_FORMS[0], target: target === "digest" ? "digest" : "tag" };
}

const KEYS_TO_TABS: Record<string, (index: number) => number> = {
  ArrowRight: (i) => (i + 1) % PULL_FORMS.length,
  ArrowLeft: (i) => (i - 1 + PULL_FORMS.length) % PULL_FORMS.length,
  Home: () => 0,
  End: () => PULL_FORMS.length - 1,
};

/**
 * Tabs for each pull form, and tag or digest; the choice is remembered. The
 * server renders no choice: the docker commands, by tag and by digest, which
 * is what visitors without JavaScript keep.
 */
export function PullTabs({ host, path, tag, digest }: { host: string; path: string; tag: string; digest: string }) {
  const id = useId();
  const tabs = useRef(new Map<PullForm, HTMLButtonElement>());
  // null on the server and while hydrating, so both render the same HTML.
  const stored = useSyncExternalStore(subscribe, readStored, () => null);
  const enhanced = stored !== null;
  const choice = parseChoice(stored ?? "");
  const choose = (change: Partial<typeof choice>) => {
    const next = { ...choice, ...change };
    save(`${next.form} ${next.target}`);
  };
  const text = (form: PullForm, target: PullTargetKind) => pullText(form, host, path, target === "tag" ? { tag } : { digest });
  const onTabKey = (event: KeyboardEvent) => {
    const move = KEYS_TO_TABS[event.key];
    if (!move) return;
    event.preventDefault();
    const form = PULL_FORMS[move(PULL_FORMS.indexOf(choice.form))]!;
    choose({ form });
    tabs.current.get(form)?.focus();
  };

  return (
    // Clicks before hydration reach no handler; "ready" tells tests when they do.
    <div data-pull-tabs={enhanced ? "ready" : undefined}>
      <div data-js hidden={!enhanced} suppressHydrationWarning className="mb-3 space-y-2">
        <div role="tablist" aria-label="Pull with" onKeyDown={onTabKey} className="flex flex-wrap gap-1">
          {PULL_FORMS.map((form) => (
            <button
              key={form}
              ref={(tab) => {
                if (tab) tabs.current.set(form, tab);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${form}`}
              aria-controls={`${id}-panel-${form}`}
              aria-selected={choice.form === form}
              tabIndex={choice.form === form ? 0 : -1}
              data-form={form}
              suppressHydrationWarning
              onClick={() => choose({ form })}
              className="rounded px-2 py-0.5 text-xs font-medium text-slate-600 hover:bg-slate-100 aria-selected:bg-sky-700 aria-selected:text-white dark:text-slate-300 dark:hover:bg-slate-800"
            >
              {pullFormLabels(form).label}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Reference" className="inline-flex rounded border border-slate-300 text-xs dark:border-slate-600">
          {PULL_TARGETS.map((target) => (
            <button
              key={target}
              type="button"
              aria-pressed={choice.target === target}
              data-target={target}
              suppressHydrationWarning
              onClick={() => choose({ target })}
              className="px-2 py-0.5 text-slate-600 aria-pressed:bg-slate-200 aria-pressed:font-medium aria-pressed:text-slate-900 dark:text-slate-300 dark:aria-pressed:bg-slate-700 dark:aria-pressed:text-white"
            >
              {TARGET_LABELS[target]}
            </button>
          ))}
        </div>
      </div>
      {PULL_FORMS.map((form) => (
        <div
          key={form}
          role="tabpanel"
          id={`${id}-panel-${form}`}
          aria-labelledby={`${id}-tab-${form}`}
          hidden={choice.form !== form}
          data-form={form}
          suppressHydrationWarning
          className="space-y-2"
        >
          {PULL_TARGETS.map((target) => (
            <div key={target} hidden={enhanced && choice.target !== target} data-target={target} suppressHydrationWarning>
              <div data-no-js hidden={enhanced} suppressHydrationWarning className="text-xs text-slate-500">
                {TARGET_LABELS[target]}
              </div>
              <div className="flex items-start gap-2">
                <pre
                  className="flex-1 whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
                  data-testid="pull-command"
                >
                  {text(form, target)}
                </pre>
                <CopyButton
                  text={text(form, target)}
                  label={`Copy ${pullFormLabels(form).describes} ${TARGET_LABELS[target].toLowerCase()}`}
                />
              </div>
            </div>
          ))}
        </div>
      ))}
      {/* Only in the server's HTML: on client-side navigation the choice is already known. */}
      {!enhanced && <script dangerouslySetInnerHTML={{ __html: PULL_RESTORE_SCRIPT }} />}
    </div>
  );
}
