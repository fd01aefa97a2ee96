/**
 * Freshness: how long from a push to the registry until the new tag is
 * visible through the public search API, on real components (registry,
 * events receiver, indexer processing, catalog, embedded search, `next start`).
 * Also the registry's own notification delay, for comparison. Then the same
 * under load: single pushes to other public repositories while one repository
 * that holds 10,000 tags receives a burst of 500 pushes (pushed from a thread of
 * its own). Each push's delay is split into its steps: the registry's queue
 * until the delivery is answered, the journal's move into the catalog, the
 * indexer's turn until the tag is in the search index, the web app's answer.
 * Figures, not assertions.
 *
 *   tsx bench/freshness.ts      (BENCH_PUSHES=50, BENCH_BURST=500, BENCH_HUGE_TAGS=10000)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { assembleIndexer } from "@/indexer/config";
import { EventJournal } from "@/indexer/events/journal";
import { EventProcessor } from "@/indexer/events/processor";
import { startReceiverThread } from "@/indexer/events/receiver-thread";
import { createLogger } from "@/indexer/log";
import { typeScriptWorker } from "@/indexer/worker";
import { publish, reconcile } from "@/indexer/reconcile";
import { createCatalog } from "@/lib/catalog/database.server";
import { type RegistryEventInput, storeEvents } from "@/lib/catalog/events";
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
/**
 * Per pushed tag, each step's time on one clock (same machine): the registry
 * recorded the push (its event timestamp), the receiver's thread answered the
 * delivery (journaled), the event was stored in the catalog, the repository's
 * search document carrying the tag was written.
 */
interface Steps {
  occurred: number;
  answered?: number;
  stored?: number;
  published?: number;
}
const pushes = new Map<string, Steps>();
const pushedTags = (events: RegistryEventInput[]) =>
  events.filter((event) => event.action === "push" && event.tag).map((event) => event.tag!);
// As the indexer does (indexer/main.ts), with each step's time written down.
let journal: EventJournal | null = null;
const receiver = await startReceiverThread({
  host: "127.0.0.1",
  port: receiverPort,
  secret: SECRET,
  journal: path.join(dir, "events.journal"),
  logLevel: "error",
  onAppended: (events, answeredAt) => {
    for (const event of events) {
      if (event.action === "push" && event.tag) pushes.set(event.tag, { occurred: event.occurredAt.getTime(), answered: answeredAt });
    }
    journal?.flushSoon();
  },
  onError: (error) => {
    throw error;
  },
});
journal = new EventJournal(
  path.join(dir, "events.journal"),
  async (events) => {
    await storeEvents(db, events);
    for (const tag of pushedTags(events)) {
      const steps = pushes.get(tag);
      if (steps) steps.stored ??= Date.now();
    }
    processor.wake();
  },
  log,
  receiver.rotate,
);
const replace = search.replace.bind(search);
search.replace = async (documents) => {
  await replace(documents);
  for (const document of documents) for (const tag of document.tags) {
    const steps = pushes.get(tag);
    if (steps && steps.published === undefined) steps.published = Date.now();
  }
};
/** The bench's process is the indexer's: a blocked event loop delays every step but the answer. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

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

const web = await startWebApp(undefined, {
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

/**
 * The burst's pushes, 8 at a time, from a thread of its own: pushers are other
 * processes, and the bench's thread is the indexer's.
 */
function burstInThread(tags: string[]): Promise<void> {
  const worker = typeScriptWorker(new URL("./burst-worker.ts", import.meta.url), { registry: registry.url, repository: HUGE, tags });
  return new Promise((resolve, reject) => {
    worker.once("message", () => void worker.terminate().then(() => resolve()));
    worker.once("error", reject);
  });
}

/** Each step's delay for the pushes of one phase (ms); a step never reached counts as the deadline. */
class Delays {
  readonly visible: number[] = [];
  readonly answered: number[] = [];
  readonly stored: number[] = [];
  readonly published: number[] = [];
  readonly shown: number[] = [];

  add(steps: Steps, visibleAt: number): void {
    const answered = steps.answered ?? visibleAt;
    const stored = steps.stored ?? visibleAt;
    const published = steps.published ?? visibleAt;
    this.visible.push(visibleAt - steps.occurred);
    this.answered.push(answered - steps.occurred);
    this.stored.push(stored - answered);
    this.published.push(published - stored);
    this.shown.push(visibleAt - published);
  }
}

/** Pushes one tag and waits until the public search API shows it; records each step's delay. */
async function pushAndWait(repository: string, tag: string, delays: Delays): Promise<void> {
  const pushedAt = Date.now();
  await pushImage(registry.url, repository, tag);
  const deadline = Date.now() + TIMEOUT_MS;
  // A push still invisible at the deadline counts as the deadline (a figure, not a crash).
  while (!(await visible(repository, tag)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  // Timed from the registry's own record of the push (same machine, same clock).
  delays.add(pushes.get(tag) ?? { occurred: pushedAt }, Date.now());
}

const quiet = new Delays();
const loaded = new Delays();
let burstMs = 0;
try {
  for (let i = 0; i < PUSHES; i++) await pushAndWait(REPOSITORY, `fresh-${i}`, quiet);
  loopDelay.enable();

  // Under load: the burst runs in the background while single pushes to the other repositories are timed.
  const burstStarted = Date.now();
  let burstDone = false;
  const burst = burstInThread(Array.from({ length: BURST }, (_, i) => `burst-${i}`)).finally(() => (burstDone = true));
  // Awaited below; a timed-out single push must not leave it failing unheard when the registry stops.
  burst.catch(() => {});
  const burstApplied = async () =>
    burstDone && (await db.tag.count({ where: { repository: { path: HUGE }, name: { startsWith: "burst-" } } })) === BURST;
  for (let i = 0; !(await burstApplied()); i++) {
    await pushAndWait(OTHERS[i % OTHERS.length]!, `loaded-${i}`, loaded);
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
  `${label.padEnd(50)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95)
    .toFixed(0)
    .padStart(5)} ms   max ${Math.max(...values).toFixed(0).padStart(5)} ms`;
const rows = (delays: Delays) => {
  console.log(row("push → visible in the public search API", delays.visible));
  console.log(row("  push → delivery answered (registry's queue)", delays.answered));
  console.log(row("  answered → event stored in the catalog", delays.stored));
  console.log(row("  stored → tag in the search index", delays.published));
  console.log(row("  in the search index → shown by the search API", delays.shown));
};
console.log(`\nFreshness over ${PUSHES} pushes (goal: p95 ≤ 2000 ms)`);
rows(quiet);
console.log(
  `\nUnder load: ${loaded.visible.length} single pushes to other public repositories while ${HUGE} ` +
    `(${HUGE_TAGS} tags) received a burst of ${BURST} pushes (goal: p95 ≤ 2000 ms)`,
);
rows(loaded);
console.log(
  `the indexer's event loop meanwhile: delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; ` +
    `${[...loaded.visible, ...quiet.visible].filter((ms) => ms >= TIMEOUT_MS).length} pushes not visible within ${TIMEOUT_MS / 1000} s`,
);
console.log(`the burst, from its first push until all its tags were in the catalog: ${(burstMs / 1000).toFixed(1)} s`);
console.log(`load average at the end (1, 5, 15 min): ${loadavg().map((load) => load.toFixed(1)).join(", ")}`);
