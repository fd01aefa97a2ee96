import Link from "next/link";
import { getSignedIn } from "@/lib/auth/current.server";
import { isAdmin } from "@/lib/auth/policy";
import { CSRF_FIELD } from "@/lib/auth/principal.server";

const LINK = "text-sm hover:underline";
// Not prefetched: that would render these pages for every public page view.

/**
 * "Sign in", or the signed-in user's email, Console, Admin (admins) and Sign
 * out. Pages are rendered per request already; a signed-out visitor has no
 * session cookie and costs no query.
 */
export async function UserMenu() {
  const signedIn = await getSignedIn();
  if (!signedIn) {
    return (
      <Link href="/auth/sign-in" prefetch={false} className={LINK}>
        Sign in
      </Link>
    );
  }
  return (
    <>
      <span className="min-w-0 text-sm break-all text-slate-500" data-testid="signed-in-as">
        {signedIn.principal.email}
      </span>
      <Link href="/console" prefetch={false} className={LINK}>
        Console
      </Link>
      {isAdmin(signedIn.principal) && (
        <Link href="/admin" prefetch={false} className={LINK}>
          Admin
        </Link>
      )}
      <form method="post" action="/auth/sign-out">
        <input type="hidden" name={CSRF_FIELD} value={signedIn.csrfToken} />
        <button type="submit" className={LINK}>
          Sign out
        </button>
      </form>
    </>
  );
}
