/**
 * The indexer's health port on a real migrated catalog and the embedded
 * search engine: liveness, readiness (and its 503), and the metrics read from
 * the catalog at each scrape (freshness lag, pulls counted).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHealthServer, type HealthServer } from "@/indexer/health";
import { createLogger } from "@/indexer/log";
import { syncErrors, watchCatalog } from "@/indexer/metrics";
import { storeEvents } from "@/lib/catalog/events";
import { pingCatalog } from "@/lib/catalog/maintenance";
import { EmbeddedSearchEngine } from "@/lib/search";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

let catalog: TestCatalog;
let search: EmbeddedSearchEngine;
let searchDir: string;
let server: HealthServer;
let failing: HealthServer;

beforeAll(async () => {
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-health-"));
  search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
  await search.setup();
  const log = createLogger("health-test", "error");
  watchCatalog(catalog.db);
  server = await startHealthServer({
    host: "127.0.0.1",
    port: 0,
    log,
    checks: { catalog: () => pingCatalog(catalog.db), search: () => search.suggest("readyz", 1) },
    standby: () => false,
  });
  failing = await startHealthServer({
    host: "127.0.0.1",
    port: 0,
    log,
    checks: { catalog: () => pingCatalog(catalog.db), search: () => Promise.reject(new Error("connect ECONNREFUSED")) },
    standby: () => false,
  });
});

afterAll(async () => {
  await server.close();
  await failing.close();
  await search.close();
  await catalog.dispose();
  rmSync(searchDir, { recursive: true, force: true });
});

describe("the indexer's health port", () => {
  it("answers liveness and readiness", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { catalog: "ok", search: "ok" } });
  });

  it("is not ready, naming why, when a dependency does not answer", async () => {
    const answer = await fetch(`${failing.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ status: "not ready", checks: { catalog: "ok", search: "connect ECONNREFUSED" } });
  });

  it("reports the freshness lag and the pulls from the catalog, and the sync errors", async () => {
    const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
    expect(await metrics()).toMatch(/^galleon_indexer_oldest_pending_event_age_seconds 0$/m);
    const receivedAt = new Date(Date.now() - 90_000);
    await storeEvents(catalog.db, [
      { id: "e1", occurredAt: receivedAt, action: "push", repository: "acme/app", tag: "v1", digest: null, mediaType: null, method: null },
    ]);
    await catalog.db.registryEvent.update({ where: { id: "e1" }, data: { receivedAt } });
    await catalog.db.namespace.create({ data: { name: "acme" } });
    await catalog.db.repository.create({ data: { path: "acme/app", namespaceName: "acme", name: "app", pulls: 42 } });
    syncErrors.inc({ scope: "repository" });
    const text = await metrics();
    const lag = Number(/^galleon_indexer_oldest_pending_event_age_seconds (\S+)$/m.exec(text)![1]);
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(600);
    expect(text).toMatch(/^galleon_pulls_counted 42$/m);
    expect(text).toMatch(/^galleon_indexer_sync_errors_total\{scope="repository"\} [1-9]/m);
    expect(text).toContain("galleon_indexer_reconcile_duration_seconds");
  });

  it("answers only GET and HEAD on its three paths", async () => {
    const post = await fetch(`${server.url}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await fetch(`${server.url}/events`)).status).toBe(404);
  });
});
