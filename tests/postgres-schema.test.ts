/**
 * The PostgreSQL catalog is kept in step with SQLite's (docs/decisions/0016):
 * its schema is generated from prisma/schema.prisma, both generated clients
 * know the same models, every SQLite migration has its PostgreSQL
 * counterpart, and (on PostgreSQL) those migrations build exactly the tables,
 * columns, indexes and constraints the models describe.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { isPostgres } from "@/lib/catalog/database.server";
import { POSTGRES_SCHEMA, postgresSchemaOf, SQLITE_SCHEMA } from "@/scripts/postgres-schema";
import { createTestCatalog, onPostgres, type TestCatalog } from "./support/catalog";
import { psql } from "./support/postgres";

const migrations = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

/** The models a generated client was built from, as it embeds them. */
function modelsOf(generated: string): unknown {
  const source = readFileSync(`lib/catalog/${generated}/internal/class.ts`, "utf8");
  const embedded = /config\.runtimeDataModel = JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(source);
  if (!embedded) throw new Error(`no data model in lib/catalog/${generated}`);
  return JSON.parse(JSON.parse(embedded[1]!) as string);
}

describe("the PostgreSQL schema", () => {
  it("is generated from prisma/schema.prisma (run `tsx scripts/postgres-schema.ts` after editing it)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaOf(readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("gives both generated clients the same models and fields", () => {
    expect(modelsOf("generated-postgresql")).toEqual(modelsOf("generated"));
  });

  it("has a migration for every SQLite migration, of the same name, and no other", () => {
    expect(migrations("prisma/postgresql/migrations")).toEqual(migrations("prisma/migrations"));
  });
});

describe.runIf(onPostgres)("the PostgreSQL migrations", () => {
  const catalogs: TestCatalog[] = [];
  afterAll(() => Promise.all(catalogs.map((catalog) => catalog.dispose())));

  it("build exactly what the models describe", async () => {
    const migrated = createTestCatalog();
    catalogs.push(migrated);
    expect(isPostgres(migrated.db)).toBe(true);
    const fromModels = createTestCatalog();
    catalogs.push(fromModels);
    // An empty database, then the models' schema as `prisma migrate diff` writes it.
    await fromModels.db.$executeRawUnsafe('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    const script = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"], {
      encoding: "utf8",
    });
    psql(fromModels.url, script);
    const describe = (catalog: TestCatalog) =>
      catalog.db.$queryRawUnsafe<unknown[]>(`
        SELECT 'column' AS kind, table_name || '.' || column_name AS name,
          data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS definition
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        UNION ALL SELECT 'constraint', c.conrelid::regclass || '.' || c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY 1, 2`);
    expect(await describe(migrated)).toEqual(await describe(fromModels));
  });
});
