/**
 * `npm run db:migration -- <timestamp>_<name>`: after editing prisma/schema.prisma,
 * writes the migration of the change for both databases (docs/decisions/0001
 * and 0016) from the schema as last committed (HEAD) to the one in the working
 * tree: prisma/migrations/<dir> for SQLite, prisma/postgresql/migrations/<dir>
 * for PostgreSQL (its schema regenerated first), and regenerates both clients.
 * Read both scripts before committing: raw SQL (triggers, data moves) is
 * written by hand in each dialect, and SQLite's table redefinitions are
 * better written as ADD COLUMNs where they can be (see 20261205110000).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { POSTGRES_SCHEMA, postgresSchemaOf, SQLITE_SCHEMA } from "./postgres-schema";

const dir = process.argv[2] ?? "";
if (!/^\d{14}_[a-z0-9_]+$/.test(dir)) {
  console.error("usage: npm run db:migration -- <YYYYMMDDHHMMSS>_<name>   (after every existing migration)");
  process.exit(1);
}
const targets = [
  { schema: SQLITE_SCHEMA, migrations: "prisma/migrations", of: (sqlite: string) => sqlite },
  { schema: POSTGRES_SCHEMA, migrations: "prisma/postgresql/migrations", of: postgresSchemaOf },
];
writeFileSync(POSTGRES_SCHEMA, postgresSchemaOf(readFileSync(SQLITE_SCHEMA, "utf8")));
const committed = execFileSync("git", ["show", `HEAD:${SQLITE_SCHEMA}`], { encoding: "utf8" });
const scratch = mkdtempSync(path.join(tmpdir(), "galleon-migration-"));
for (const { schema, migrations, of } of targets) {
  const target = path.join(migrations, dir);
  if (existsSync(target)) throw new Error(`${target} exists already`);
  const previous = path.join(scratch, `${path.basename(migrations)}-previous.prisma`);
  writeFileSync(previous, of(committed));
  const script = execFileSync("npx", ["prisma", "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", schema, "--script"], {
    encoding: "utf8",
  });
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, "migration.sql"), script);
  execFileSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "ignore" });
  console.log(`wrote ${target}/migration.sql`);
}
