/** The indexer as its own process (indexer/main.ts), as it runs in production, for tests that kill or race it. */
import { type ChildProcess, spawn } from "node:child_process";

/**
 * Starts an indexer on a catalog, a search file and a registry: no periodic
 * reconcile after the first, any free health port, info logs on stderr
 * (piped); `env` adds or overrides settings.
 */
export function spawnIndexer(settings: { catalogUrl: string; searchFile: string; registryUrl: string }, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "indexer/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: settings.catalogUrl,
      GALLEON_SEARCH_DB: settings.searchFile,
      GALLEON_REGISTRY_URL: settings.registryUrl,
      GALLEON_RECONCILE_INTERVAL: "3600",
      GALLEON_EVENTS_SECRET: "",
      GALLEON_INDEXER_HEALTH_PORT: "0",
      GALLEON_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
}
