/**
 * Vitest's global setup: with GALLEON_TEST_DATABASE=postgresql, one throwaway
 * cluster for the run and a migrated template database, which
 * createTestCatalog copies for each catalog (as it copies a SQLite file).
 */
import { execFileSync } from "node:child_process";
import { type PostgresCluster, psql, startPostgres } from "./postgres";

export const TEMPLATE_DATABASE = "galleon_template";

/** A throwaway cluster with the migrated template database; `server` is the URL createPostgresCatalog takes. */
export async function startCatalogCluster(): Promise<{ cluster: PostgresCluster; server: string }> {
  const cluster = await startPostgres();
  psql(cluster.url("postgres"), `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: cluster.url(TEMPLATE_DATABASE) },
    stdio: "pipe",
  });
  return { cluster, server: cluster.url("postgres") };
}

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.GALLEON_TEST_DATABASE !== "postgresql") return undefined;
  const { cluster, server } = await startCatalogCluster();
  // Read by the test workers, which start after this.
  process.env.GALLEON_TEST_POSTGRES_URL = server;
  return () => cluster.stop();
}
