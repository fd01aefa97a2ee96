/** The admin API's door and request parsing: bodies with known fields only, ids from the path. */
import { isAdmin } from "@/lib/auth/policy";
import type { Authentication } from "@/lib/auth/principal.server";
import { BADGES, type Badge } from "./admin.server";
import { notFound, PublisherError } from "./errors";
import { readJsonBody, withPublisher } from "./http.server";

/** withPublisher for the admin API: anyone but an admin is answered 404 before the request is read. */
export function withAdmin(request: Request, handle: (auth: Authentication) => Promise<Response>): Promise<Response> {
  return withPublisher(request, (auth) => {
    if (!isAdmin(auth.principal)) throw notFound();
    return handle(auth);
  });
}

export type Fields = Record<string, unknown>;

/** A JSON object body: 400 for anything else and for a field it does not know. */
export async function readFields(request: Request, known: readonly string[]): Promise<Fields> {
  const body = await readJsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new PublisherError(400, "the body must be a JSON object");
  }
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new PublisherError(400, `unknown field "${unknown.slice(0, 40)}"`, unknown.slice(0, 40));
  return body as Fields;
}

export function stringField(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== "string") throw new PublisherError(400, `${name} must be a string`, name);
  return value;
}

export function integerField(fields: Fields, name: string): number {
  const value = fields[name];
  if (!Number.isSafeInteger(value)) throw new PublisherError(400, `${name} must be an integer`, name);
  return value as number;
}

export function optionalBooleanField(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (value !== undefined && typeof value !== "boolean") throw new PublisherError(400, `${name} must be true or false`, name);
  return value;
}

/** A numeric id from the path; anything else names nothing (404). */
export function idParam(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new PublisherError(404, "not found");
  return Number(value);
}

export function badgeParam(value: string): Badge {
  if (!(BADGES as readonly string[]).includes(value)) throw new PublisherError(404, "not found");
  return value as Badge;
}
