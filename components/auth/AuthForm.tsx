import type { InputHTMLAttributes, ReactNode } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords.server";
import { CSRF_FIELD } from "@/lib/auth/principal.server";

/** The narrow card the /auth pages put their forms in. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-bold">{title}</h1>
      <div className="mt-6 space-y-6 rounded-lg border border-slate-200 p-6 dark:border-slate-800">{children}</div>
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {message}
    </p>
  );
}

/** A post form carrying its CSRF token; works without JavaScript. */
export function PostForm({ action, csrf, children }: { action: string; csrf: string; children: ReactNode }) {
  return (
    <form method="post" action={action} className="space-y-4">
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      {children}
    </form>
  );
}

export function TextField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <input
        required
        {...input}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-normal focus:border-sky-700 dark:focus:border-sky-400 dark:border-slate-700 dark:bg-slate-950"
      />
    </label>
  );
}

/** A new password, with the policy's limits. */
export function PasswordField() {
  return (
    <TextField
      label={`Password (at least ${PASSWORD_MIN_LENGTH} characters)`}
      name="password"
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
    />
  );
}

export function SubmitButton({ children, secondary = false }: { children: ReactNode; secondary?: boolean }) {
  const look = secondary
    ? "border border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    : "bg-sky-700 text-white hover:bg-sky-800";
  return (
    <button type="submit" className={`w-full rounded-md px-4 py-2 text-sm font-medium focus:ring-2 focus:ring-sky-500/50 ${look}`}>
      {children}
    </button>
  );
}

/** "Sign in with <provider>": starts the OpenID Connect flow, then comes back to `returnTo`. */
export function OidcSignIn({ name, csrf, returnTo }: { name: string; csrf: string; returnTo: string }) {
  return (
    <PostForm action="/auth/oidc/start" csrf={csrf}>
      <input type="hidden" name="returnTo" value={returnTo} />
      <SubmitButton secondary>Sign in with {name}</SubmitButton>
    </PostForm>
  );
}
