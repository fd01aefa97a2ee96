import { expect } from "vitest";
import { type Authentication, loadUserPrincipal } from "@/lib/auth/principal.server";
import type { Catalog } from "@/lib/catalog/database.server";
import { PublisherError } from "@/lib/publisher/errors";

/** The account with `email`, authenticated as the console would (without a session: service calls need none). */
export async function authenticationOf(db: Catalog, email: string): Promise<Authentication> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { principal: (await loadUserPrincipal(db, user.id))!, via: "console", session: null };
}

/** The PublisherError a call is refused with. */
export async function refusal(call: Promise<unknown>): Promise<PublisherError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublisherError);
  return error as PublisherError;
}
