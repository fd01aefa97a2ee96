/**
 * What the catalog must do alike on SQLite and PostgreSQL (docs/decisions/0016):
 * run once per database (`npm test` runs it with GALLEON_TEST_DATABASE=postgresql too).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { containsText } from "@/lib/catalog/database.server";
import { getPublicRepository, listTags } from "@/lib/catalog/gallery";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { getRepositoryForSearch } from "@/lib/catalog/repositories";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { NO_DETAILS, testDigest, testPlatform, testTag } from "./support/resolved-tags";

let catalog: TestCatalog;
beforeAll(() => {
  catalog = createTestCatalog();
});
afterAll(() => catalog.dispose());

// Upper case before lower, "_" between them, "-" (0x2d) before "." (0x2e), non-ASCII last.
const NAMES = ["Zeta", "alpha", "_under", "beta.1", "beta-2", "Ärger", "zz", "ärger", "B"];

async function publish(path: string) {
  await saveRepository(catalog.db, path, { visibility: "PUBLIC" });
  await recordDiscovered(catalog.db, path);
}

describe("text", () => {
  beforeAll(async () => {
    await savePublisher(catalog.db, { displayName: "Acme", verified: true, official: false, namespaces: ["acme"] });
    for (const name of NAMES) await publish(`acme/${name}`);
  });

  it("orders names by code point, as SQLite's BINARY collation does, in raw SQL and through Prisma", async () => {
    const expected = [...NAMES].sort().map((name) => `acme/${name}`);
    const raw = await catalog.db.$queryRaw<Array<{ path: string }>>`SELECT "path" FROM "Repository" WHERE "namespaceName" = 'acme' ORDER BY "name"`;
    expect(raw.map((r) => r.path)).toEqual(expected);
    const ordered = await catalog.db.repository.findMany({ where: { namespaceName: "acme" }, orderBy: { name: "asc" }, select: { path: true } });
    expect(ordered.map((r) => r.path)).toEqual(expected);
  });

  it("compares text exactly", async () => {
    expect(await getPublicRepository(catalog.db, "acme", "Zeta")).not.toBeNull();
    expect(await getPublicRepository(catalog.db, "acme", "zeta")).toBeNull();
    expect(await catalog.db.repository.count({ where: { name: { in: ["ALPHA", "Alpha"] } } })).toBe(0);
    expect(await catalog.db.repository.count({ where: { name: { gt: "Zz", lt: "a" } } })).toBe(1); // "_under"
  });

  it("matches substrings case-insensitively for ASCII letters only, as SQLite's LIKE", async () => {
    const matching = async (needle: string) =>
      (await catalog.db.repository.findMany({ where: { name: containsText(catalog.db, needle) }, orderBy: { name: "asc" }, select: { name: true } })).map(
        (r) => r.name,
      );
    expect(await matching("ZET")).toEqual(["Zeta"]);
    expect(await matching("äRGER")).toEqual(["ärger"]);
    expect(await matching("Ärger")).toEqual(["Ärger"]);
  });
});

describe("values", () => {
  it("keep JSON text, booleans, dates to the millisecond and integers past 2^31 as written", async () => {
    const path = "acme/values";
    await publish(path);
    const at = new Date(Date.UTC(2026, 11, 5, 12, 34, 56, 789));
    const annotations = { "org.opencontainers.image.description": "Ünïcode “quotes” \\ and 🚢", "b.key": "2", "a.key": "1" };
    const size = 5 * 2 ** 30;
    const tag = { ...testTag("latest", testDigest("aa"), [{ ...testPlatform("amd64", testDigest("aa")), compressedSize: size }]), totalSize: size, annotations };
    await applyTagSync(catalog.db, path, { present: ["latest"], changed: [tag], errors: [] }, at);

    const repository = (await getPublicRepository(catalog.db, "acme", "values"))!;
    expect(repository.namespace.publisher).toEqual({ displayName: "Acme", verified: true, official: false });
    expect(repository._count.tags).toBe(1);
    expect(repository.updatedAt).toEqual(at);
    expect(repository.categories).toEqual([]);
    const { tags } = await listTags(catalog.db, repository, { filter: "", sort: "name", page: 1, pageSize: 10 });
    expect(tags[0]).toMatchObject({ totalSize: BigInt(size), pushedAt: at, updatedAt: at });
    expect(tags[0]!.platforms[0]!.compressedSize).toBe(BigInt(size));
    const stored = await catalog.db.tag.findFirstOrThrow({ where: { name: "latest", repository: { path } } });
    expect(stored.annotations).toBe(JSON.stringify(annotations));
    expect((await getRepositoryForSearch(catalog.db, path))!.imageDescription).toBe(annotations["org.opencontainers.image.description"]);
  });

  it("upserts: a repository discovered twice is one row, and a digest's details are stored once, the newest kept", async () => {
    const path = "acme/upserts";
    await publish(path);
    await recordDiscovered(catalog.db, path);
    expect(await catalog.db.repository.count({ where: { path } })).toBe(1);
    const digest = testDigest("bb");
    const image = (name: string, user: string | null) => testTag(name, digest, [{ ...testPlatform("arm64", digest), details: { ...NO_DETAILS, user } }]);
    await applyTagSync(catalog.db, path, { present: ["one", "two"], changed: [image("one", null), image("two", null)], errors: [] });
    await applyTagSync(catalog.db, path, { present: ["one", "two"], changed: [image("one", "app")], errors: [] });
    const details = await catalog.db.platformDetails.findMany({ where: { digest } });
    expect(details.map((row) => JSON.parse(row.details).user)).toEqual(["app"]);
  });
});

describe("the dialect of a client", () => {
  // Next bundles proxy.ts apart from the routes, each with its own copy of the
  // module, and both use the one client of the process (getCatalog): a copy
  // that did not know the other's PostgreSQL client ran SQLite's statements on it.
  it("is known to every copy of the catalog module", async () => {
    const first = await import("@/lib/catalog/database.server");
    // Never connects: Prisma opens the pool at the first query.
    const db = first.createCatalog("postgresql://nobody@127.0.0.1:1/none");
    vi.resetModules();
    const second = await import("@/lib/catalog/database.server");
    expect(second).not.toBe(first);
    expect(second.isPostgres(db)).toBe(true);
    expect(second.isPostgres(catalog.db)).toBe(first.isPostgres(catalog.db));
  });
});
