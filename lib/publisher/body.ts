import { notFound, PublisherError } from "./errors";

/** What a field of a JSON body must hold. */
type FieldKind = "string" | "string-or-null" | "strings" | "boolean" | "integer";
type ValueOf<K extends FieldKind> = K extends "string"
  ? string
  : K extends "string-or-null"
    ? string | null
    : K extends "strings"
      ? string[]
      : K extends "boolean"
        ? boolean
        : number;

const EXPECTED: Record<FieldKind, string> = {
  string: "a string",
  "string-or-null": "a string or null",
  strings: "an array of strings",
  boolean: "true or false",
  integer: "a whole number",
};

function matches(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "string-or-null":
      return value === null || typeof value === "string";
    case "strings":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value);
  }
}

/**
 * Checks a parsed JSON body against `fields` strictly: an object, no unknown
 * keys (a typo must not be silently ignored), every value of its kind, the
 * `required` ones present. Refusals are 400s naming the field.
 */
export function checkBody<S extends Record<string, FieldKind>, R extends keyof S = never>(
  body: unknown,
  fields: S,
  required: readonly R[] = [],
): { [K in keyof S]?: ValueOf<S[K]> } & { [K in R]: ValueOf<S[K]> } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new PublisherError(400, "the body must be a JSON object");
  }
  for (const [key, value] of Object.entries(body)) {
    // Own keys only: "constructor" or "__proto__" name no field.
    const kind = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!kind) {
      throw new PublisherError(400, `unknown field "${key}" (expected ${Object.keys(fields).join(", ")})`, key);
    }
    if (!matches(kind, value)) throw new PublisherError(400, `${key} must be ${EXPECTED[kind]}`, key);
  }
  for (const key of required) {
    if (!(key in body)) throw new PublisherError(400, `${String(key)} is required`, String(key));
  }
  return body as never;
}

/** Refuses with 400 when `value` is not one of `allowed`, naming the field. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new PublisherError(400, `${field} must be one of ${allowed.join(", ")}`, field);
  }
  return value as T;
}

/** A row id as written in a URL: at most 9 digits, so it stays within Prisma's 32-bit Int. */
export const ROW_ID = /^[1-9]\d{0,8}$/;

/** A row id from a URL segment; 404 for anything that is not one (it names nothing). */
export function idOf(segment: string): number {
  if (!ROW_ID.test(segment)) throw notFound();
  return Number(segment);
}
