/**
 * Freshness: how long from a push to the registry until the new tag is
 * visible through the public search API, on real components (registry,
 * events receiver, indexer processing, catalog, embedded search, `next start`).
 * Also the registry's own notification delay, for comparison. Then the same
 * under load: single pushes to other public repositories while one repository
 * that holds 10,000 tags receives a burst of 500 pushes. Figures, not assertions.
 *
 *   tsx bench/freshness.ts      (BENCH_PUSHES=50, BENCH_BURST=500, BENCH_HUGE_TAGS=10000)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { assembleIndexer } from "@/indexer/config";
import { EventJournal } from "@/indexer/events/journal";
import { EventProcessor } from "@/indexer/events/processor";
import { startEventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { publish, reconcile } from "@/indexer/reconcile";
import { forEachLimit } from "@/indexer/concurrency";
import { createCatalog } from "@/lib/catalog/client";
import { storeEvents } from "@/lib/catalog/events";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync } from "@/lib/catalog/sync";
import { RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, startRegistry } from "@/scripts/registry/harness";
import { startWebApp } from "@/scripts/web";
import { pushImage } from "@/tests/support/images";

const PUSHES = Number(process.env.BENCH_PUSHES || 50);
const BURST = Number(process.env.BENCH_BURST || 500);
const HUGE_TAGS = Number(process.env.BENCH_HUGE_TAGS || 10_000);
const REPOSITORY = "bench/fresh";
const HUGE = "bench/huge";
const OTHERS = Array.from({ length: 5 }, (_, i) => `bench/other-${i}`);
const SECRET = "bench-secret-0123456789abcdef";
const TIMEOUT_MS = 60_000;

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
// As the indexer does (indexer/main.ts).
const journal = new EventJournal(
  path.join(dir, "events.journal"),
  async (events) => {
    await storeEvents(db, events);
    void processor.drain();
  },
  log,
);
/** Per tag: when the registry recorded the push (its event timestamp) and when the receiver got it. */
const pushes = new Map<string, { occurred: number; received: number }>();
/** How long each delivery took to be stored (the registry sends the next one after the answer), per phase. */
let storeMs: number[] = [];
/** The bench's process is the indexer's too: a blocked event loop delays every delivery's answer. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const receiver = await startEventsReceiver({
  host: "127.0.0.1",
  port: receiverPort,
  secret: SECRET,
  log,
  store: async (events) => {
    for (const event of events) {
      if (event.action === "push" && event.tag) pushes.set(event.tag, { occurred: event.occurredAt.getTime(), received: Date.now() });
    }
    const started = performance.now();
    journal.append(events);
    storeMs.push(performance.now() - started);
  },
});

for (const repository of [REPOSITORY, HUGE, ...OTHERS]) {
  await saveRepository(db, repository, { visibility: "PUBLIC", shortDescription: "Freshness benchmark" });
  await pushImage(registry.url, repository, "warm-up");
}
await reconcile(indexer);

/**
 * The huge repository's tags, all on its warm-up manifest: linked in the
 * registry's storage (distribution's layout) and written to the catalog by
 * the indexer's own write path, which is how a reconcile would leave them.
 */
const base = await indexer.registry.resolveTag(HUGE, "warm-up");
const hugeTags = Array.from({ length: HUGE_TAGS }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`);
const hex = base.digest.slice("sha256:".length);
for (const tag of hugeTags) {
  const dir = path.join(registry.storageDir, "docker/registry/v2/repositories", HUGE, "_manifests/tags", tag);
  mkdirSync(path.join(dir, "index/sha256", hex), { recursive: true });
  mkdirSync(path.join(dir, "current"), { recursive: true });
  writeFileSync(path.join(dir, "current/link"), base.digest);
  writeFileSync(path.join(dir, "index/sha256", hex, "link"), base.digest);
}
const present = ["warm-up", ...hugeTags];
for (let i = 0; i < hugeTags.length; i += 1000) {
  const changed = hugeTags.slice(i, i + 1000).map((tag) => ({ ...base, tag }));
  await applyTagSync(db, HUGE, { present, changed, errors: [] });
}
await publish(indexer, HUGE);

const web = await startWebApp(await freePort(), {
  DATABASE_URL: databaseUrl,
  GALLEON_SEARCH_DB: searchFile,
  GALLEON_REGISTRY_URL: registry.url,
});
const api = `${web.url}/api/v1/search`;

async function visible(repository: string, tag: string): Promise<boolean> {
  const body = (await (await fetch(`${api}?q=${encodeURIComponent(tag)}`)).json()) as {
    hits: Array<{ fullName: string; tags: string[] }>;
  };
  return body.hits.some((hit) => hit.fullName === repository && hit.tags.includes(tag));
}

/** Pushes one tag and waits until the public search API shows it; records both delays. */
async function pushAndWait(repository: string, tag: string, toVisible: number[], toNotified: number[]): Promise<void> {
  const pushedAt = Date.now();
  await pushImage(registry.url, repository, tag);
  const deadline = Date.now() + TIMEOUT_MS;
  // A push still invisible at the deadline counts as the deadline (a figure, not a crash).
  while (!(await visible(repository, tag)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const visibleAt = Date.now();
  // Timed from the registry's own record of the push (same machine, same clock).
  const push = pushes.get(tag) ?? { occurred: pushedAt, received: deadline };
  toVisible.push(visibleAt - push.occurred);
  toNotified.push(push.received - push.occurred);
}

const toVisible: number[] = [];
const toNotified: number[] = [];
const loadedToVisible: number[] = [];
const loadedToNotified: number[] = [];
const quietStoreMs: number[] = [];
const loadedStoreMs: number[] = [];
let burstMs = 0;
try {
  storeMs = quietStoreMs;
  for (let i = 0; i < PUSHES; i++) await pushAndWait(REPOSITORY, `fresh-${i}`, toVisible, toNotified);
  storeMs = loadedStoreMs;
  loopDelay.enable();

  // Under load: the burst runs in the background while single pushes to the other repositories are timed.
  const burstStarted = Date.now();
  let burstDone = false;
  const burst = forEachLimit(
    Array.from({ length: BURST }, (_, i) => `burst-${i}`),
    8,
    (tag) => pushImage(registry.url, HUGE, tag).then(() => {}),
  ).finally(() => (burstDone = true));
  // Awaited below; a timed-out single push must not leave it failing unheard when the registry stops.
  burst.catch(() => {});
  const burstApplied = async () =>
    burstDone && (await db.tag.count({ where: { repository: { path: HUGE }, name: { startsWith: "burst-" } } })) === BURST;
  for (let i = 0; !(await burstApplied()); i++) {
    await pushAndWait(OTHERS[i % OTHERS.length]!, `loaded-${i}`, loadedToVisible, loadedToNotified);
  }
  await burst;
  burstMs = Date.now() - burstStarted;
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
console.log(row("receiver: storing one delivery", quietStoreMs));
console.log(
  `\nUnder load: ${loadedToVisible.length} single pushes to other public repositories while ${HUGE} ` +
    `(${HUGE_TAGS} tags) received a burst of ${BURST} pushes (goal: p95 ≤ 2000 ms)`,
);
console.log(row("push → visible in the public search API", loadedToVisible));
console.log(row("push → notification received (registry delay)", loadedToNotified));
console.log(row("receiver: storing one delivery", loadedStoreMs));
console.log(
  `the indexer's event loop meanwhile: delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; ` +
    `${[...loadedToVisible, ...toVisible].filter((ms) => ms >= TIMEOUT_MS).length} pushes not visible within ${TIMEOUT_MS / 1000} s`,
);
console.log(`the burst, from its first push until all its tags were in the catalog: ${(burstMs / 1000).toFixed(1)} s`);
