"use client";

import { type FormEvent, useEffect, useId, useState } from "react";
import { CATEGORIES, LIMITS, type Visibility } from "@/lib/catalog/catalog-data";
import { LOGO_RULES, LOGO_RULES_TEXT } from "@/lib/publisher/logo-rules";
import type { CatalogDataJson } from "@/lib/publisher/catalog-data-json";
import { type ApiResult, callApi } from "./publisher-api";
import { CARD, FIELD_ERROR, INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "./console-styles";
import { useHydrated } from "./useHydrated";
import { VisibilityBadge } from "./VisibilityBadge";

type Form = Pick<CatalogDataJson, "shortDescription" | "about" | "usage" | "categories" | "defaultTag">;
/** Messages by the field they belong next to; "form" for the rest. */
type Errors = Partial<Record<keyof Form | "logo" | "visibility" | "form", string>>;

const formOf = ({ shortDescription, about, usage, categories, defaultTag }: CatalogDataJson): Form => ({
  shortDescription,
  about,
  usage,
  categories,
  defaultTag,
});

interface Props {
  initial: CatalogDataJson;
  /** The repository's tag names, for the default tag. */
  tags: string[];
  csrfToken: string;
  /** Owners and the admin; editors see the switch disabled. */
  canChangeVisibility: boolean;
}

/**
 * Edits a repository's catalog data through the publisher API. Every change
 * is based on the revision last loaded (If-Match): a save after someone
 * else's is refused, and the form keeps what the user wrote.
 */
export function RepositoryEditor({ initial, tags, csrfToken, canChangeVisibility }: Props) {
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState(() => formOf(initial));
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState(false);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const api = `/api/v1/repositories/${initial.repository}`;

  const update = <K extends keyof Form>(field: K, value: Form[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  };

  /** Sends one change; the answer's CatalogData becomes the saved state, a refusal goes next to its field. */
  async function send(
    request: Promise<ApiResult<CatalogDataJson>>,
    field: keyof Errors,
    done: string,
  ): Promise<boolean> {
    setBusy(true);
    setStatus("");
    setErrors({});
    const result = await request;
    setBusy(false);
    if (result.ok) {
      setSaved(result.data);
      setConflict(false);
      setStatus(done);
      return true;
    }
    setConflict(result.status === 409);
    setErrors({ [result.field ?? field]: result.error });
    return false;
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void send(
      callApi(`${api}/catalog-data`, { method: "PUT", csrfToken, body: form, revision: saved.revision }),
      "form",
      "Saved.",
    );
  };

  const changeVisibility = (visibility: Visibility) =>
    send(
      callApi(`${api}/visibility`, { method: "PUT", csrfToken, body: { visibility }, revision: saved.revision }),
      "visibility",
      visibility === "PUBLIC" ? "The repository is public." : "The repository is private.",
    );

  const uploadLogo = (file: File) =>
    send(callApi(`${api}/logo`, { method: "PUT", csrfToken, body: file, revision: saved.revision }), "logo", "Logo uploaded.");

  const removeLogo = () =>
    send(callApi(`${api}/logo`, { method: "DELETE", csrfToken, revision: saved.revision }), "logo", "Logo removed.");

  async function reloadTheirs() {
    const result = await callApi<CatalogDataJson>(`${api}/catalog-data`, { method: "GET", csrfToken });
    if (!result.ok) return setErrors({ form: result.error });
    setSaved(result.data);
    setForm(formOf(result.data));
    setConflict(false);
    setErrors({});
    setStatus("Loaded the version saved last.");
  }

  const isPublic = saved.visibility === "PUBLIC";
  return (
    <div className="space-y-6" data-ready={hydrated || undefined}>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold break-all">{saved.repository}</h1>
        <VisibilityBadge visibility={saved.visibility} />
        {!saved.inRegistry && <span className="text-sm text-slate-500">Gone from the registry</span>}
      </header>
      {saved.syncError && (
        <p className="text-sm text-red-700 dark:text-red-400">The last sync from the registry failed: {saved.syncError}</p>
      )}

      <section className={`${CARD} space-y-2`} aria-label="Visibility">
        <div className="flex items-center gap-3">
          <span id="visibility-label" className="font-semibold">
            Public
          </span>
          <button
            type="button"
            role="switch"
            aria-checked={isPublic}
            aria-labelledby="visibility-label"
            aria-describedby="visibility-help visibility-error"
            disabled={!canChangeVisibility || busy}
            onClick={() => changeVisibility(isPublic ? "PRIVATE" : "PUBLIC")}
            className={`relative h-6 w-11 rounded-full transition-colors focus:ring-2 focus:ring-sky-500/50 disabled:opacity-60 ${isPublic ? "bg-emerald-600" : "bg-slate-400"}`}
          >
            <span className={`absolute top-1 h-4 w-4 rounded-full bg-white transition-all ${isPublic ? "left-6" : "left-1"}`} />
          </button>
        </div>
        <p id="visibility-help" className="text-sm text-slate-500">
          {isPublic
            ? "Anyone can find this repository, its page and its feed."
            : "Only the publisher's members see it; its public page answers Not found."}
          {!canChangeVisibility && " Only the publisher's owners can change visibility."}
        </p>
        <FieldError id="visibility-error" message={errors.visibility} />
      </section>

      <LogoField
        logo={saved.logo}
        busy={busy}
        error={errors.logo}
        onUpload={uploadLogo}
        onRemove={removeLogo}
      />

      <form onSubmit={save} className="space-y-6" noValidate>
        <TextField
          label="Short description"
          value={form.shortDescription}
          limit={LIMITS.shortDescription}
          error={errors.shortDescription}
          onChange={(value) => update("shortDescription", value)}
        />
        <MarkdownField
          label="About"
          value={form.about}
          limit={LIMITS.about}
          error={errors.about}
          csrfToken={csrfToken}
          onChange={(value) => update("about", value)}
        />
        <MarkdownField
          label="Usage"
          value={form.usage}
          limit={LIMITS.usage}
          error={errors.usage}
          csrfToken={csrfToken}
          onChange={(value) => update("usage", value)}
        />
        <CategoriesField value={form.categories} error={errors.categories} onChange={(value) => update("categories", value)} />
        <DefaultTagField
          value={form.defaultTag}
          tags={tags}
          error={errors.defaultTag}
          onChange={(value) => update("defaultTag", value)}
        />

        {conflict && (
          <div role="alert" className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            <p>{errors.form ?? "Someone else saved this repository after you opened it."}</p>
            <p>Your text is still in the form. Copy what you need, then reload their version and apply your changes again.</p>
            <button type="button" onClick={reloadTheirs} className={SECONDARY_BUTTON}>
              Reload their version
            </button>
          </div>
        )}
        {!conflict && errors.form && (
          <p role="alert" className={FIELD_ERROR}>
            {errors.form}
          </p>
        )}

        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" disabled={busy} className={PRIMARY_BUTTON}>
            {busy ? "Saving…" : "Save"}
          </button>
          <p aria-live="polite" className="text-sm text-emerald-800 dark:text-emerald-300">
            {status}
          </p>
          {status &&
            (isPublic ? (
              <a href={`/${saved.repository}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
                View the public page
              </a>
            ) : (
              <span className="text-sm text-slate-500">Private: make it public to give it a public page.</span>
            ))}
        </div>
      </form>
    </div>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return (
    <p id={id} aria-live="polite" className={FIELD_ERROR}>
      {message}
    </p>
  );
}

function Count({ id, length, limit }: { id: string; length: number; limit: number }) {
  return (
    <p id={id} className={`text-xs ${length > limit ? "text-red-700 dark:text-red-400" : "text-slate-500"}`}>
      {length.toLocaleString("en")} / {limit.toLocaleString("en")} characters
    </p>
  );
}

interface TextProps {
  label: string;
  value: string;
  limit: number;
  error?: string;
  onChange: (value: string) => void;
}

function TextField({ label, value, limit, error, onChange }: TextProps) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={!!error}
        aria-describedby={`${id}-count ${id}-error`}
        className={INPUT}
      />
      <Count id={`${id}-count`} length={value.length} limit={limit} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The preview of `markdown` as the public page renders it, fetched once typing pauses. */
function usePreview(markdown: string, csrfToken: string) {
  const [preview, setPreview] = useState<{ html: string; error?: string }>({ html: "" });
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      if (!markdown.trim()) return setPreview({ html: "" });
      const result = await callApi<{ html: string }>("/api/v1/markdown/preview", {
        method: "POST",
        csrfToken,
        body: { markdown },
        signal: controller.signal,
      }).catch(() => null); // aborted: a newer text is on its way
      if (result) setPreview(result.ok ? { html: result.data.html } : { html: "", error: result.error });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [markdown, csrfToken]);
  return preview;
}

function MarkdownField({ csrfToken, ...field }: TextProps & { csrfToken: string }) {
  const id = useId();
  const preview = usePreview(field.value, csrfToken);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {field.label} <span className="text-sm font-normal text-slate-500">(Markdown)</span>
      </label>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-1">
          <textarea
            id={id}
            value={field.value}
            rows={14}
            onChange={(event) => field.onChange(event.target.value)}
            aria-invalid={!!field.error}
            aria-describedby={`${id}-count ${id}-error`}
            className={`${INPUT} font-mono`}
          />
          <Count id={`${id}-count`} length={field.value.length} limit={field.limit} />
          <FieldError id={`${id}-error`} message={field.error} />
        </div>
        <section
          aria-label={`${field.label} preview`}
          aria-live="polite"
          className={`${CARD} max-h-96 overflow-auto`}
          data-testid={`preview-${field.label.toLowerCase()}`}
        >
          {preview.error ? (
            <p className={FIELD_ERROR}>{preview.error}</p>
          ) : preview.html ? (
            // Safe: the server's sanitizing renderer, the one public pages use, made this HTML.
            <div className="markdown" dangerouslySetInnerHTML={{ __html: preview.html }} />
          ) : (
            <p className="text-sm text-slate-500">The preview appears here.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function CategoriesField({ value, error, onChange }: { value: string[]; error?: string; onChange: (value: string[]) => void }) {
  const full = value.length >= LIMITS.categories;
  return (
    <fieldset className="space-y-2" aria-describedby="categories-help categories-error">
      <legend className="font-semibold">Categories</legend>
      <p id="categories-help" className="text-xs text-slate-500">
        Up to {LIMITS.categories}: {value.length} chosen.
      </p>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {CATEGORIES.map((category) => {
          const checked = value.includes(category);
          return (
            <label key={category} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && full}
                onChange={() => onChange(checked ? value.filter((c) => c !== category) : [...value, category].sort())}
              />
              {category}
            </label>
          );
        })}
      </div>
      <FieldError id="categories-error" message={error} />
    </fieldset>
  );
}

interface DefaultTagProps {
  value: string | null;
  tags: string[];
  error?: string;
  onChange: (value: string | null) => void;
}

function DefaultTagField({ value, tags, error, onChange }: DefaultTagProps) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        Default tag
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
        aria-describedby={`${id}-error`}
        className={`${INPUT} max-w-sm`}
      >
        <option value="">Automatic: “latest”, else the newest tag</option>
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

interface LogoProps {
  logo: string | null;
  busy: boolean;
  error?: string;
  onUpload: (file: File) => Promise<boolean>;
  onRemove: () => Promise<boolean>;
}

function LogoField({ logo, busy, error, onUpload, onRemove }: LogoProps) {
  const id = useId();
  return (
    <section className={`${CARD} flex flex-wrap items-start gap-4`}>
      {logo ? (
        // eslint-disable-next-line @next/next/no-img-element -- served by /logos or the publisher's host
        <img src={logo} alt="Current logo" width={64} height={64} className="h-16 w-16 rounded-lg object-contain" />
      ) : (
        <div className="flex h-16 w-16 items-center justify-center rounded-lg bg-slate-100 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          No logo
        </div>
      )}
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor={id} className="block font-semibold">
          Logo
        </label>
        <input
          id={id}
          type="file"
          accept={LOGO_RULES.mediaTypes.join(",")}
          disabled={busy}
          aria-describedby={`${id}-help ${id}-error`}
          onChange={async (event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file) await onUpload(file);
            input.value = "";
          }}
          className="block max-w-full text-sm"
        />
        <p id={`${id}-help`} className="text-xs text-slate-500">
          {LOGO_RULES_TEXT}. It is converted to WebP.
        </p>
        <FieldError id={`${id}-error`} message={error} />
        {logo && (
          <button type="button" onClick={onRemove} disabled={busy} className={SECONDARY_BUTTON}>
            Remove logo
          </button>
        )}
      </div>
    </section>
  );
}
