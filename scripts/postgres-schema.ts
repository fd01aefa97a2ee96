/**
 * The PostgreSQL catalog's Prisma schema, generated from prisma/schema.prisma
 * (the one source of truth: edit that, never the copy): the same models under
 * another provider and client output (docs/decisions/0016).
 *   tsx scripts/postgres-schema.ts           writes prisma/postgresql/schema.prisma
 *   tsx scripts/postgres-schema.ts --check   fails when that file is out of date
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgresql/schema.prisma";

const HEADER = `// GENERATED from ../schema.prisma by scripts/postgres-schema.ts: edit that file, then
// run \`npm run db:migration -- <name>\` (or this script alone when no migration is due).

`;

/** Each replacement must apply exactly once, or the SQLite schema changed shape and this must follow. */
const REPLACEMENTS: Array<[string, string]> = [
  ['output     = "../lib/catalog/generated"', 'output     = "../../lib/catalog/generated-postgresql"'],
  ['provider = "sqlite"', 'provider = "postgresql"'],
  ['url      = "file:./unused.db"', 'url      = "postgresql://unused"'],
];

/** The PostgreSQL schema of a SQLite schema's text. */
export function postgresSchemaOf(sqlite: string): string {
  let schema = sqlite;
  for (const [from, to] of REPLACEMENTS) {
    if (schema.split(from).length !== 2) throw new Error(`${SQLITE_SCHEMA}: expected exactly one \`${from}\``);
    schema = schema.replace(from, to);
  }
  return HEADER + schema;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const expected = postgresSchemaOf(readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    if (readFileSync(POSTGRES_SCHEMA, "utf8") !== expected) {
      console.error(`${POSTGRES_SCHEMA} is out of date: run tsx scripts/postgres-schema.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(POSTGRES_SCHEMA, expected);
  }
}
