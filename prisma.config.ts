import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { catalogDatabasePath } from "./lib/catalog/database-path";

// Prisma's Rust schema engine cannot be downloaded here: the CLI runs its
// WebAssembly engine through this driver adapter instead (docs/decisions/0001).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: catalogDatabasePath() });
  },
});
