/**
 * Freshness: how long from a push to the registry until the new tag is
 * visible through the public search API, on real components (registry,
 * events receiver, indexer processing, catalog, embedded search, `next start`).
 * Also the registry's own notification delay, for comparison. Figures, not assertions.
 *
 *   tsx bench/freshness.ts      (BENCH_PUSHES=50 by default)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assembleIndexer } from "@/indexer/config";
import { EventProcessor } from "@/indexer/events/processor";
import { startEventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { reconcile } from "@/indexer/reconcile";
import { createCatalog } from "@/lib/catalog/client";
import { storeEvents } from "@/lib/catalog/events";
import { saveRepository } from "@/lib/catalog/publishing";
import { RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, startRegistry } from "@/scripts/registry/harness";
import { startWebApp } from "@/scripts/web";
import { pushImage } from "@/tests/support/images";

const PUSHES = Number(process.env.BENCH_PUSHES || 50);
const REPOSITORY = "bench/fresh";
const SECRET = "bench-secret-0123456789abcdef";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dir = mkdtempSync(path.join(tmpdir(), "galleon-bench-fresh-"));
const databaseUrl = `file:${path.join(dir, "catalog.db")}`;
const searchFile = path.join(dir, "search.db");
process.env.NEXT_TELEMETRY_DISABLED = "1";
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
// Always build: a stale build would measure old code.
execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"] });

const log = createLogger("bench", "error");
const db = createCatalog(databaseUrl.slice("file:".length));
const search = new EmbeddedSearchEngine(searchFile);
await search.setup();
const receiverPort = await freePort();
const registry = await startRegistry({ notifications: { url: `http://127.0.0.1:${receiverPort}/events`, secret: SECRET } });
const indexer = assembleIndexer({ db, registry: new RegistryClient({ url: registry.url }), search, log });
const processor = new EventProcessor(indexer);
/** Per tag: when the registry recorded the push (its event timestamp) and when the receiver got it. */
const pushes = new Map<string, { occurred: number; received: number }>();
const receiver = await startEventsReceiver({
  host: "127.0.0.1",
  port: receiverPort,
  secret: SECRET,
  log,
  store: async (events) => {
    for (const event of events) {
      if (event.action === "push" && event.tag) pushes.set(event.tag, { occurred: event.occurredAt.getTime(), received: Date.now() });
    }
    await storeEvents(db, events);
    void processor.drain();
  },
});

await saveRepository(db, REPOSITORY, { visibility: "PUBLIC", shortDescription: "Freshness benchmark" });
await pushImage(registry.url, REPOSITORY, "warm-up");
await reconcile(indexer);

const web = await startWebApp(await freePort(), {
  DATABASE_URL: databaseUrl,
  GALLEON_SEARCH_DB: searchFile,
  GALLEON_REGISTRY_URL: registry.url,
});
const api = `${web.url}/api/v1/search`;

async function visible(tag: string): Promise<boolean> {
  const body = (await (await fetch(`${api}?q=${encodeURIComponent(tag)}`)).json()) as {
    hits: Array<{ fullName: string; tags: string[] }>;
  };
  return body.hits.some((hit) => hit.fullName === REPOSITORY && hit.tags.includes(tag));
}

const toVisible: number[] = [];
const toNotified: number[] = [];
try {
  for (let i = 0; i < PUSHES; i++) {
    const tag = `fresh-${i}`;
    await pushImage(registry.url, REPOSITORY, tag);
    const deadline = Date.now() + 30_000;
    while (!(await visible(tag))) {
      if (Date.now() > deadline) throw new Error(`${tag} not visible after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const visibleAt = Date.now();
    // Timed from the registry's own record of the push (same machine, same clock).
    const push = pushes.get(tag);
    if (!push) throw new Error(`no push notification for ${tag}`);
    toVisible.push(visibleAt - push.occurred);
    toNotified.push(push.received - push.occurred);
  }
} finally {
  web.stop();
  await receiver.close();
  await registry.stop();
  await search.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}

const row = (label: string, values: number[]) =>
  `${label.padEnd(46)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95)
    .toFixed(0)
    .padStart(5)} ms   max ${Math.max(...values).toFixed(0).padStart(5)} ms`;
console.log(`\nFreshness over ${PUSHES} pushes (goal: p95 ≤ 2000 ms)`);
console.log(row("push → visible in the public search API", toVisible));
console.log(row("push → notification received (registry delay)", toNotified));
