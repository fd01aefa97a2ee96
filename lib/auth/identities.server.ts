import "server-only";
import { userForExternalIdentity } from "@/lib/catalog/accounts";
import type { Catalog } from "@/lib/catalog/database.server";
import { newAccount, normalizeEmail, refusingTakenEmail } from "./users.server";
/** Who an OpenID Connect provider says signed in. */
export interface ExternalIdentityClaims {
  issuer: string;
  subject: string;
  email?: string;
  /** Only an email the provider has verified is trusted to name an account. */
  emailVerified: boolean;
}

/**
 * The Galleon account an external identity signs in to, linking or creating
 * it on first use; null when it has none and may not get one:
 * 1. an identity linked before (issuer and subject) signs in to its user;
 * 2. else a verified email of an existing user links the identity to it;
 * 3. else a verified email with an open invitation creates the user and
 *    accepts its invitations;
 * 4. else, when sign-up is open, a verified email creates the user.
 * All in one transaction: nothing is stored for a refused identity.
 */
export async function userForIdentity(db: Catalog, identity: ExternalIdentityClaims, signupOpen: boolean): Promise<number | null> {
  const email = identity.emailVerified && identity.email ? normalizeEmail(identity.email) : null;
  return refusingTakenEmail(
    userForExternalIdentity(db, { issuer: identity.issuer, subject: identity.subject, email }, (verified, invited) =>
      invited || signupOpen ? newAccount({ email: verified }) : null,
    ),
  );
}
