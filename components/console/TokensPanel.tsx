"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { TOKEN_SCOPES } from "@/lib/auth/policy";
import { callApi } from "./publisher-api";
import { TokenLoginCommand } from "./RegistryCommands";
import { FIELD_ERROR, INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "./console-styles";
import { useHydrated } from "./useHydrated";

/** A token as listed, dates already formatted by the server. */
export interface TokenRow {
  id: number;
  name: string;
  displayPrefix: string;
  scope: string;
  namespaces: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expired: boolean;
}

const EXPIRY_DAYS = [7, 30, 90, 180, 366];

interface Props {
  publisherId: number;
  /** The registry's host, for `docker login`. */
  registryHost: string;
  namespaces: string[];
  tokens: TokenRow[];
  csrfToken: string;
}

/** Creates API tokens (the secret is shown once, here), lists and revokes them. */
export function TokensPanel({ publisherId, registryHost, namespaces, tokens, csrfToken }: Props) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const api = `/api/v1/publishers/${publisherId}/tokens`;

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setCreated(null);
    const result = await callApi<{ name: string; token: string }>(api, {
      method: "POST",
      csrfToken,
      body: {
        name: String(data.get("name")),
        scope: String(data.get("scope")),
        namespaces: data.getAll("namespaces").map(String),
        expiresInDays: Number(data.get("expiresInDays")),
      },
    });
    setBusy(false);
    if (!result.ok) return setError({ message: result.error, field: result.field });
    setError(null);
    setCreated(result.data);
    form.reset();
    router.refresh();
  }

  async function revoke(token: TokenRow) {
    if (!window.confirm(`Revoke the token "${token.name}"? Anything using it stops working at once.`)) return;
    const result = await callApi<void>(`${api}/${token.id}`, { method: "DELETE", csrfToken });
    setError(result.ok ? null : { message: result.error });
    router.refresh();
  }

  const errorFor = (field?: string) =>
    error && error.field === field ? (
      <p className={FIELD_ERROR} role="alert">
        {error.message}
      </p>
    ) : null;

  return (
    <div className="space-y-4" data-ready={hydrated || undefined}>
      <form onSubmit={create} className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800">
        <div className="space-y-1">
          <label htmlFor="token-name" className="block text-sm font-semibold">
            Name
          </label>
          <input id="token-name" name="name" required maxLength={64} placeholder="ci-deploy" className={INPUT} />
          {errorFor("name")}
        </div>
        <div className="space-y-1">
          <label htmlFor="token-scope" className="block text-sm font-semibold">
            Scope
          </label>
          <select id="token-scope" name="scope" defaultValue="WRITE" className={INPUT}>
            {TOKEN_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {scope === "READ" ? "READ: read catalog data, pull" : "WRITE: edit, change visibility, pull and push"}
              </option>
            ))}
          </select>
          {errorFor("scope")}
        </div>
        <fieldset className="space-y-1">
          <legend className="text-sm font-semibold">Namespaces</legend>
          <p className="text-xs text-slate-500">None chosen: all of this publisher&apos;s namespaces.</p>
          <div className="flex flex-wrap gap-x-4">
            {namespaces.map((namespace) => (
              <label key={namespace} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="namespaces" value={namespace} />
                {namespace}
              </label>
            ))}
          </div>
          {errorFor("namespaces")}
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="token-expiry" className="block text-sm font-semibold">
            Expires in
          </label>
          <select id="token-expiry" name="expiresInDays" defaultValue={90} className={INPUT}>
            {EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
          {errorFor("expiresInDays")}
        </div>
        <div className="sm:col-span-2">
          <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
            Create token
          </button>
          {errorFor(undefined)}
        </div>
      </form>

      <div aria-live="polite">
        {created && (
          <div className="space-y-2 rounded-md bg-emerald-50 p-3 text-sm text-emerald-950 dark:bg-emerald-950 dark:text-emerald-100">
            <p>
              Token “{created.name}” created. Copy it now: it is shown <strong>only this once</strong>.
            </p>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 dark:bg-slate-900" data-testid="new-token">
                {created.token}
              </code>
              <CopyButton text={created.token} label="Copy the token" />
            </div>
            <TokenLoginCommand host={registryHost} />
          </div>
        )}
      </div>

      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">No tokens yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                {["Name", "Prefix", "Scope", "Namespaces", "Created", "Expires", "Last used", "Status"].map((heading) => (
                  <th key={heading} className="py-2 pr-4 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {tokens.map((token) => (
                <tr key={token.id} data-testid="token-row">
                  <td className="py-2 pr-4 font-medium">{token.name}</td>
                  <td className="py-2 pr-4 font-mono">{token.displayPrefix}…</td>
                  <td className="py-2 pr-4">{token.scope}</td>
                  <td className="py-2 pr-4">{token.namespaces.length ? token.namespaces.join(", ") : "all"}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{token.createdAt}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{token.expiresAt ?? "never"}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{token.lastUsedAt ?? "never"}</td>
                  <td className="py-2 whitespace-nowrap">
                    {token.revokedAt ? (
                      `Revoked ${token.revokedAt}`
                    ) : token.expired ? (
                      "Expired"
                    ) : (
                      <button type="button" onClick={() => revoke(token)} className={SECONDARY_BUTTON}>
                        Revoke<span className="sr-only"> {token.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
