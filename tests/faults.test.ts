/**
 * The indexer against a hostile registry serving what the real one refuses to
 * store: each fault ends as a clear error recorded on its repository, the
 * repository's valid tags are indexed, other repositories are unaffected and
 * the indexer keeps going.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { createLogger } from "@/indexer/log";
import { type Indexer, reconcile, syncRepository } from "@/indexer/reconcile";
import { MAX_MANIFEST_BYTES, RegistryClient } from "@/lib/registry";
import { MediaTypes } from "@/lib/registry/media-types";
import { EmbeddedSearchEngine } from "@/lib/search";
import { imageIndex, sha256 } from "@/scripts/seed/oci";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import {
  type HostileRegistry,
  type HostileRepository,
  hostileImage,
  repositoryOf,
  startHostileRegistry,
} from "./support/hostile-registry";

const TIMEOUT_MS = 1000;
const MAX_PAGES = 50;

let hostile: HostileRegistry;
let catalog: TestCatalog;
let searchDir: string;
let indexer: Indexer;

beforeAll(async () => {
  hostile = await startHostileRegistry();
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-faults-"));
  const search = new EmbeddedSearchEngine(path.join(searchDir, "search.db"));
  await search.setup();
  const registry = new RegistryClient({
    url: hostile.url,
    timeoutMs: TIMEOUT_MS,
    retries: 3,
    totalTimeoutMs: 2 * TIMEOUT_MS,
    listBounds: { pages: MAX_PAGES },
  });
  indexer = assembleIndexer({ db: catalog.db, registry, search, log: createLogger("test", "error") });
});

afterAll(async () => {
  await indexer?.search.close();
  await catalog?.dispose();
  await hostile?.close();
  rmSync(searchDir, { recursive: true, force: true });
});

beforeEach(() => hostile.repositories.clear());

async function tagNames(repository: string): Promise<string[]> {
  const tags = await catalog.db.tag.findMany({ where: { repository: { path: repository } }, orderBy: { name: "asc" } });
  return tags.map((tag) => tag.name);
}

async function syncErrorOf(repository: string): Promise<string | null> {
  return (await catalog.db.repository.findUniqueOrThrow({ where: { path: repository } })).syncError;
}

/** `good` plus one tag whose manifest is `bad`, under the tag "bad". */
function withBadTag(bad: Partial<HostileRepository["manifests"][string]> & { blobs?: Record<string, Buffer> }): HostileRepository {
  const repository = repositoryOf(["good"]);
  const { blobs, ...manifest } = bad;
  repository.tags = ["bad", "good"];
  repository.manifests.bad = { bytes: Buffer.from("{}"), mediaType: MediaTypes.ociManifest, ...manifest };
  Object.assign(repository.blobs, blobs);
  return repository;
}

/** Syncs `repository` alone and expects `good` indexed, `bad` skipped and an error matching `error` recorded. */
async function expectBadTagSkipped(name: string, repository: HostileRepository, error: RegExp) {
  hostile.repositories.set(name, repository);
  expect(await syncRepository(indexer, name)).toBe(false);
  expect(await tagNames(name)).toEqual(["good"]);
  expect(await syncErrorOf(name)).toMatch(error);
}

describe("tags the registry client cannot use", () => {
  it("skips odd tag names, recording each, and indexes the valid tag beside them", async () => {
    const odd = ["-dash", "../x", "tág", "x".repeat(200)];
    hostile.repositories.set("odd/names", repositoryOf(["good", ...odd]));
    expect(await syncRepository(indexer, "odd/names")).toBe(false);
    expect(await tagNames("odd/names")).toEqual(["good"]);
    const error = await syncErrorOf("odd/names");
    for (const tag of odd) expect(error).toContain(`invalid tag or digest: ${JSON.stringify(tag)}`);
  });

  it("skips malformed manifest JSON", async () => {
    await expectBadTagSkipped("bad/json", withBadTag({ bytes: Buffer.from('{"schemaVersion": 2, "layers": [') }), /bad.*malformed/);
  });

  it("skips an unknown media type", async () => {
    await expectBadTagSkipped("bad/type", withBadTag({ mediaType: "application/x-unknown" }), /bad.*unknown-media-type/);
  });

  it("refuses a manifest over 4 MiB without reading it whole", async () => {
    const repository = withBadTag({ streamBytes: 64 * MAX_MANIFEST_BYTES });
    await expectBadTagSkipped("bad/huge", repository, /bad.*too-large/);
    // What the client read plus what socket buffers took before it hung up: far from the 256 MiB offered.
    expect(hostile.bytesSent.get("/v2/bad/huge/manifests/bad")).toBeLessThan(8 * MAX_MANIFEST_BYTES);
  });

  it("refuses indexes nested 50 deep", async () => {
    const image = hostileImage("nested");
    let child: { mediaType: string; bytes: Buffer } = { mediaType: MediaTypes.ociManifest, bytes: image.manifest.bytes };
    const manifests: HostileRepository["manifests"] = {};
    for (let depth = 0; depth < 50; depth++) {
      const digest = sha256(child.bytes);
      manifests[digest] = child;
      const platform = { os: "linux", architecture: "amd64" };
      const index = imageIndex(MediaTypes.ociIndex, [{ mediaType: child.mediaType, digest, size: child.bytes.length, platform }]);
      child = { mediaType: MediaTypes.ociIndex, bytes: index.bytes };
    }
    const repository = withBadTag({ ...child, blobs: image.blobs });
    Object.assign(repository.manifests, manifests);
    await expectBadTagSkipped("bad/deep", repository, /bad.*too-deep/);
  });

  it("records an index whose child answers 404", async () => {
    const platform = { os: "linux", architecture: "amd64" };
    const missing = { mediaType: MediaTypes.ociManifest, digest: sha256("gone"), size: 4, platform };
    const index = imageIndex(MediaTypes.ociIndex, [missing]);
    await expectBadTagSkipped("bad/child", withBadTag({ bytes: index.bytes, mediaType: MediaTypes.ociIndex }), /bad.*missing-blob/);
  });

  it("refuses a manifest whose bytes do not match their digest, and never indexes it", async () => {
    const other = hostileImage("other");
    await expectBadTagSkipped("bad/digest", withBadTag({ ...other.manifest, digest: sha256("something else") }), /bad.*digest-mismatch/);
  });

  it("refuses a config blob whose bytes do not match its digest", async () => {
    const image = hostileImage("tampered");
    const [configDigest] = Object.keys(image.blobs);
    const blobs = { ...image.blobs, [configDigest!]: Buffer.from('{"architecture":"amd64","os":"linux"}') };
    await expectBadTagSkipped("bad/blob", withBadTag({ ...image.manifest, blobs }), /bad.*digest-mismatch/);
  });

  it("records a config blob that is not JSON", async () => {
    const image = hostileImage("not-json", Buffer.from("not json at all"));
    await expectBadTagSkipped("bad/config", withBadTag({ ...image.manifest, blobs: image.blobs }), /bad.*malformed/);
  });

  it("keeps a bounded share of a config with 100,000 environment entries", async () => {
    const env = Array.from({ length: 100_000 }, (_, i) => `VARIABLE_${i}=value`);
    const config = { architecture: "amd64", os: "linux", config: { Env: env }, rootfs: { type: "layers", diff_ids: [] } };
    hostile.repositories.set("big/env", repositoryOf(["v1"], hostileImage("env", Buffer.from(JSON.stringify(config)))));
    expect(await syncRepository(indexer, "big/env")).toBe(true);
    const platform = await catalog.db.platform.findFirstOrThrow({ where: { tag: { repository: { path: "big/env" } } } });
    const stored = await catalog.db.platformDetails.findUniqueOrThrow({ where: { digest: platform.digest } });
    const details = JSON.parse(stored.details) as { envNames: string[]; truncated: boolean };
    expect(details.envNames.length).toBeLessThanOrEqual(64);
    expect(details.truncated).toBe(true);
  });
});

describe("listings", () => {
  it("lists 20,000 tags in one page, and over 20 linked pages", async () => {
    const tags = Array.from({ length: 20_000 }, (_, i) => `v${String(i).padStart(5, "0")}`);
    hostile.repositories.set("many/one-page", repositoryOf(tags));
    hostile.repositories.set("many/paged", { ...repositoryOf(tags), tagsPageSize: 1000 });
    expect(await indexer.registry.listTags("many/one-page")).toEqual(tags);
    expect(await indexer.registry.listTags("many/paged")).toEqual(tags);
  });

  it("syncs a repository of thousands of tags in slices: new tags resolved, known ones trusted between verifications", async () => {
    // 3,000 rather than 20,000: writing the catalog's known tags first is the slow part, not the sync.
    const tags = Array.from({ length: 3_000 }, (_, i) => `v${String(i).padStart(5, "0")}`);
    const repository = { ...repositoryOf(tags), tagsPageSize: 500 };
    hostile.repositories.set("many/tags", repository);
    // The catalog knows all but the last 250, as after an earlier sync.
    const resolved = await indexer.registry.resolveTag("many/tags", tags[0]!);
    await recordDiscovered(catalog.db, "many/tags");
    const known = tags.slice(0, -250);
    for (let i = 0; i < known.length; i += 1000) {
      const changed = known.slice(i, i + 1000).map((tag) => ({ ...resolved, tag }));
      await applyTagSync(catalog.db, "many/tags", { present: known, changed, errors: [] });
    }
    // A reconcile round that verifies none of the known tags (none falls in share 0 of 10⁶).
    const sparse = { ...indexer, verifyEvery: 1_000_000 };
    expect(await syncRepository(sparse, "many/tags", { round: 1 })).toBe(true);
    expect(await catalog.db.tag.count({ where: { repository: { path: "many/tags" } } })).toBe(3_000);
  }, 300_000);

  it("stops following a tags list that links a next page forever, recording the bound", async () => {
    hostile.repositories.set("endless/tags", { ...repositoryOf(["v1"]), endlessTags: true });
    expect(await syncRepository(indexer, "endless/tags")).toBe(false);
    expect(await syncErrorOf("endless/tags")).toBe(`endless/tags: tags list: more than ${MAX_PAGES} pages`);
    expect(await tagNames("endless/tags")).toEqual([]);
  });
});

describe("endpoints that fail", () => {
  it("bounds a 30-second-slow repository by the timeout, and syncs the others meanwhile", async () => {
    hostile.repositories.set("slow/app", { ...repositoryOf(["v1"]), delayMs: 30_000 });
    hostile.repositories.set("fine/app", repositoryOf(["v1", "v2"]));
    const started = Date.now();
    const report = await reconcile(indexer);
    // Two attempts at most fit in the call's total time (2 × the timeout), far from the 30 s.
    expect(Date.now() - started).toBeLessThan(10 * TIMEOUT_MS);
    expect(report.failed).toBe(1);
    expect(await syncErrorOf("slow/app")).toMatch(/slow\/app: .* unavailable after [12] attempts?: no answer within/);
    expect(await tagNames("fine/app")).toEqual(["v1", "v2"]);
  });

  it("records 5xx on one repository and syncs the others", async () => {
    hostile.repositories.set("failing/app", { ...repositoryOf(["v1"]), status: 503 });
    hostile.repositories.set("fine/app", repositoryOf(["v1", "v3"]));
    const report = await reconcile(indexer);
    expect(report.failed).toBe(1);
    expect(await syncErrorOf("failing/app")).toMatch(/unavailable after \d attempts: HTTP 503/);
    expect(await tagNames("fine/app")).toEqual(["v1", "v3"]);
  });
});
