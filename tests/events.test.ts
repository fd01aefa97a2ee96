/**
 * Real-time indexing: the real registry posts its notifications to the
 * indexer's receiver, which stores them and syncs the repositories they name.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { EventProcessor } from "@/indexer/events/processor";
import { EVENTS_MEDIA_TYPE } from "@/indexer/events/parse";
import { type EventsReceiver, startEventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { type Indexer, reconcile } from "@/indexer/reconcile";
import { storeEvents } from "@/lib/catalog/events";
import { RegistryClient } from "@/lib/registry";
import { MANIFEST_ACCEPT } from "@/lib/registry/media-types";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { saveRepository } from "@/lib/catalog/publishing";
import { seedCatalog } from "@/scripts/seed/catalog";
import { deleteManifest } from "@/scripts/seed/oci";
import { seedRegistry } from "@/scripts/seed/registry";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { pushImage } from "./support/images";

const SECRET = "test-secret-0123456789abcdef";
const log = createLogger("test", "error");

let registry: RegistryHandle;
let catalog: TestCatalog;
let searchDir: string;
let indexer: Indexer;
let processor: EventProcessor;
let receiver: EventsReceiver;
let receiverPort: number;

/** What the indexer process does with a notification: store it, then process it. */
function startReceiver(): Promise<EventsReceiver> {
  return startEventsReceiver({
    host: "127.0.0.1",
    port: receiverPort,
    secret: SECRET,
    log,
    store: async (events) => {
      await storeEvents(catalog.db, events);
      void processor.drain();
    },
  });
}

beforeAll(async () => {
  receiverPort = await freePort();
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-events-"));
  const search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
  await search.setup();
  registry = await startRegistry({
    notifications: { url: `http://127.0.0.1:${receiverPort}/events`, secret: SECRET },
  });
  const client = new RegistryClient({ url: registry.url, timeoutMs: 5000 });
  indexer = assembleIndexer({ db: catalog.db, registry: client, search, log });
  processor = new EventProcessor(indexer);
  await seedRegistry(registry.url);
  await seedCatalog(catalog.db);
  await reconcile(indexer);
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await processor?.drain();
  await indexer?.search.close();
  await registry?.stop();
  await catalog?.dispose();
  rmSync(searchDir, { recursive: true, force: true });
});

/** Polls `check` until it passes (the registry delivers within about a second). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const everything = { page: 1, pageSize: 100, filters: {}, sort: "relevance" as const };
const searchTags = async (fullName: string) =>
  (await indexer.search.search({ q: "", ...everything })).hits.find((h) => h.document.fullName === fullName)?.document.tags;
const catalogTags = async (registryPath: string) =>
  (await catalog.db.tag.findMany({ where: { repository: { path: registryPath } }, orderBy: { name: "asc" } })).map((t) => [
    t.name,
    t.digest,
  ]);

async function registryTags(repository: string): Promise<string[][]> {
  const names = await indexer.registry.listTags(repository);
  return Promise.all(names.map(async (name) => [name, (await indexer.registry.headManifest(repository, name))!.digest]));
}

describe("notifications", () => {
  it("put a pushed tag into search within seconds, and take a deleted one out", async () => {
    const { manifest } = await pushImage(registry.url, "alpine", "3.22-rc1");
    await eventually(async () => expect(await searchTags("library/alpine")).toContain("3.22-rc1"));
    expect(await catalogTags("alpine")).toContainEqual(["3.22-rc1", manifest.descriptor.digest]);

    await deleteManifest(registry.url, "alpine", manifest.descriptor.digest);
    await eventually(async () => expect(await searchTags("library/alpine")).not.toContain("3.22-rc1"));
    expect((await catalogTags("alpine")).map(([name]) => name)).not.toContain("3.22-rc1");
  });

  it("leave everything public untouched when a private repository changes", async () => {
    const before = await indexer.search.search({ q: "", ...everything });
    await pushImage(registry.url, "acme/secret-billing", "2.0.0");
    await eventually(async () => expect((await catalogTags("acme/secret-billing")).map(([n]) => n)).toContain("2.0.0"));
    const after = await indexer.search.search({ q: "", ...everything });
    expect(after.hits.map((h) => h.document)).toEqual(before.hits.map((h) => h.document));
    expect(after.facets).toEqual(before.facets);
  });

  it("bring a new repository in as private, or public when its namespace opted in", async () => {
    await pushImage(registry.url, "newcomer/app", "v1");
    await eventually(async () =>
      expect(await catalog.db.repository.findUnique({ where: { path: "newcomer/app" } })).toMatchObject({
        visibility: "PRIVATE",
      }),
    );
    expect(await indexer.search.listFullNames()).not.toContain("newcomer/app");

    await catalog.db.namespace.update({ where: { name: "nimbus" }, data: { newRepositoriesPublic: true } });
    await pushImage(registry.url, "nimbus/fresh", "v1");
    await eventually(async () => expect(await indexer.search.listFullNames()).toContain("nimbus/fresh"));
  });

  it("converge on the registry after 100 concurrent pushes to one repository", async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => pushImage(registry.url, "acme/busy", `build-${i}`)));
    // Re-point some tags while notifications of the first pushes are still arriving.
    await Promise.all(Array.from({ length: 10 }, (_, i) => pushImage(registry.url, "acme/busy", `build-${i}`, { round: "2" })));
    const expected = (await registryTags("acme/busy")).sort();
    expect(expected).toHaveLength(100);
    await eventually(async () => expect((await catalogTags("acme/busy")).sort()).toEqual(expected), 30_000);
  });

  it("lose nothing while the receiver is down: the registry retries and everything lands", async () => {
    await receiver.close();
    const pushed = await Promise.all(["a", "b", "c"].map((tag) => pushImage(registry.url, "acme/tools/cli", `offline-${tag}`)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    receiver = await startReceiver();
    await eventually(async () => {
      const tags = await catalogTags("acme/tools/cli");
      for (const [i, tag] of ["a", "b", "c"].entries()) {
        expect(tags).toContainEqual([`offline-${tag}`, pushed[i]!.manifest.descriptor.digest]);
      }
    });
  });

  it("apply events stored before a crash at the next start", async () => {
    // The indexer stored these and died before processing them.
    const { manifest } = await pushImage(registry.url, "redis", "crash-test");
    await storeEvents(catalog.db, [
      {
        id: "crash-1",
        occurredAt: new Date(),
        action: "push",
        repository: "redis",
        tag: "crash-test",
        digest: manifest.descriptor.digest,
        mediaType: manifest.descriptor.mediaType,
        method: null,
      },
    ]);
    const restarted = new EventProcessor(indexer);
    await restarted.drain();
    expect(await catalog.db.registryEvent.count({ where: { processedAt: null } })).toBe(0);
    expect(await catalogTags("redis")).toContainEqual(["crash-test", manifest.descriptor.digest]);
  });
});

describe("publisher changes", () => {
  const hit = async (fullName: string) =>
    (await indexer.search.search({ q: "", ...everything })).hits.find((h) => h.document.fullName === fullName)?.document;

  it("reach search through the queued CatalogChange: private leaves, public returns with the new text", async () => {
    expect(await hit("acme/legacy-app")).toBeDefined();
    await saveRepository(catalog.db, "acme/legacy-app", { visibility: "PRIVATE" });
    await processor.drain();
    expect(await hit("acme/legacy-app")).toBeUndefined();

    await saveRepository(catalog.db, "acme/legacy-app", { visibility: "PUBLIC", shortDescription: "Back, described anew" });
    await processor.drain();
    expect((await hit("acme/legacy-app"))?.shortDescription).toBe("Back, described anew");
    expect(await catalog.db.catalogChange.count({ where: { processedAt: null } })).toBe(0);
  });

  it("remove a document written from a stale read: the queued change republishes after it", async () => {
    // A search write that read the catalog while the repository was public lands after it was made private...
    const stale = (await indexer.search.search({ q: "", ...everything })).hits.find(
      (h) => h.document.fullName === "acme/legacy-app",
    )!.document;
    await saveRepository(catalog.db, "acme/legacy-app", { visibility: "PRIVATE" });
    await indexer.search.replace([{ ...stale, about: "" }]);
    // ...and the change queued with the visibility is applied after it.
    await processor.drain();
    expect(await hit("acme/legacy-app")).toBeUndefined();
    await saveRepository(catalog.db, "acme/legacy-app", { visibility: "PUBLIC" });
    await processor.drain();
  });
});

describe("the receiver", () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(receiver.url, { method: "POST", body, headers: { "content-type": EVENTS_MEDIA_TYPE, ...headers } });
  const event = (id: string) => ({
    id,
    timestamp: new Date().toISOString(),
    action: "push",
    target: { repository: "alpine", tag: "3.21", mediaType: "application/vnd.oci.image.manifest.v1+json" },
  });
  const stored = (id: string) => catalog.db.registryEvent.count({ where: { id } });

  it("refuses forged or unsigned requests with 401 and stores nothing", async () => {
    const body = JSON.stringify({ events: [event("forged-1")] });
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-secret-0123456789" },
      { authorization: SECRET },
    ];
    for (const headers of attempts) {
      expect((await post(body, headers)).status).toBe(401);
    }
    expect(await stored("forged-1")).toBe(0);
  });

  it("rejects bad bodies with a clear status and stores nothing", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const cases: Array<[string, Record<string, string>, number]> = [
      ["not json", auth, 400],
      [JSON.stringify({ nothing: true }), auth, 400],
      [JSON.stringify({ events: [event("ok-1"), { ...event("bad-1"), target: { repository: "../etc" } }] }), auth, 400],
      [JSON.stringify({ events: [event("x")] }), { ...auth, "content-type": "text/plain" }, 415],
      ["x".repeat(2 << 20), auth, 413],
    ];
    for (const [body, headers, status] of cases) {
      const response = await post(body, headers);
      expect(response.status).toBe(status);
      expect((await response.json()).error).toBeTruthy();
    }
    // The valid event beside the invalid one was not kept either.
    expect(await stored("ok-1")).toBe(0);
    expect(await stored("x")).toBe(0);
  });

  it("stores a retried delivery once", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const body = JSON.stringify({ events: [event("retried-1")] });
    expect((await post(body, auth)).status).toBe(200);
    expect((await post(body, auth)).status).toBe(200);
    expect(await stored("retried-1")).toBe(1);
  });
});

describe("pull counts", () => {
  const pullsOf = async (registryPath: string) =>
    (await catalog.db.repository.findUniqueOrThrow({ where: { path: registryPath } })).pulls;
  const get = (repository: string, reference: string, method = "GET") =>
    fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, { method, headers: { accept: MANIFEST_ACCEPT } }).then(
      (r) => r.arrayBuffer(),
    );

  it("count one pull per client request of a tag or digest, not HEADs or an index's platform manifests", async () => {
    const before = { nginx: await pullsOf("nginx"), postgres: await pullsOf("postgres") };
    // A client pulling a multi-arch tag: HEAD the tag, GET the index, GET its platform manifest.
    const index = await indexer.registry.getManifest("nginx", "latest");
    await get("nginx", "latest", "HEAD");
    await get("nginx", index.digest);
    const platform = await catalog.db.platform.findFirstOrThrow({ where: { tag: { name: "latest", repository: { path: "nginx" } } } });
    await get("nginx", platform.digest);
    // Two plain pulls of a single-arch image by tag.
    await get("postgres", "16");
    await get("postgres", "16");

    await eventually(async () => {
      expect(await pullsOf("nginx")).toBe(before.nginx + 1);
      expect(await pullsOf("postgres")).toBe(before.postgres + 2);
    });
    const day = new Date().toISOString().slice(0, 10);
    const daily = await catalog.db.dailyPulls.findFirstOrThrow({ where: { repository: { path: "postgres" }, day } });
    expect(daily.count).toBe(before.postgres + 2);
    await eventually(async () => {
      const { hits } = await indexer.search.search({ q: "postgres", ...everything });
      expect(hits.find((h) => h.document.fullName === "library/postgres")?.document.pulls).toBe(before.postgres + 2);
    });
  });
});
