import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { catalogDatabasePath, catalogUrl, isPostgresUrl } from "./lib/catalog/database-path";
import { postgresMigrationAdapter } from "./lib/catalog/postgres";

// Prisma's Rust schema engine cannot be downloaded here: the CLI runs its
// WebAssembly engine through a driver adapter instead (docs/decisions/0001).
// A postgresql:// DATABASE_URL selects the PostgreSQL schema, generated from
// prisma/schema.prisma, and its own migrations (docs/decisions/0016).
const postgres = isPostgresUrl(catalogUrl());

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  async adapter() {
    return postgres ? postgresMigrationAdapter(catalogUrl()) : new PrismaBetterSQLite3({ url: catalogDatabasePath() });
  },
});
