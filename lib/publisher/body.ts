import type { z } from "zod";
import { notFound, PublisherError } from "./errors";

/** What a field must hold, as a refusal says it. */
function expected(field: z.core.$ZodType): string {
  const def = field._zod.def;
  switch (def.type) {
    case "optional":
    case "default":
      return expected((def as z.core.$ZodOptionalDef).innerType);
    case "nullable":
      return `${expected((def as z.core.$ZodNullableDef).innerType)} or null`;
    case "array":
      return `an array of ${expected((def as z.core.$ZodArrayDef).element).replace(/^an? /, "")}s`;
    case "boolean":
      return "true or false";
    case "number":
      return "a whole number";
    default:
      return "a string";
  }
}

/** The first of `issues` a refusal names, in the order a reader fixes them: fields as the body lists them, then missing ones, then values. */
function refusal(schema: z.ZodObject, body: object, issues: z.core.$ZodIssue[]): PublisherError {
  const fields = Object.keys(schema.shape);
  for (const key of Object.keys(body)) {
    if (issues.some((issue) => issue.code === "unrecognized_keys" && issue.keys.includes(key))) {
      return new PublisherError(400, `unknown field "${key}" (expected ${fields.join(", ")})`, key);
    }
    // A string outside an enum is a wrong value, refused after the missing fields; anything else is of the wrong kind.
    const wrongKind = (issue: z.core.$ZodIssue) =>
      issue.path[0] === key && !(issue.code === "invalid_value" && typeof (body as Record<string, unknown>)[key] === "string");
    if (issues.some(wrongKind)) return new PublisherError(400, `${key} must be ${expected(schema.shape[key]!)}`, key);
  }
  const missing = fields.find((key) => !Object.hasOwn(body, key) && issues.some((issue) => issue.path[0] === key));
  if (missing) return new PublisherError(400, `${missing} is required`, missing);
  const value = issues.find((issue) => issue.code === "invalid_value")!;
  const field = String(value.path[0]);
  return new PublisherError(400, `${field} must be one of ${(value as z.core.$ZodIssueInvalidValue).values.join(", ")}`, field);
}

/**
 * Parses a JSON body against its schema (./lib/schemas): an object, no
 * unknown keys, every value of its kind, the required ones present, enums
 * among their values. Refusals are 400s naming the field.
 */
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new PublisherError(400, "the body must be a JSON object");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw refusal(schema, body, result.error.issues);
}

/** A row id as written in a URL: at most 9 digits, so it stays within Prisma's 32-bit Int. */
export const ROW_ID = /^[1-9]\d{0,8}$/;

/** A row id from a URL segment; 404 for anything that is not one (it names nothing). */
export function idOf(segment: string): number {
  if (!ROW_ID.test(segment)) throw notFound();
  return Number(segment);
}
