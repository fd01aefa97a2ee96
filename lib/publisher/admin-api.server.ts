/** The admin API's door: like the publisher API's, but answering anyone who is not an admin as if it did not exist. */
import { isAdmin } from "@/lib/auth/policy";
import type { Authentication } from "@/lib/auth/principal.server";
import { BADGES, type Badge } from "./admin.server";
import { notFound } from "./errors";
import { withPublisher } from "./http.server";

/** withPublisher for the admin API: anyone but an admin is answered 404 before the request is read. */
export function withAdmin(request: Request, handle: (auth: Authentication) => Promise<Response>): Promise<Response> {
  return withPublisher(request, (auth) => {
    if (!isAdmin(auth.principal)) throw notFound();
    return handle(auth);
  });
}

/** A badge named in the path; any other name names nothing (404). */
export function badgeOf(segment: string): Badge {
  if (!(BADGES as readonly string[]).includes(segment)) throw notFound();
  return segment as Badge;
}
