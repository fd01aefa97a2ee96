/**
 * The home page's counts (public repositories per namespace and per category)
 * are kept by triggers of the migrations: after every write path they must
 * equal a count made from scratch, so a repository made private or gone is
 * uncounted by the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPublicRepositoriesByCategory } from "@/lib/catalog/categories";
import { countPublic, getPublicNamespace, listTopPublicNamespaces } from "@/lib/catalog/gallery";
import { saveRepository } from "@/lib/catalog/publishing";
import { markGone, recordDiscovered } from "@/lib/catalog/sync";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

let catalog: TestCatalog;

beforeAll(() => {
  catalog = createTestCatalog();
});

afterAll(async () => {
  await catalog?.dispose();
});

/** The counts made from scratch, as the triggers should have them. */
async function expectExactCounts() {
  const db = catalog.db;
  const byNamespace = await db.repository.groupBy({ by: ["namespaceName"], where: { visibility: "PUBLIC", inRegistry: true }, _count: true });
  const byCategory = await db.repositoryCategory.groupBy({ by: ["category"], where: { repository: { visibility: "PUBLIC", inRegistry: true } }, _count: true });
  const namespaces = await db.namespace.findMany({ select: { name: true, publicRepositories: true } });
  expect(Object.fromEntries(namespaces.filter((ns) => ns.publicRepositories !== 0).map((ns) => [ns.name, ns.publicRepositories]))).toEqual(
    Object.fromEntries(byNamespace.map((row) => [row.namespaceName, row._count])),
  );
  const categories = await countPublicRepositoriesByCategory(db);
  expect(Object.fromEntries(categories.filter((c) => c.repositories !== 0).map((c) => [c.category, c.repositories]))).toEqual(
    Object.fromEntries(byCategory.map((row) => [row.category, row._count])),
  );
  expect((await countPublic(db)).repositories).toBe(byNamespace.reduce((sum, row) => sum + row._count, 0));
}

describe("public repository counts", () => {
  it("follow publishing, unpublishing, categories, leaving the registry and deletion", async () => {
    const db = catalog.db;
    for (const name of ["one", "two", "three"]) {
      await recordDiscovered(db, `acme/${name}`);
      await saveRepository(db, `acme/${name}`, { visibility: "PUBLIC", categories: ["databases", "monitoring"] });
    }
    await recordDiscovered(db, "other/tool");
    await saveRepository(db, "other/tool", { categories: ["databases"] });
    await expectExactCounts();
    // Described before the registry lists it (as the sample content is), in a category nothing else has, then published.
    await saveRepository(db, "later/app", { categories: ["storage"] });
    await recordDiscovered(db, "later/app");
    await saveRepository(db, "later/app", { visibility: "PUBLIC" });
    await expectExactCounts();
    expect((await countPublicRepositoriesByCategory(db)).find((c) => c.category === "storage")?.repositories).toBe(1);
    expect((await getPublicNamespace(db, "acme"))?.repositories).toBe(3);
    expect(await getPublicNamespace(db, "other")).toBeNull();

    // Made private: uncounted at once, and its namespace gone from the page when it was the last one.
    await saveRepository(db, "acme/two", { visibility: "PRIVATE" });
    await expectExactCounts();
    expect((await listTopPublicNamespaces(db, 12)).map((ns) => [ns.name, ns.repositories])).toEqual([["acme", 2], ["later", 1]]);

    await saveRepository(db, "other/tool", { visibility: "PUBLIC" });
    await saveRepository(db, "acme/one", { categories: ["security"] });
    await saveRepository(db, "acme/two", { categories: ["web-servers"] });
    await expectExactCounts();

    // Left the registry: no longer public, whatever its visibility says.
    await markGone(db, new Set(["acme/one", "acme/two", "other/tool", "later/app"]), new Date(Date.now() + 1000));
    await expectExactCounts();
    expect((await getPublicNamespace(db, "acme"))?.repositories).toBe(1);
    await recordDiscovered(db, "acme/three");
    await expectExactCounts();

    await db.repository.delete({ where: { path: "acme/one" } });
    await expectExactCounts();
    expect(await countPublic(db)).toEqual({ repositories: 3, namespaces: 3 });
  });
});
