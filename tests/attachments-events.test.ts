/**
 * A referrer pushed by digest alone (no tag, no referrers index: what a
 * client does on a registry with the referrers API) reaches its image's tag
 * from the real registry's push notification within seconds, survives the
 * syncs and reindexes that cannot list it, and goes with its delete event.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { EventProcessor } from "@/indexer/events/processor";
import type { EventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { type Indexer, reconcile, syncRepository } from "@/indexer/reconcile";
import { getTagAttachments } from "@/lib/catalog/attachments";
import { getPublicTag } from "@/lib/catalog/gallery";
import { saveRepository } from "@/lib/catalog/publishing";
import { RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { AttachmentMediaTypes, pushArtifacts, referrerArtifact, spdxDocument } from "@/scripts/seed/attachments";
import { deleteManifest } from "@/scripts/seed/oci";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { eventually } from "./support/eventually";
import { closeNotificationPath, receiveNotifications } from "./support/notifications";
import { pushImage } from "./support/images";

const SECRET = "test-secret-attachments-events";
const REPOSITORY = "acme/live";
const created = "2026-12-02T09:00:00Z";
const log = createLogger("test", "error");

let registry: RegistryHandle;
let catalog: TestCatalog;
let searchDir: string;
let indexer: Indexer;
let processor: EventProcessor;
let receiver: EventsReceiver | undefined;

beforeAll(async () => {
  const receiverPort = await freePort();
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-attachments-events-"));
  const search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
  await search.setup();
  registry = await startRegistry({ notifications: { url: `http://127.0.0.1:${receiverPort}/events`, secret: SECRET } });
  indexer = assembleIndexer({ db: catalog.db, registry: new RegistryClient({ url: registry.url, timeoutMs: 5000 }), search, log });
  processor = new EventProcessor(indexer);
  receiver = await receiveNotifications(catalog.db, processor, { port: receiverPort, secret: SECRET, log });
});

afterAll(() => closeNotificationPath({ receiver, processor, indexer, registry, catalog, searchDir }));

async function attachedTo(tag: string) {
  const page = await getPublicTag(catalog.db, "acme", "live", tag);
  return page ? getTagAttachments(catalog.db, page) : [];
}

const sbomMark = async () =>
  (await indexer.search.search({ q: "", page: 1, pageSize: 10, filters: {}, sort: "relevance" })).hits.find(
    (hit) => hit.document.fullName === REPOSITORY,
  )?.document.sbom;

describe("a referrer pushed by digest alone", () => {
  it("shows on its image's tag from the push event, is kept by syncs and reindexes, and goes with its delete event", async () => {
    const image = await pushImage(registry.url, REPOSITORY, "1.0");
    await eventually(async () => expect(await catalog.db.tag.count({ where: { repository: { path: REPOSITORY } } })).toBe(1));
    await saveRepository(catalog.db, REPOSITORY, { visibility: "PUBLIC" });
    await processor.drain();
    expect(await attachedTo("1.0")).toEqual([]);

    // No tag and no referrers index: only the notification names it.
    const sbom = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("live", [{ name: "musl", version: "1.2.5" }], created), created);
    await pushArtifacts(registry.url, REPOSITORY, [sbom]);
    const digest = sbom.manifest.descriptor.digest;
    await eventually(async () => {
      const [attached] = await attachedTo("1.0");
      expect(attached).toMatchObject({ digest, subjectDigest: image.manifest.descriptor.digest, category: "sbom", artifactType: AttachmentMediaTypes.spdx });
      expect(attached!.summary).toMatchObject({ kind: "sbom", format: "SPDX-2.3", packageCount: 1 });
    });
    await eventually(async () => expect(await sbomMark()).toBe(true));
    // Nothing else changed: no tag for it, and the image is still the only tag.
    expect((await catalog.db.tag.findMany({ where: { repository: { path: REPOSITORY } } })).map((t) => t.name)).toEqual(["1.0"]);

    // Distribution 2.8 lists no untagged manifest: a sync and a reindex keep what the event found.
    await syncRepository(indexer, REPOSITORY);
    await reconcile(indexer, { force: true });
    expect((await attachedTo("1.0")).map((a) => a.digest)).toEqual([digest]);

    await deleteManifest(registry.url, REPOSITORY, digest);
    await eventually(async () => expect(await attachedTo("1.0")).toEqual([]));
    await eventually(async () => expect(await sbomMark()).toBe(false));
  });

  it("is dropped by a sync when the registry lost it without an event", async () => {
    const image = await pushImage(registry.url, REPOSITORY, "2.0");
    const report = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("gone", [], created), created);
    await pushArtifacts(registry.url, REPOSITORY, [report]);
    await eventually(async () => expect((await attachedTo("2.0")).map((a) => a.digest)).toEqual([report.manifest.descriptor.digest]));
    // The delete reaches the registry while no one listens for its events.
    await receiver!.close();
    receiver = undefined;
    await deleteManifest(registry.url, REPOSITORY, report.manifest.descriptor.digest);
    await syncRepository(indexer, REPOSITORY);
    expect(await attachedTo("2.0")).toEqual([]);
  });
});
