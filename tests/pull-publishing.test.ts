/**
 * Pull counts reach cached pages at a bounded staleness (docs/decisions/0013):
 * the indexer publishes counted pulls (search documents, the pulls page
 * generation) at most once per interval, so a pull batch in between changes
 * nothing a cached listing or repository page is validated against, while a
 * visibility change still does at once. Real catalog, real embedded search
 * index, the indexer's own event processor on stored pull events.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { EventProcessor } from "@/indexer/events/processor";
import { createLogger } from "@/indexer/log";
import { publish, type Indexer } from "@/indexer/reconcile";
import { storeEvents } from "@/lib/catalog/events";
import { readPageGenerations } from "@/lib/catalog/page-generations";
import { saveRepository } from "@/lib/catalog/publishing";
import { recordDiscovered } from "@/lib/catalog/sync";
import { RegistryClient } from "@/lib/registry";
import { pageDependencies } from "@/lib/response-cache/page-dependencies";
import { EmbeddedSearchEngine } from "@/lib/search";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { eventually } from "./support/eventually";

const REPOSITORY = "acme/pulled";
/** Longer than the test: only the first batch finds the interval over. */
const INTERVAL_MS = 60 * 60_000;

let catalog: TestCatalog;
let searchDir: string;
let indexer: Indexer;
let processor: EventProcessor;

beforeAll(async () => {
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-pulls-"));
  const search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
  await search.setup();
  // The registry is never asked: pulls are counted from stored events.
  const registry = new RegistryClient({ url: "http://127.0.0.1:9", timeoutMs: 1000 });
  indexer = assembleIndexer({ db: catalog.db, registry, search, log: createLogger("test", "error") });
  processor = new EventProcessor(indexer, INTERVAL_MS);
  await saveRepository(catalog.db, REPOSITORY, { visibility: "PUBLIC", shortDescription: "Pulled often" });
  await recordDiscovered(catalog.db, REPOSITORY);
  await publish(indexer, REPOSITORY);
});

afterAll(async () => {
  await indexer?.search.close();
  await catalog?.dispose();
  if (searchDir) rmSync(searchDir, { recursive: true, force: true });
});

let pullId = 0;
/** A batch of `count` pulls of the repository, stored as the receiver stores them; the processor is woken. */
async function pullBatch(count: number): Promise<void> {
  const events = Array.from({ length: count }, () => ({
    id: `pull-${++pullId}`,
    occurredAt: new Date(),
    action: "pull" as const,
    repository: REPOSITORY,
    tag: "latest",
    digest: `sha256:${"ab".repeat(32)}`,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    method: "GET",
  }));
  await storeEvents(catalog.db, events);
  processor.wake();
}

const pullsInCatalog = async () => (await catalog.db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } })).pulls;
const pullsInSearch = async () =>
  (await indexer.search.search({ q: "pulled", page: 1, pageSize: 10, filters: {}, sort: "relevance" })).hits.find(
    (hit) => hit.document.fullName === REPOSITORY,
  )?.document.pulls;

/** What the response cache validates a stored page at `page` against: its scopes' generations and the search index's. */
async function versionOf(page: string): Promise<string> {
  const dependencies = pageDependencies(page)!;
  const generations = await readPageGenerations(catalog.db, dependencies.scopes);
  return `${generations.join(",")} ${dependencies.search ? await indexer.search.generation() : ""}`;
}

describe("pull counts", () => {
  it("reach search and cached pages at most once per interval, and a visibility change still invalidates at once", async () => {
    // The first batch finds the interval over (nothing published yet) and is published at once.
    const home = await versionOf("/");
    const repositoryPage = await versionOf(`/${REPOSITORY}`);
    await pullBatch(2);
    await eventually(async () => expect(await pullsInSearch()).toBe(2));
    expect(await versionOf("/")).not.toBe(home);
    expect(await versionOf(`/${REPOSITORY}`)).not.toBe(repositoryPage);

    // A batch within the interval: counted in the catalog, nothing a cached page depends on changes.
    const [listing, category, publisher, repository] = await Promise.all(
      ["/", "/categories", "/acme", `/${REPOSITORY}`].map((page) => versionOf(page)),
    );
    await pullBatch(3);
    await eventually(async () => expect(await pullsInCatalog()).toBe(5));
    expect(await Promise.all(["/", "/categories", "/acme", `/${REPOSITORY}`].map((page) => versionOf(page)))).toEqual([
      listing,
      category,
      publisher,
      repository,
    ]);
    expect(await pullsInSearch()).toBe(2);

    // Publishing (here forced by drain, the indexer's last call before it stops) brings the totals to both.
    await processor.drain();
    expect(await pullsInSearch()).toBe(5);
    expect(await versionOf("/")).not.toBe(listing);
    expect(await versionOf(`/${REPOSITORY}`)).not.toBe(repository);

    // Made private: every page showing it changes at once, with no publish of pulls in between.
    const [listingBefore, repositoryBefore] = [await versionOf("/"), await versionOf(`/${REPOSITORY}`)];
    await saveRepository(catalog.db, REPOSITORY, { visibility: "PRIVATE" });
    expect(await versionOf("/")).not.toBe(listingBefore);
    expect(await versionOf(`/${REPOSITORY}`)).not.toBe(repositoryBefore);
  });
});
