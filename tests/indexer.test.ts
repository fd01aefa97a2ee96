/**
 * The indexer against the real registry, a real catalog file and the
 * embedded search engine: a reconcile makes the catalog match the registry
 * and the search index hold exactly the public repositories.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Indexer, reconcile, syncRepository } from "@/indexer/reconcile";
import { findPublicRepositoryOrTag, getPublicTag } from "@/lib/catalog/gallery";
import { fullNameOf, splitRepositoryPath } from "@/lib/catalog/names";
import { saveRepository } from "@/lib/catalog/publishing";
import { CatalogDiscovery, RegistryClient } from "@/lib/registry";
import { type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { seedCatalog } from "@/scripts/seed/catalog";
import { deleteBlob, deleteManifest } from "@/scripts/seed/oci";
import { type SeedReport, seedRegistry } from "@/scripts/seed/registry";
import { SAMPLE_REPOSITORIES } from "@/scripts/seed/samples";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { pushImage, pushIndex } from "./support/images";
import { startTestIndexer } from "./support/test-indexer";

let registry: RegistryHandle;
let catalog: TestCatalog;
let testIndexer: Awaited<ReturnType<typeof startTestIndexer>>;
let seeded: SeedReport;
let indexer: Indexer;

const fullName = (registryPath: string) => fullNameOf(splitRepositoryPath(registryPath));
const publicSamples = SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PUBLIC").map((r) => fullName(r.path));

beforeAll(async () => {
  registry = await startRegistry();
  seeded = await seedRegistry(registry.url);
  catalog = createTestCatalog();
  await seedCatalog(catalog.db);
  testIndexer = await startTestIndexer(catalog.db, registry.url);
  indexer = testIndexer.indexer;
});

afterAll(async () => {
  await testIndexer?.dispose();
  await catalog?.dispose();
  await registry?.stop();
});

const everything = { page: 1, pageSize: 100, filters: {}, sort: "relevance" as const };

async function indexedNames(): Promise<string[]> {
  return (await indexer.search.listFullNames()).sort();
}

async function catalogTags(registryPath: string) {
  return catalog.db.tag.findMany({
    where: { repository: { path: registryPath } },
    include: { platforms: true },
    orderBy: { name: "asc" },
  });
}

describe("a full reconcile", () => {
  beforeAll(async () => {
    // A repository nobody has described or published.
    await pushImage(registry.url, "unclaimed/thing", "v1");
    const report = await reconcile(indexer);
    expect(report.failed).toBe(0);
  });

  it("makes the catalog match the registry, tag by tag and platform by platform", async () => {
    // Details are stored once per platform manifest digest, and only for digests some platform has.
    const detailsOf = new Map((await catalog.db.platformDetails.findMany()).map((row) => [row.digest, row.details]));
    const platformDigests = await catalog.db.platform.findMany({ select: { digest: true }, distinct: ["digest"] });
    expect([...detailsOf.keys()].sort()).toEqual(platformDigests.map((p) => p.digest).sort());
    for (const [registryPath, tags] of Object.entries(seeded)) {
      const stored = await catalogTags(registryPath);
      expect(stored.map((t) => t.name)).toEqual(Object.keys(tags).sort());
      for (const tag of stored) {
        const expected = tags[tag.name]!;
        expect({
          digest: tag.digest,
          mediaType: tag.mediaType,
          kind: tag.kind,
          artifactType: tag.artifactType,
          totalSize: tag.totalSize === null ? null : Number(tag.totalSize),
          annotations: JSON.parse(tag.annotations),
          files: JSON.parse(tag.files!),
        }).toEqual({
          digest: expected.digest,
          mediaType: expected.mediaType,
          kind: expected.kind,
          artifactType: expected.artifactType,
          totalSize: expected.totalSize,
          annotations: expected.annotations,
          files: expected.files,
        });
        const platforms = tag.platforms.map((p) => ({
          os: p.os,
          architecture: p.architecture,
          variant: p.variant,
          digest: p.digest,
          mediaType: p.mediaType,
          compressedSize: p.compressedSize === null ? null : Number(p.compressedSize),
          details: JSON.parse(detailsOf.get(p.digest)!),
        }));
        expect(platforms).toEqual(expected.platforms);
      }
    }
    const unknown = await catalog.db.platform.count({ where: { architecture: "unknown" } });
    expect(unknown).toBe(0);
    // Environment variable values never reach the catalog (PGDATA's is a path).
    const postgres = await catalogTags("postgres");
    expect(JSON.stringify(postgres, (_, value) => (typeof value === "bigint" ? Number(value) : value))).not.toContain(
      "/var/lib/postgresql/data",
    );
  });

  it("discovers unclaimed repositories as private and keeps publishers' choices", async () => {
    const repositories = await catalog.db.repository.findMany({ orderBy: { path: "asc" } });
    expect(repositories.map((r) => r.path)).toEqual([...Object.keys(seeded), "unclaimed/thing"].sort());
    const visibility = Object.fromEntries(repositories.map((r) => [r.path, r.visibility]));
    for (const sample of SAMPLE_REPOSITORIES) expect(visibility[sample.path]).toBe(sample.visibility);
    expect(visibility["unclaimed/thing"]).toBe("PRIVATE");
    expect(repositories.every((r) => r.inRegistry && r.lastSyncedAt && r.syncError === null)).toBe(true);
  });

  it("leaves exactly the public repositories in the search index", async () => {
    expect(await indexedNames()).toEqual([...publicSamples].sort());
    const result = await indexer.search.search({ q: "", ...everything });
    expect(result.total).toBe(publicSamples.length);
    const namespaces = Object.keys(result.facets.namespace);
    expect(namespaces).not.toContain("unclaimed");
    expect(result.facets.namespace.acme).toBe(publicSamples.filter((n) => n.startsWith("acme/")).length);
    for (const hit of result.hits) expect(publicSamples).toContain(hit.document.fullName);
  });

  it("writes search documents from the catalog and the images", async () => {
    const { hits } = await indexer.search.search({ q: "nginx", ...everything });
    const nginx = hits.find((h) => h.document.fullName === "library/nginx")?.document;
    expect(nginx).toMatchObject({ namespace: "library", name: "nginx", official: true, verified: true });
    expect(nginx?.architectures).toEqual(["amd64", "arm64"]);
    expect(nginx?.tags).toEqual(expect.arrayContaining(Object.keys(seeded.nginx!)));
  });
});

describe("a later reconcile", () => {
  it("leaves unchanged tags alone", async () => {
    const before = await catalogTags("alpine");
    await reconcile(indexer);
    const after = await catalogTags("alpine");
    expect(after.map((t) => [t.name, t.updatedAt.getTime()])).toEqual(before.map((t) => [t.name, t.updatedAt.getTime()]));
  });

  it("removes a repository switched to private from search", async () => {
    await saveRepository(catalog.db, "acme/api-gateway", { visibility: "PRIVATE" });
    await reconcile(indexer);
    expect(await indexedNames()).not.toContain("acme/api-gateway");
    expect((await indexer.search.search({ q: "gateway", ...everything })).total).toBe(0);
    await saveRepository(catalog.db, "acme/api-gateway", { visibility: "PUBLIC" });
    await reconcile(indexer);
    expect(await indexedNames()).toContain("acme/api-gateway");
  });

  it("drops a deleted tag from the catalog and the search document", async () => {
    await pushImage(registry.url, "acme/tools/cli", "short-lived");
    await reconcile(indexer);
    const added = (await catalogTags("acme/tools/cli")).find((t) => t.name === "short-lived");
    expect(added).toBeDefined();
    expect((await indexer.search.search({ q: "short-lived", ...everything })).hits.map((h) => h.document.fullName)).toContain(
      "acme/tools/cli",
    );

    await deleteManifest(registry.url, "acme/tools/cli", added!.digest);
    await reconcile(indexer);
    expect((await catalogTags("acme/tools/cli")).map((t) => t.name)).not.toContain("short-lived");
    const cli = (await indexer.search.search({ q: "cli", ...everything })).hits.find(
      (h) => h.document.fullName === "acme/tools/cli",
    );
    expect(cli?.document.tags).not.toContain("short-lived");
  });

  it("records a broken repository's errors and indexes everything else", async () => {
    // Public from the start, so a failure cannot hide behind privacy.
    await saveRepository(catalog.db, "acme/broken", { visibility: "PUBLIC", shortDescription: "half broken" });
    await pushImage(registry.url, "acme/broken", "good");
    const { config } = await pushImage(registry.url, "acme/broken", "no-config");
    await deleteBlob(registry.url, "acme/broken", config.descriptor.digest);
    const { manifest } = await pushImage(registry.url, "acme/broken", "child");
    await pushIndex(registry.url, "acme/broken", "no-arch", [
      { ...manifest.descriptor, platform: { os: "linux" } as { os: string; architecture: string } },
    ]);

    const report = await reconcile(indexer);
    expect(report.failed).toBe(1);
    const broken = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/broken" } });
    expect(broken.syncError).toMatch(/no-config.*missing-blob/);
    expect(broken.syncError).toMatch(/no-arch.*malformed/);
    expect((await catalogTags("acme/broken")).map((t) => t.name)).toEqual(["child", "good"]);
    expect(await indexedNames()).toEqual([...publicSamples, "acme/broken"].sort());
  });

  it("changes nothing when the registry is down", async () => {
    const tagsBefore = await catalog.db.tag.count();
    const indexedBefore = await indexedNames();
    registry.pause();
    try {
      await expect(reconcile(indexer)).rejects.toThrow(/unavailable/);
    } finally {
      registry.resume();
    }
    expect(await catalog.db.tag.count()).toBe(tagsBefore);
    expect(await catalog.db.repository.count({ where: { inRegistry: false } })).toBe(0);
    expect(await indexedNames()).toEqual(indexedBefore);
  });

  it("unpublishes a repository that left the registry, keeping its catalog data", async () => {
    // Distribution lists whatever has a directory under repositories/: removing it is how a repository leaves.
    rmSync(path.join(registry.storageDir, "docker/registry/v2/repositories/nimbus/metrics-agent"), {
      recursive: true,
    });
    const report = await reconcile(indexer);
    expect(report.gone).toEqual(["nimbus/metrics-agent"]);
    const gone = await catalog.db.repository.findUniqueOrThrow({ where: { path: "nimbus/metrics-agent" } });
    expect(gone.inRegistry).toBe(false);
    expect(gone.shortDescription).not.toBe("");
    expect(await catalogTags("nimbus/metrics-agent")).toEqual([]);
    expect(await indexedNames()).not.toContain("nimbus/metrics-agent");
  });

  it("keeps a repository that a notification brought in while discovery was listing", async () => {
    const listing = indexer.discovery;
    await saveRepository(catalog.db, "acme/during", { visibility: "PUBLIC" });
    const racing: Indexer = {
      ...indexer,
      discovery: {
        // Lists the registry, and meanwhile a push arrives and is synced (as the events processor does).
        async *listRepositories() {
          const listed = [];
          for await (const path of listing.listRepositories()) listed.push(path);
          await pushImage(registry.url, "acme/during", "v1", {
            "org.opencontainers.image.description": "Pushed while discovery was listing",
          });
          await syncRepository(indexer, "acme/during");
          yield* listed;
        },
      },
    };
    const report = await reconcile(racing);
    expect(report.gone).toEqual([]);
    expect(await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/during" } })).toMatchObject({ inRegistry: true });
    // No description from the publisher: the document takes the image's own.
    const [during] = (await indexer.search.search({ q: "during", ...everything })).hits;
    expect(during?.document).toMatchObject({ fullName: "acme/during", shortDescription: "Pushed while discovery was listing" });
  });

  it("removes stray documents that no public repository backs", async () => {
    const [stray] = (await indexer.search.search({ q: "alpine", ...everything })).hits;
    await indexer.search.replace([{ ...stray!.document, about: "", fullName: "ghost/alpine", namespace: "ghost" }]);
    const report = await reconcile(indexer);
    expect(report.strays).toBe(1);
    expect(await indexedNames()).not.toContain("ghost/alpine");
  });
});

describe("reconciles that scale", () => {
  it("writes nothing, to the catalog or to search, when nothing changed", async () => {
    await reconcile(indexer);
    const observers = [catalog.file, testIndexer.searchFile].map((file) => new Database(file, { readonly: true }));
    try {
      const before = observers.map((db) => db.pragma("data_version", { simple: true }));
      const report = await reconcile(indexer);
      expect(report.changed).toBe(0);
      expect(observers.map((db) => db.pragma("data_version", { simple: true }))).toEqual(before);
    } finally {
      for (const observer of observers) observer.close();
    }
  });

  it("finds a tag moved to a new digest within verifyEvery reconciles, verifying a share of known tags each time", async () => {
    const [before] = await catalogTags("alpine");
    await pushImage(registry.url, "alpine", before!.name, { moved: "yes" });
    const rotating: Indexer = { ...indexer, verifyEvery: 3 };
    for (let round = 0; round < 3; round++) await reconcile(rotating, { round });
    const [after] = await catalogTags("alpine");
    expect(after!.digest).not.toBe(before!.digest);
  });

  it("changes nothing when the registry stops answering mid-reconcile, then converges", async () => {
    await pushImage(registry.url, "acme/tools/cli", "mid-reconcile");
    const tagsBefore = await catalog.db.tag.findMany({ select: { id: true } });
    const indexedBefore = await indexedNames();
    let paused = false;
    const report = await reconcile(indexer, {
      onProgress: (done) => {
        if (done === 1) (paused = true), registry.pause();
      },
    }).finally(() => registry.resume());
    expect(paused).toBe(true);
    expect(report.failed).toBeGreaterThan(0);
    // Nothing the registry still holds was dropped, from the catalog or from search.
    const ids = new Set((await catalog.db.tag.findMany({ select: { id: true } })).map((t) => t.id));
    expect(tagsBefore.filter((t) => !ids.has(t.id))).toEqual([]);
    expect(await catalog.db.repository.count({ where: { inRegistry: false, path: { not: "nimbus/metrics-agent" } } })).toBe(0);
    expect(await indexedNames()).toEqual(indexedBefore);

    // Converging is the product's promise as configured: the test client's 2 s per attempt and one
    // retry (which keep the paused pass short) failed healthy repositories at load 28 on two cores
    // ("no answer within 727 ms" for the retry's remainder), 7 passes in 13.
    const client = new RegistryClient({ url: registry.url });
    const converged = await reconcile({ ...indexer, registry: client, discovery: new CatalogDiscovery(client, 5) });
    expect(converged.failed).toBe(1); // acme/broken, as before
    expect((await catalogTags("acme/tools/cli")).map((t) => t.name)).toContain("mid-reconcile");
  }, 120_000);
});

describe("public tag reads", () => {
  it("give a public tag with every platform's details, and nothing for private or unknown tags", async () => {
    const tag = await getPublicTag(catalog.db, "library", "redis", "7.4.1");
    expect(tag?.repository).toEqual({ namespaceName: "library", name: "redis", path: "redis" });
    expect(tag?.platforms.map((p) => [p.architecture, p.details?.workingDir])).toEqual([
      ["amd64", "/data"],
      ["arm", "/data"],
      ["arm64", "/data"],
    ]);
    const chart = await getPublicTag(catalog.db, "acme", "charts/webapp", "1.2.0");
    expect(chart?.files).toEqual(seeded["acme/charts/webapp"]!["1.2.0"]!.files);
    expect(await getPublicTag(catalog.db, "acme", "secret-billing", "1.0.0")).toBeNull();
    expect(await getPublicTag(catalog.db, "library", "redis", "no-such-tag")).toBeNull();
  });

  it("read a damaged details column as unavailable instead of failing", async () => {
    const stored = await catalogTags("postgres");
    const [first] = stored.find((t) => t.name === "15.8")!.platforms;
    const details = (data: string) => catalog.db.platformDetails.update({ where: { digest: first!.digest }, data: { details: data } });
    await details("{not json");
    await catalog.db.tag.update({ where: { id: first!.tagId }, data: { files: '{"files":"wrong shape"}' } });
    const tag = await getPublicTag(catalog.db, "library", "postgres", "15.8");
    expect(tag?.platforms[0]?.details).toBeNull();
    expect(tag?.files).toBeNull();
    await details('{"layers":"wrong shape"}');
    expect((await getPublicTag(catalog.db, "library", "postgres", "15.8"))?.platforms[0]?.details).toBeNull();
  });

  it("read <repository>/tags/<tag> as a tag, unless a public repository bears the whole name", async () => {
    await pushImage(registry.url, "acme/odd", "v1");
    await pushImage(registry.url, "acme/odd", "v2");
    await pushImage(registry.url, "acme/odd/tags/v1", "latest");
    for (const path of ["acme/odd", "acme/odd/tags/v1"]) await saveRepository(catalog.db, path, { visibility: "PUBLIC" });
    await reconcile(indexer);
    const page = (segments: string[]) =>
      findPublicRepositoryOrTag(catalog.db, "acme", segments).then(
        (found) => found && (found.kind === "tag" ? `tag ${found.tag.repository.name}:${found.tag.name}` : `repository ${found.repository.name}`),
      );
    expect(await page(["odd"])).toBe("repository odd");
    expect(await page(["odd", "tags", "v1"])).toBe("repository odd/tags/v1");
    expect(await page(["odd", "tags", "v2"])).toBe("tag odd:v2");
    expect(await page(["odd", "tags", "v3"])).toBeNull();
    // A private repository bearing the whole name is as good as none.
    await saveRepository(catalog.db, "acme/odd/tags/v1", { visibility: "PRIVATE" });
    expect(await page(["odd", "tags", "v1"])).toBe("tag odd:v1");
    expect(await page(["secret-billing", "tags", "latest"])).toBeNull();
  });
});
