import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, FormError, OidcSignIn, PostForm, SubmitButton, TextField } from "@/components/auth/AuthForm";
import { anonymousFormToken } from "@/lib/auth/current.server";
import { formErrorMessage } from "@/lib/auth/forms.server";
import { oidcSettings } from "@/lib/auth/oidc.server";
import { safeReturnTo } from "@/lib/auth/return-to";
import { signupOpen } from "@/lib/auth/users.server";
import { type PageSearchParams, toURLSearchParams } from "@/lib/presentation/hrefs";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

export default async function SignInPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = toURLSearchParams(await searchParams);
  const returnTo = safeReturnTo(params.get("returnTo") ?? undefined);
  const oidc = oidcSettings();
  const csrf = await anonymousFormToken();
  return (
    <AuthCard title="Sign in">
      <FormError message={formErrorMessage(params.get("error") ?? undefined, oidc?.name)} />
      <PostForm action="/auth/sign-in/password" csrf={csrf}>
        <input type="hidden" name="returnTo" value={returnTo} />
        <TextField label="Email" name="email" type="email" autoComplete="username" defaultValue={params.get("email") ?? ""} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" />
        <SubmitButton>Sign in</SubmitButton>
      </PostForm>
      {oidc && <OidcSignIn name={oidc.name} csrf={csrf} returnTo={returnTo} />}
      {signupOpen() && (
        <p className="text-sm">
          No account yet?{" "}
          <Link href="/auth/sign-up" className="text-sky-700 hover:underline dark:text-sky-400">
            Create one
          </Link>
        </p>
      )}
    </AuthCard>
  );
}
