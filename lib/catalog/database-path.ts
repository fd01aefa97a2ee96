import { mkdirSync } from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/catalog.db";

/** The catalog's URL: DATABASE_URL, a SQLite "file:" URL by default. */
export function catalogUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Whether `url` names a PostgreSQL catalog (docs/decisions/0016) rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres://") || url.startsWith("postgresql://");
}

/** The SQLite file named by DATABASE_URL ("file:" URL), its directory created. */
export function catalogDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const url = catalogUrl(env);
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL or a postgresql:// URL, got "${url}"`);
  }
  const file = path.resolve(url.slice("file:".length));
  mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

/**
 * The local path the files kept beside the catalog (site secret, registry
 * token keys, events journal) are named after, its directory created: the
 * SQLite file, or "catalog" in GALLEON_DATA_DIR (default ./data) when the
 * catalog is in PostgreSQL.
 */
export function catalogLocalPath(env: NodeJS.ProcessEnv = process.env): string {
  if (!isPostgresUrl(catalogUrl(env))) return catalogDatabasePath(env);
  // Data chosen at run time: keep Next's output tracing away from it.
  const dir = path.resolve(/* turbopackIgnore: true */ env.GALLEON_DATA_DIR || "data");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, "catalog");
}
