"use client";

import { useState } from "react";
import { callApi } from "./publisher-api";
import { FIELD_ERROR, LIST_CARD } from "./console-styles";

interface Namespace {
  name: string;
  newRepositoriesPublic: boolean;
}

/** Per namespace: whether repositories the indexer discovers start public (private unless chosen). */
export function NamespaceSettings({ namespaces, csrfToken }: { namespaces: Namespace[]; csrfToken: string }) {
  return (
    <ul className={LIST_CARD}>
      {namespaces.map((namespace) => (
        <NamespaceRow key={namespace.name} initial={namespace} csrfToken={csrfToken} />
      ))}
    </ul>
  );
}

function NamespaceRow({ initial, csrfToken }: { initial: Namespace; csrfToken: string }) {
  const [checked, setChecked] = useState(initial.newRepositoriesPublic);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const id = `namespace-${initial.name}`;

  async function change(newRepositoriesPublic: boolean) {
    setBusy(true);
    const result = await callApi<Namespace>(`/api/v1/namespaces/${initial.name}/settings`, {
      method: "PUT",
      csrfToken,
      body: { newRepositoriesPublic },
    });
    setBusy(false);
    if (result.ok) setChecked(result.data.newRepositoriesPublic);
    setMessage(result.ok ? "Saved." : result.error);
  }

  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3 text-sm">
      <span className="font-mono font-medium">{initial.name}</span>
      <label htmlFor={id} className="flex items-center gap-2">
        <input id={id} type="checkbox" checked={checked} disabled={busy} onChange={(e) => change(e.target.checked)} />
        New repositories start public
      </label>
      <span aria-live="polite" className={message === "Saved." ? "text-slate-500" : FIELD_ERROR}>
        {message}
      </span>
    </li>
  );
}
