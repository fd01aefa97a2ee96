import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthCard, FormError, PasswordField, PostForm, SubmitButton, TextField } from "@/components/auth/AuthForm";
import { anonymousFormToken } from "@/lib/auth/current.server";
import { formErrorMessage } from "@/lib/auth/forms.server";
import { signupOpen } from "@/lib/auth/users.server";
import { type PageSearchParams, toURLSearchParams } from "@/lib/presentation/hrefs";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  if (!signupOpen()) notFound();
  const params = toURLSearchParams(await searchParams);
  return (
    <AuthCard title="Create an account">
      <FormError message={formErrorMessage(params.get("error") ?? undefined)} />
      <p className="text-sm text-slate-500">A new account belongs to no publisher until a publisher invites it.</p>
      <PostForm action="/auth/sign-up/account" csrf={await anonymousFormToken()}>
        <TextField label="Email" name="email" type="email" autoComplete="username" defaultValue={params.get("email") ?? ""} />
        <PasswordField />
        <SubmitButton>Create account</SubmitButton>
      </PostForm>
    </AuthCard>
  );
}
