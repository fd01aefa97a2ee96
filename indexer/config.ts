import { getCatalog } from "@/lib/catalog/database.server";
import { catalogLocalPath } from "@/lib/catalog/database-path";
import { DEFAULT_REGISTRY_URL } from "@/lib/config/environment";
import { CatalogDiscovery, RegistryClient, createDiscovery } from "@/lib/registry";
import { createSearchEngine } from "@/lib/search";
import type { Logger } from "./log";
import { CoalescingQueue } from "./queue";
import type { Indexer } from "./reconcile";

function integerAtLeast(min: number, env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    const what = min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`;
    throw new Error(`${name} must be ${what}, got "${raw}"`);
  }
  return value;
}

const positiveInteger = integerAtLeast.bind(null, 1);
const nonNegativeInteger = integerAtLeast.bind(null, 0);

/** Seconds between full reconciles (GALLEON_RECONCILE_INTERVAL, default 300). */
export function reconcileIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  return positiveInteger(env, "GALLEON_RECONCILE_INTERVAL", 300) * 1000;
}

/**
 * At most how often counted pulls reach search and the cached pages
 * (GALLEON_PULLS_PUBLISH_SECONDS, default 60; 0 publishes every batch):
 * the pull totals shown lag the counts by up to this much (docs/decisions/0013).
 */
export function pullsPublishMs(env: NodeJS.ProcessEnv = process.env): number {
  return nonNegativeInteger(env, "GALLEON_PULLS_PUBLISH_SECONDS", 60) * 1000;
}

/**
 * How long the active indexer may go without a beat before a standby takes
 * over (GALLEON_INDEXER_LEASE_SECONDS, default 15, at least 2).
 */
export function leasePeriodMs(env: NodeJS.ProcessEnv = process.env): number {
  return integerAtLeast(2, env, "GALLEON_INDEXER_LEASE_SECONDS", 15) * 1000;
}

/** Where the registry's notifications arrive (GALLEON_EVENTS_*), or null when no secret is set. */
export function eventsReceiverSettings(env: NodeJS.ProcessEnv = process.env) {
  const secret = env.GALLEON_EVENTS_SECRET;
  if (!secret) return null;
  if (secret.length < 16) throw new Error("GALLEON_EVENTS_SECRET must be at least 16 characters");
  return {
    secret,
    host: env.GALLEON_EVENTS_HOST || "127.0.0.1",
    port: positiveInteger(env, "GALLEON_EVENTS_PORT", 5001),
    /** Deliveries kept here until they are in the catalog (indexer/events/journal.ts). */
    journal: env.GALLEON_EVENTS_JOURNAL || `${catalogLocalPath(env)}-events.journal`,
  };
}

/**
 * Where the indexer answers /healthz, /readyz and /metrics
 * (GALLEON_INDEXER_HEALTH_HOST and _PORT, default 127.0.0.1:5002; port 0 takes any free port).
 */
export function healthServerSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    host: env.GALLEON_INDEXER_HEALTH_HOST || "127.0.0.1",
    port: nonNegativeInteger(env, "GALLEON_INDEXER_HEALTH_PORT", 5002),
  };
}

/** The indexer's collaborators, configured from the environment (see README). */
export function createIndexer(log: Logger, env: NodeJS.ProcessEnv = process.env): Indexer {
  const timeoutMs = positiveInteger(env, "GALLEON_REGISTRY_TIMEOUT_MS", 10_000);
  const registry = new RegistryClient({
    url: env.GALLEON_REGISTRY_URL || DEFAULT_REGISTRY_URL,
    username: env.GALLEON_REGISTRY_USERNAME || undefined,
    password: env.GALLEON_REGISTRY_PASSWORD || undefined,
    timeoutMs,
    retries: nonNegativeInteger(env, "GALLEON_REGISTRY_RETRIES", 3),
    totalTimeoutMs: positiveInteger(env, "GALLEON_REGISTRY_TOTAL_TIMEOUT_MS", 2 * timeoutMs),
  });
  return assembleIndexer({
    db: getCatalog(),
    registry,
    discovery: createDiscovery(registry, env),
    search: createSearchEngine(env),
    log,
    repositoryConcurrency: positiveInteger(env, "GALLEON_INDEXER_CONCURRENCY", 4),
    verifyEvery: positiveInteger(env, "GALLEON_RECONCILE_VERIFY_EVERY", DEFAULT_VERIFY_EVERY),
  });
}

/** Reconciles per full round of known-tag verification: two hours at the default interval. */
const DEFAULT_VERIFY_EVERY = 24;

/** An indexer from its parts; discovery defaults to the registry's catalog, concurrency to 4. */
export function assembleIndexer(
  parts: Pick<Indexer, "db" | "registry" | "search" | "log"> &
    Partial<Pick<Indexer, "discovery" | "repositoryConcurrency" | "verifyEvery">>,
): Indexer {
  return {
    discovery: new CatalogDiscovery(parts.registry),
    repositoryConcurrency: 4,
    tagConcurrency: 4,
    verifyEvery: DEFAULT_VERIFY_EVERY,
    syncs: new CoalescingQueue(),
    publishes: new CoalescingQueue(),
    ...parts,
  };
}
