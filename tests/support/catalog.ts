import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Catalog, createCatalog } from "@/lib/catalog/database.server";
import { psql } from "./postgres";
import { TEMPLATE_DATABASE } from "./postgres-setup";

export interface TestCatalog {
  /** The SQLite file; "" on PostgreSQL. */
  file: string;
  url: string;
  db: Catalog;
  dispose(): Promise<void>;
}

let template: string | undefined;

/** Applies the real migrations once per test process, into a template file. */
function migratedTemplate(): string {
  if (!template) {
    const dir = mkdtempSync(path.join(tmpdir(), "galleon-catalog-template-"));
    template = path.join(dir, "catalog.db");
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${template}` },
      stdio: "pipe",
    });
  }
  return template;
}

/** The cluster of this run when the tests run on PostgreSQL (GALLEON_TEST_DATABASE=postgresql, see postgres-setup.ts). */
const postgresServer = process.env.GALLEON_TEST_POSTGRES_URL;

/** Whether the tests run on PostgreSQL: the few tests of SQLite's own behaviour skip then. */
export const onPostgres = postgresServer !== undefined;

/** A fresh, migrated catalog of its own: a SQLite file, or a PostgreSQL database copied from the migrated template. */
export function createTestCatalog(): TestCatalog {
  return postgresServer ? createPostgresCatalog(postgresServer) : createSqliteCatalog();
}

/** A fresh, migrated SQLite catalog, whichever database the run is on. */
export function createSqliteCatalog(): TestCatalog {
  const dir = mkdtempSync(path.join(tmpdir(), "galleon-catalog-"));
  const file = path.join(dir, "catalog.db");
  copyFileSync(migratedTemplate(), file);
  const db = createCatalog(file);
  return {
    file,
    url: `file:${file}`,
    db,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database copied from the migrated template of the cluster at `server` (see postgres-setup.ts). */
export function createPostgresCatalog(server: string): TestCatalog {
  const database = `catalog_${randomBytes(8).toString("hex")}`;
  psql(server, `CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const db = createCatalog(url.href);
  return {
    file: "",
    url: url.href,
    db,
    async dispose() {
      // FORCE ends the connections first: the pool's end waits for every one it lent.
      psql(server, `DROP DATABASE ${database} WITH (FORCE)`);
      await db.$disconnect();
    },
  };
}
