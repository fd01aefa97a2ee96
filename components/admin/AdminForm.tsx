"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { BUTTON, INPUT, QUIET_BUTTON } from "./admin-styles";

/** What the admin API answers: a message to show, and for invitations the link to pass on. */
interface Outcome {
  ok: boolean;
  message: string;
  link?: string;
}

/**
 * A form of the admin page, sent as JSON to the admin API with the session's
 * CSRF token. `{field}` in `action` is filled in from that field (and left out
 * of the body); checkboxes send booleans, inputs marked data-json="number"
 * numbers. The page is re-rendered from the server after a change.
 */
export function AdminForm({
  action,
  method,
  csrfToken,
  submitLabel,
  quiet = false,
  resetAfter = false,
  children,
}: {
  action: string;
  method: "POST" | "PUT" | "DELETE";
  csrfToken: string;
  submitLabel: string;
  quiet?: boolean;
  /** Empty the fields after a success (forms that add something). */
  resetAfter?: boolean;
  children?: ReactNode;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const body: Record<string, unknown> = {};
    for (const element of form.elements) {
      if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement) || !element.name) continue;
      body[element.name] =
        element.type === "checkbox"
          ? (element as HTMLInputElement).checked
          : element.dataset.json === "number"
            ? Number(element.value)
            : element.value;
    }
    const url = action.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = String(body[name] ?? "");
      delete body[name];
      return encodeURIComponent(value);
    });
    setBusy(true);
    try {
      const hasBody = Object.keys(body).length > 0;
      const response = await fetch(url, {
        method,
        headers: { "x-csrf-token": csrfToken, ...(hasBody ? { "content-type": "application/json" } : {}) },
        body: hasBody ? JSON.stringify(body) : undefined,
      });
      const answer = (await response.json().catch(() => ({}))) as { message?: string; error?: string; link?: string };
      setOutcome(
        response.ok
          ? { ok: true, message: answer.message ?? "Saved.", link: answer.link }
          : { ok: false, message: answer.error ?? `The server answered ${response.status}.` },
      );
      if (response.ok) {
        if (resetAfter) form.reset();
        router.refresh();
      }
    } catch {
      setOutcome({ ok: false, message: "The server could not be reached. Try again." });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        {children}
        <button type="submit" disabled={busy} className={quiet ? QUIET_BUTTON : BUTTON}>
          {submitLabel}
        </button>
      </div>
      {outcome && (
        <div role={outcome.ok ? "status" : "alert"} className={`text-sm ${outcome.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
          <p>{outcome.message}</p>
          {outcome.link && (
            <div className="mt-1 flex items-center gap-2">
              <input readOnly value={outcome.link} aria-label="Invitation link" className={`${INPUT} w-full font-mono`} />
              <CopyButton text={outcome.link} label="Copy the invitation link" />
            </div>
          )}
        </div>
      )}
    </form>
  );
}
