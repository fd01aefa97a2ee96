/**
 * Real-time indexing: the real registry posts its notifications to the
 * indexer's receiver, which stores them and syncs the repositories they name.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { EventJournal } from "@/indexer/events/journal";
import { EventProcessor } from "@/indexer/events/processor";
import { EVENTS_MEDIA_TYPE } from "@/indexer/events/parse";
import type { EventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { type Indexer, reconcile, syncRepository } from "@/indexer/reconcile";
import { type RegistryEventInput, storeEvents } from "@/lib/catalog/events";
import { writeTransaction } from "@/lib/catalog/transaction";
import { RegistryClient, RegistryUnavailableError } from "@/lib/registry";
import { MANIFEST_ACCEPT } from "@/lib/registry/media-types";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { saveRepository } from "@/lib/catalog/publishing";
import { seedCatalog } from "@/scripts/seed/catalog";
import { deleteManifest, pushManifest } from "@/scripts/seed/oci";
import { MediaTypes } from "@/lib/registry/media-types";
import { seedRegistry } from "@/scripts/seed/registry";
import { createTestCatalog, onPostgres, type TestCatalog } from "./support/catalog";
import { eventually } from "./support/eventually";
import { closeNotificationPath, receiveNotifications } from "./support/notifications";
import { pushImage } from "./support/images";

const SECRET = "test-secret-0123456789abcdef";

/**
 * The real registry client, with every request the indexer makes written
 * down, and two faults it can be given per repository: reads held until
 * released (a slow registry) and reads failing as if the registry answered 503.
 */
class ObservedRegistryClient extends RegistryClient {
  readonly requests: string[] = [];
  /** Requests starting with a key ("tags acme/x", "manifest slow/y") answer only once its promise settles. */
  readonly held = new Map<string, Promise<void>>();
  readonly failing = new Set<string>();

  private async observe<T>(request: string, repository: string, read: () => Promise<T>): Promise<T> {
    this.requests.push(request);
    if (this.failing.has(repository)) throw new RegistryUnavailableError({ repository }, "HTTP 503");
    const result = await read();
    for (const [key, until] of this.held) if (request.startsWith(key)) await until;
    return result;
  }

  requestsFor(repository: string) {
    return this.requests.filter((request) => request.split(" ")[1] === repository);
  }

  override listTags(repository: string) {
    return this.observe(`tags ${repository}`, repository, () => super.listTags(repository));
  }
  override getManifest(repository: string, reference: string) {
    return this.observe(`manifest ${repository} ${reference}`, repository, () => super.getManifest(repository, reference));
  }
  override headManifest(repository: string, reference: string) {
    return this.observe(`head ${repository} ${reference}`, repository, () => super.headManifest(repository, reference));
  }
  override getBlobJson(repository: string, digest: string, maxBytes: number) {
    return this.observe(`blob ${repository} ${digest}`, repository, () => super.getBlobJson(repository, digest, maxBytes));
  }
}

const log = createLogger("test", "error");

let registry: RegistryHandle;
let catalog: TestCatalog;
let searchDir: string;
let indexer: Indexer;
let client: ObservedRegistryClient;
let processor: EventProcessor;
let receiver: EventsReceiver;
let receiverPort: number;

function startReceiver(): Promise<EventsReceiver> {
  return receiveNotifications(catalog.db, processor, { port: receiverPort, secret: SECRET, log });
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
  client = new ObservedRegistryClient({ url: registry.url, timeoutMs: 5000 });
  indexer = assembleIndexer({ db: catalog.db, registry: client, search, log });
  processor = new EventProcessor(indexer);
  await seedRegistry(registry.url);
  await seedCatalog(catalog.db);
  await reconcile(indexer);
  receiver = await startReceiver();
  // The registry still holds the seed's notifications (and the reconcile's reads), sent while no
  // receiver listened; it delivers in order, so once a fresh push lands they all have.
  await pushImage(registry.url, "acme/tools/cli", "backlog-sentinel");
  await pushApplied("acme/tools/cli", "backlog-sentinel", 60_000);
});

afterAll(() => closeNotificationPath({ receiver, processor, indexer, registry, catalog, searchDir }));

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
    // Only the stored event: the registry's own notification of this push reaches the suite's
    // receiver at its own pace, and may still be waiting for the other processor here.
    expect(await catalog.db.registryEvent.findUniqueOrThrow({ where: { id: "crash-1" } })).toMatchObject({ processedAt: expect.any(Date) });
    expect(await catalogTags("redis")).toContainEqual(["crash-test", manifest.descriptor.digest]);
  });
});


/** A push or delete event as the registry would store it. */
const registryEvent = (action: "push" | "delete", repository: string, target: { tag?: string; digest?: string }, id = `${action}-${repository}-${target.tag ?? target.digest}-${Math.random()}`): RegistryEventInput => ({
  id,
  occurredAt: new Date(),
  action,
  repository,
  tag: target.tag ?? null,
  digest: target.digest ?? null,
  mediaType: MediaTypes.ociManifest,
  method: null,
});

/** Tags written straight into the registry's storage (distribution's layout): many tags in no time, and no events. */
function linkTags(repository: string, digest: string, tags: string[]) {
  const hex = digest.slice("sha256:".length);
  for (const tag of tags) {
    const dir = path.join(registry.storageDir, "docker/registry/v2/repositories", repository, "_manifests/tags", tag);
    mkdirSync(path.join(dir, "current"), { recursive: true });
    mkdirSync(path.join(dir, "index/sha256", hex), { recursive: true });
    writeFileSync(path.join(dir, "current/link"), digest);
    writeFileSync(path.join(dir, "index/sha256", hex, "link"), digest);
  }
}

/** Resolves when the registry's notification of a push of `tag` has been applied. */
const pushApplied = (repository: string, tag: string, timeoutMs?: number) =>
  eventually(
    async () =>
      expect(await catalog.db.registryEvent.count({ where: { repository, tag, processedAt: { not: null } } })).toBeGreaterThan(0),
    timeoutMs,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("events applied per tag", () => {
  it("cost the same few registry reads whatever the repository's tag count: no tag list, no HEAD per tag", async () => {
    const { manifest } = await pushImage(registry.url, "acme/many", "base");
    linkTags("acme/many", manifest.descriptor.digest, Array.from({ length: 300 }, (_, i) => `t-${i}`));
    await syncRepository(indexer, "acme/many");
    await pushApplied("acme/many", "base");
    expect(await catalogTags("acme/many")).toHaveLength(301);

    client.requests.length = 0;
    const pushed = await pushImage(registry.url, "acme/many", "new-1");
    await eventually(async () => expect(await catalogTags("acme/many")).toContainEqual(["new-1", pushed.manifest.descriptor.digest]));
    // The manifest by the event's digest, then its config blob.
    expect(client.requestsFor("acme/many")).toEqual([
      `manifest acme/many ${pushed.manifest.descriptor.digest}`,
      `blob acme/many ${pushed.config.descriptor.digest}`,
    ]);
    expect(await catalogTags("acme/many")).toHaveLength(302);
  });

  it("apply a push from the event's own tag and digest, before the registry has linked the tag", async () => {
    const digest = (await catalogTags("acme/many")).find(([name]) => name === "base")![1]!;
    await storeEvents(catalog.db, [registryEvent("push", "acme/many", { tag: "linked-later", digest })]);
    client.requests.length = 0;
    await processor.drain();
    expect(await catalogTags("acme/many")).toContainEqual(["linked-later", digest]);
    expect(client.requestsFor("acme/many").filter((request) => !request.startsWith("manifest") && !request.startsWith("blob"))).toEqual([]);
    // The registry never links it: the next full sync, which reads the registry's tags, takes it out again.
    await syncRepository(indexer, "acme/many");
    expect((await catalogTags("acme/many")).map(([name]) => name)).not.toContain("linked-later");
  });

  it("remove what a manifest delete names: every tag of the digest", async () => {
    const { manifest } = await pushImage(registry.url, "acme/doomed", "a");
    await pushManifest(registry.url, "acme/doomed", "b", manifest.bytes, MediaTypes.ociManifest);
    await pushImage(registry.url, "acme/doomed", "keep");
    await eventually(async () => expect((await catalogTags("acme/doomed")).map(([name]) => name)).toEqual(["a", "b", "keep"]));
    await deleteManifest(registry.url, "acme/doomed", manifest.descriptor.digest);
    await eventually(async () => expect((await catalogTags("acme/doomed")).map(([name]) => name)).toEqual(["keep"]));
  });

  it("take their turn with a full sync of the repository, so its older read never overwrites them", async () => {
    await pushImage(registry.url, "acme/race", "one");
    await pushApplied("acme/race", "one");
    // A full sync reads the tag list (only "one"), then is slow to write what it read...
    let release!: () => void;
    client.held.set("tags acme/race", new Promise<void>((resolve) => (release = resolve)));
    const sync = syncRepository(indexer, "acme/race");
    await eventually(async () => expect(client.requestsFor("acme/race")).toContain("tags acme/race"));
    // ...while "two" is pushed and its notification arrives.
    const two = await pushImage(registry.url, "acme/race", "two");
    await eventually(async () => expect(await catalog.db.registryEvent.count({ where: { repository: "acme/race", tag: "two" } })).toBe(1));
    await sleep(500);
    release();
    client.held.delete("tags acme/race");
    await sync;
    await processor.drain();
    expect(await catalogTags("acme/race")).toContainEqual(["two", two.manifest.descriptor.digest]);
  });
});

describe("repositories progress independently", () => {
  it("a slow repository never delays another's events", async () => {
    let release!: () => void;
    client.held.set("manifest slow/one", new Promise<void>((resolve) => (release = resolve)));
    await pushImage(registry.url, "slow/one", "v1");
    await eventually(async () => expect(client.requestsFor("slow/one").length).toBeGreaterThan(0));
    const others = ["quick/a", "quick/b", "quick/c", "quick/d", "quick/e"];
    for (const repository of others) await pushImage(registry.url, repository, "v1");
    await eventually(async () => {
      for (const repository of others) expect((await catalogTags(repository)).map(([name]) => name)).toEqual(["v1"]);
    });
    expect(await catalogTags("slow/one")).toEqual([]);
    release();
    client.held.delete("manifest slow/one");
    await eventually(async () => expect((await catalogTags("slow/one")).map(([name]) => name)).toEqual(["v1"]));
  });

  it("a burst to one repository is coalesced into a few turns, each tag written once and one search publish per turn", async () => {
    await saveRepository(catalog.db, "acme/burst", { visibility: "PUBLIC", shortDescription: "A burst of pushes" });
    const published: string[] = [];
    const replace = indexer.search.replace;
    indexer.search.replace = async (documents) => {
      published.push(...documents.filter((document) => document.fullName === "acme/burst").map((document) => document.fullName));
      return replace.call(indexer.search, documents);
    };
    let release!: () => void;
    client.held.set("manifest acme/burst", new Promise<void>((resolve) => (release = resolve)));
    try {
      // The first push's turn is held in the registry while 60 more arrive behind it.
      await pushImage(registry.url, "acme/burst", "b-0");
      await eventually(async () => expect(client.requestsFor("acme/burst").length).toBeGreaterThan(0));
      await Promise.all(Array.from({ length: 60 }, (_, i) => pushImage(registry.url, "acme/burst", `b-${i + 1}`)));
      await eventually(async () =>
        expect(await catalog.db.registryEvent.count({ where: { repository: "acme/burst", action: "push", processedAt: null } })).toBe(61),
      );
      release();
      client.held.delete("manifest acme/burst");
      const expected = (await registryTags("acme/burst")).sort();
      expect(expected).toHaveLength(61);
      await eventually(async () => expect((await catalogTags("acme/burst")).sort()).toEqual(expected), 30_000);
      await pushApplied("acme/burst", "b-60");
      // 61 pushes: the held turn, then the rest in one (a turn takes up to 200), each published once.
      expect(published.length).toBeGreaterThan(0);
      expect(published.length).toBeLessThanOrEqual(3);
      expect(await catalog.db.registryEvent.count({ where: { repository: "acme/burst", processedAt: null } })).toBe(0);
    } finally {
      release();
      client.held.delete("manifest acme/burst");
      indexer.search.replace = replace;
    }
  });

  it("a failing repository backs off on its own schedule, records its error, and catches up", async () => {
    await pushImage(registry.url, "acme/flaky", "v1");
    await pushApplied("acme/flaky", "v1");
    client.failing.add("acme/flaky");
    const v2 = await pushImage(registry.url, "acme/flaky", "v2");
    await eventually(async () =>
      expect(await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/flaky" } })).toMatchObject({
        syncError: expect.stringContaining("HTTP 503"),
      }),
    );
    // Others go on meanwhile.
    await pushImage(registry.url, "acme/steady", "v1");
    await eventually(async () => expect((await catalogTags("acme/steady")).map(([name]) => name)).toEqual(["v1"]));
    await sleep(2000);
    // Retried after 1 s, then 2 s: a backoff, not a busy loop.
    const pending = await catalog.db.registryEvent.findFirstOrThrow({ where: { repository: "acme/flaky", tag: "v2" } });
    expect(pending).toMatchObject({ processedAt: null, lastError: expect.stringContaining("HTTP 503") });
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
    expect(pending.attempts).toBeLessThanOrEqual(3);
    client.failing.delete("acme/flaky");
    await eventually(async () => expect(await catalogTags("acme/flaky")).toContainEqual(["v2", v2.manifest.descriptor.digest]), 20_000);
  });
});

describe("events for repositories the registry does not have", () => {
  it("create no namespace and no repository", async () => {
    const digest = `sha256:${"0".repeat(64)}`;
    await storeEvents(catalog.db, [
      registryEvent("push", "ghost/app", { tag: "v1", digest }),
      registryEvent("delete", "ghost/gone", { tag: "v1" }),
      registryEvent("delete", "ghost/gone", { digest }),
      // A push naming no digest can only be applied by a full sync, which checks the registry first.
      registryEvent("push", "ghost/vague", { tag: "v1" }),
    ]);
    await processor.drain();
    expect(await catalog.db.namespace.count({ where: { name: "ghost" } })).toBe(0);
    expect(await catalog.db.repository.count({ where: { namespaceName: "ghost" } })).toBe(0);
    expect(await catalog.db.registryEvent.count({ where: { repository: { startsWith: "ghost/" }, processedAt: null } })).toBe(0);
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
      ["x".repeat(10 << 20), auth, 413],
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

  it("refuses a 10 MB body sent without a length with 413, unread, and keeps answering", async () => {
    const chunk = new Uint8Array(64 << 10);
    let sent = 0;
    // Pulled by fetch only as the receiver reads: it stops well short of 10 MB.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 10 << 20) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(receiver.url, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": EVENTS_MEDIA_TYPE, authorization: `Bearer ${SECRET}` },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10 << 20);
    expect((await post(JSON.stringify({ events: [] }), { authorization: `Bearer ${SECRET}` })).status).toBe(200);
  });

  // SQLite's single writer lock: PostgreSQL readers never wait for writers.
  it.skipIf(onPostgres)("answers the indexer's own reads at once, even while the catalog is locked for writing", async () => {
    const lock = new Database(catalog.file);
    lock.exec("BEGIN IMMEDIATE");
    try {
      const ownRead = {
        ...event("own-read-1"),
        action: "pull",
        request: { method: "GET", useragent: "galleon-indexer/0.1" },
      };
      const answered = post(JSON.stringify({ events: [ownRead] }), { authorization: `Bearer ${SECRET}` });
      const status = await Promise.race([answered.then((r) => r.status), sleep(3000).then(() => "still waiting")]);
      expect(status).toBe(200);
    } finally {
      lock.exec("COMMIT");
      lock.close();
    }
    expect(await stored("own-read-1")).toBe(0);
  });

  it("stores and applies a burst of 1,000 duplicate deliveries once", async () => {
    const { manifest } = await pushImage(registry.url, "acme/dup", "seed");
    await pushApplied("acme/dup", "seed");
    const digest = manifest.descriptor.digest;
    const duplicate = { ...event("dup-1"), target: { repository: "acme/dup", tag: "dup", digest, mediaType: MediaTypes.ociManifest } };
    client.requests.length = 0;
    const auth = { authorization: `Bearer ${SECRET}` };
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i += 50) {
      const burst = Array.from({ length: 50 }, () => post(JSON.stringify({ events: [duplicate] }), auth).then((r) => r.status));
      statuses.push(...(await Promise.all(burst)));
    }
    // And once more, 1,000 times in one body.
    statuses.push((await post(JSON.stringify({ events: Array(1000).fill({ ...duplicate, id: "dup-2" }) }), auth)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await processor.drain();
    expect(await catalog.db.registryEvent.count({ where: { id: { in: ["dup-1", "dup-2"] }, processedAt: { not: null } } })).toBe(2);
    expect(await catalogTags("acme/dup")).toContainEqual(["dup", digest]);
    expect(client.requestsFor("acme/dup").filter((request) => request === `manifest acme/dup ${digest}`).length).toBeLessThanOrEqual(2);
  });

  it("verifies a repository it does not know against the registry before recording anything", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const phantom = { ...event("phantom-1"), target: { repository: "phantom/app", tag: "v1", digest: `sha256:${"1".repeat(64)}`, mediaType: MediaTypes.ociManifest } };
    expect((await post(JSON.stringify({ events: [phantom] }), auth)).status).toBe(200);
    await processor.drain();
    expect(await stored("phantom-1")).toBe(1);
    expect(await catalog.db.registryEvent.count({ where: { id: "phantom-1", processedAt: null } })).toBe(0);
    expect(await catalog.db.namespace.count({ where: { name: "phantom" } })).toBe(0);
    expect(await catalog.db.repository.count({ where: { path: "phantom/app" } })).toBe(0);
  });

  it("stores a retried delivery once", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const body = JSON.stringify({ events: [event("retried-1")] });
    expect((await post(body, auth)).status).toBe(200);
    expect((await post(body, auth)).status).toBe(200);
    expect(await stored("retried-1")).toBe(1);
  });

  it("stores a delivery ahead of the indexer's queued catalog work, since the registry waits for it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The indexer in a write transaction, with more of its work queued behind it.
    const writing = writeTransaction(catalog.db, async (tx) => {
      await tx.repository.count();
      await held;
    });
    await sleep(50);
    const queued = Array.from({ length: 5 }, () => stored("urgent-1"));
    const storing = storeEvents(catalog.db, [registryEvent("delete", "nowhere/urgent", { tag: "1" }, "urgent-1")]);
    await sleep(250);
    release();
    await Promise.all([writing, storing]);
    // Served as soon as the running transaction ended: every read queued before it sees it.
    expect(await Promise.all(queued)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("the events journal", () => {
  it("keeps deliveries until they are in the catalog: what a crash left is moved at the next start, a torn line skipped", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "galleon-journal-")), "events.journal");
    const delivery = (id: string) => JSON.stringify([registryEvent("delete", "nowhere/journal", { tag: id }, id)]);
    // A crash after two answered deliveries, in the middle of appending a third (never answered).
    writeFileSync(file, `${delivery("journal-1")}\n${delivery("journal-2")}\n${delivery("journal-3").slice(0, 20)}`);
    const stored: string[] = [];
    const journal = new EventJournal(
      file,
      async (events) => {
        await storeEvents(catalog.db, events);
        stored.push(...events.map((event) => event.id));
      },
      log,
    );
    await journal.flush();
    expect(stored).toEqual(["journal-1", "journal-2"]);
    const occurredAt = (await catalog.db.registryEvent.findUniqueOrThrow({ where: { id: "journal-1" } })).occurredAt;
    expect(occurredAt).toBeInstanceOf(Date);

    journal.append([registryEvent("delete", "nowhere/journal", { tag: "4" }, "journal-4")]);
    await journal.flush();
    expect(stored).toEqual(["journal-1", "journal-2", "journal-4"]);
    expect(await catalog.db.registryEvent.count({ where: { id: { startsWith: "journal-" } } })).toBe(3);
    expect(existsSync(file) || existsSync(`${file}.moving`)).toBe(false);
    rmSync(path.dirname(file), { recursive: true, force: true });
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
