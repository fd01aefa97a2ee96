import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, FormError, OidcSignIn, PasswordField, PostForm, SubmitButton } from "@/components/auth/AuthForm";
import { anonymousFormToken, getSignedIn } from "@/lib/auth/current.server";
import { formErrorMessage } from "@/lib/auth/forms.server";
import { findInvitation, invitationPath } from "@/lib/auth/invitations.server";
import { oidcSettings } from "@/lib/auth/oidc.server";
import { DEFAULT_RETURN_TO } from "@/lib/auth/return-to";
import { accountExists } from "@/lib/catalog/accounts";
import { getCatalog } from "@/lib/catalog/database.server";
import { type PageSearchParams, toURLSearchParams } from "@/lib/presentation/hrefs";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

const LINK = "text-sky-700 hover:underline dark:text-sky-400";

/**
 * An invitation link: accept it signed in with the invited email, or create
 * that account (a password, or the identity provider) and join at once.
 */
export default async function InvitationPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const { token } = await params;
  const db = getCatalog();
  const invitation = await findInvitation(db, token);
  if (!invitation) {
    return (
      <AuthCard title="Invitation">
        <FormError message="This invitation link is no longer valid: it has been used already or has expired. Ask the publisher's owner or the site admin for a new one." />
      </AuthCard>
    );
  }
  const path = invitationPath(token);
  const signedIn = await getSignedIn();
  const hasAccount = !signedIn && (await accountExists(db, invitation.email));
  const oidc = oidcSettings();
  const csrf = signedIn ? signedIn.csrfToken : await anonymousFormToken();
  return (
    <AuthCard title={`Join ${invitation.publisher.displayName}`}>
      <p className="text-sm">
        <strong>{invitation.publisher.displayName}</strong> invites <strong>{invitation.email}</strong> to join as{" "}
        {invitation.role === "OWNER" ? "an owner" : "an editor"}.
      </p>
      {signedIn ? (
        signedIn.principal.email === invitation.email ? (
          <PostForm action={`${path}/accept`} csrf={csrf}>
            <SubmitButton>Accept</SubmitButton>
          </PostForm>
        ) : (
          <p className="text-sm">
            You are signed in as {signedIn.principal.email}. To accept, sign out and open this link again.
          </p>
        )
      ) : hasAccount ? (
        <p className="text-sm">
          <Link href={`/auth/sign-in?${new URLSearchParams({ returnTo: path, email: invitation.email })}`} className={LINK}>
            Sign in as {invitation.email}
          </Link>{" "}
          to accept.
        </p>
      ) : (
        <>
          <FormError message={formErrorMessage(toURLSearchParams(await searchParams).get("error") ?? undefined)} />
          <PostForm action={`${path}/account`} csrf={csrf}>
            <PasswordField />
            <SubmitButton>Create account and join</SubmitButton>
          </PostForm>
          {/* A new account accepts its invitations when it is created; then the console. */}
          {oidc && <OidcSignIn name={oidc.name} csrf={csrf} returnTo={DEFAULT_RETURN_TO} />}
        </>
      )}
    </AuthCard>
  );
}
