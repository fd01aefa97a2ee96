/**
 * Vitest's global setup: with GALLEON_TEST_DATABASE=postgresql, one throwaway
 * cluster for the run and a migrated template database, which
 * createTestCatalog copies for each catalog (as it copies a SQLite file).
 */
import { execFileSync } from "node:child_process";
import { psql, startPostgres } from "./postgres";

export const TEMPLATE_DATABASE = "galleon_template";

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.GALLEON_TEST_DATABASE !== "postgresql") return undefined;
  const cluster = await startPostgres();
  psql(cluster.url("postgres"), `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: cluster.url(TEMPLATE_DATABASE) },
    stdio: "pipe",
  });
  // Read by the test workers, which start after this.
  process.env.GALLEON_TEST_POSTGRES_URL = cluster.url("postgres");
  return () => cluster.stop();
}
