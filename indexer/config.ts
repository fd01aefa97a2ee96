import { getCatalog } from "@/lib/catalog/client";
import { DEFAULT_REGISTRY_URL } from "@/lib/config";
import { RegistryClient, createDiscovery } from "@/lib/registry";
import { createSearchEngine } from "@/lib/search";
import type { Logger } from "./log";
import type { Indexer } from "./reconcile";

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Seconds between full reconciles (GALLEON_RECONCILE_INTERVAL, default 300). */
export function reconcileIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  return positiveInteger(env, "GALLEON_RECONCILE_INTERVAL", 300) * 1000;
}

/** The indexer's collaborators, configured from the environment (see README). */
export function createIndexer(log: Logger, env: NodeJS.ProcessEnv = process.env): Indexer {
  const registry = new RegistryClient({
    url: env.GALLEON_REGISTRY_URL || DEFAULT_REGISTRY_URL,
    username: env.GALLEON_REGISTRY_USERNAME || undefined,
    password: env.GALLEON_REGISTRY_PASSWORD || undefined,
    timeoutMs: positiveInteger(env, "GALLEON_REGISTRY_TIMEOUT_MS", 10_000),
  });
  return {
    db: getCatalog(),
    registry,
    discovery: createDiscovery(registry, env),
    search: createSearchEngine(env),
    log,
    repositoryConcurrency: positiveInteger(env, "GALLEON_INDEXER_CONCURRENCY", 4),
    tagConcurrency: 4,
  };
}
