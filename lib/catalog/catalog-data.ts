import { LIMITS } from "../config/limits";

/** What publishers write about a repository, and the limits it must respect. */

export const CATEGORIES = [
  "web-servers",
  "databases",
  "developer-tools",
  "machine-learning",
  "networking",
  "security",
  "monitoring",
  "operating-systems",
  "messaging",
  "storage",
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export { LIMITS };

export type Visibility = "PUBLIC" | "PRIVATE";

export interface CatalogData {
  shortDescription: string;
  about: string;
  usage: string;
  categories: string[];
  defaultTag: string | null;
  logo: string | null;
}

export class CatalogValidationError extends Error {
  constructor(
    readonly field: keyof CatalogData | "visibility",
    message: string,
  ) {
    super(message);
    this.name = "CatalogValidationError";
  }
}

// Docker's tag grammar.
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Throws a CatalogValidationError naming the first field that breaks a limit. */
export function validateCatalogData(data: Partial<CatalogData>): void {
  for (const field of ["shortDescription", "about", "usage"] as const) {
    const value = data[field];
    if (value !== undefined && value.length > LIMITS[field]) {
      throw new CatalogValidationError(
        field,
        `${field} is ${value.length} characters long; the limit is ${LIMITS[field]}`,
      );
    }
  }
  if (data.categories) {
    const unknown = data.categories.filter((c) => !isCategory(c));
    if (unknown.length > 0) {
      throw new CatalogValidationError(
        "categories",
        `unknown categories: ${unknown.join(", ")} (choose from ${CATEGORIES.join(", ")})`,
      );
    }
    if (new Set(data.categories).size > LIMITS.categories) {
      throw new CatalogValidationError("categories", `at most ${LIMITS.categories} categories`);
    }
  }
  if (data.defaultTag != null && !TAG_PATTERN.test(data.defaultTag)) {
    throw new CatalogValidationError("defaultTag", `"${data.defaultTag}" is not a valid tag name`);
  }
}
