/** Publisher-side catalog writes on a real, migrated catalog file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogValidationError, LIMITS } from "@/lib/catalog/catalog-data";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { testDigest, testTag } from "./support/resolved-tags";

let catalog: TestCatalog;
beforeAll(() => {
  catalog = createTestCatalog();
});
afterAll(() => catalog.dispose());

async function refusal(edit: Parameters<typeof saveRepository>[2]): Promise<CatalogValidationError> {
  const error = await saveRepository(catalog.db, "acme/limits", edit).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogValidationError);
  return error as CatalogValidationError;
}

describe("catalog data limits", () => {
  it("accepts data at the limits", async () => {
    await saveRepository(catalog.db, "acme/limits", {
      shortDescription: "s".repeat(LIMITS.shortDescription),
      about: "a".repeat(LIMITS.about),
      usage: "u".repeat(LIMITS.usage),
      categories: ["databases", "storage"],
      defaultTag: "v1.2.3",
    });
    const stored = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/limits" }, include: { categories: true } });
    expect(stored.about).toHaveLength(LIMITS.about);
    expect(stored.categories.map((c) => c.category).sort()).toEqual(["databases", "storage"]);
  });

  it("refuses each field over its limit with a message that names it, and stores nothing of the edit", async () => {
    const cases: Array<[Parameters<typeof saveRepository>[2], string, RegExp]> = [
      [{ shortDescription: "s".repeat(LIMITS.shortDescription + 1) }, "shortDescription", /shortDescription is 1025 characters long; the limit is 1024/],
      [{ about: "a".repeat(LIMITS.about + 1) }, "about", /about is 25601 characters long; the limit is 25600/],
      [{ usage: "u".repeat(LIMITS.usage + 1) }, "usage", /usage is 25601 characters/],
      [{ categories: ["databases", "cooking"] }, "categories", /unknown categories: cooking/],
      [{ defaultTag: "not a tag!" }, "defaultTag", /"not a tag!" is not a valid tag name/],
    ];
    for (const [edit, field, message] of cases) {
      // The valid part of the same edit must not be stored either.
      const error = await refusal({ ...edit, ...(field === "shortDescription" ? {} : { shortDescription: "changed" }) });
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
    const stored = await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/limits" } });
    expect(stored.shortDescription).toBe("s".repeat(LIMITS.shortDescription));
  });
});

describe("tag syncs", () => {
  it("handle repositories with thousands of tags (more than SQLite's old 999-parameter limit)", async () => {
    const tag = (i: number) => testTag(`t${i}`, testDigest(i.toString(16).padStart(8, "0")), []);
    await recordDiscovered(catalog.db, "acme/many");
    const all = Array.from({ length: 1500 }, (_, i) => tag(i));
    const present = all.map((t) => t.tag);
    for (let i = 0; i < all.length; i += 500) {
      await applyTagSync(catalog.db, "acme/many", { present, changed: all.slice(i, i + 500), errors: [] });
    }
    const count = () => catalog.db.tag.count({ where: { repository: { path: "acme/many" } } });
    expect(await count()).toBe(1500);

    await applyTagSync(catalog.db, "acme/many", { present: present.slice(0, 200), changed: [], errors: [] });
    expect(await count()).toBe(200);
    expect(await catalog.db.tag.findFirst({ where: { name: "t1499" } })).toBeNull();
  });
});

describe("publishers", () => {
  it("own their namespaces, and saving again updates the same publisher", async () => {
    const id = await savePublisher(catalog.db, { displayName: "Acme", verified: false, official: false, namespaces: ["acme", "acme-labs"] });
    const again = await savePublisher(catalog.db, { displayName: "Acme Corp", verified: true, official: false, namespaces: ["acme"] });
    expect(again).toBe(id);
    const namespaces = await catalog.db.namespace.findMany({ where: { publisherId: id }, orderBy: { name: "asc" } });
    expect(namespaces.map((n) => n.name)).toEqual(["acme", "acme-labs"]);
    expect(await catalog.db.publisher.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: "Acme Corp", verified: true });
  });

  it("describe repositories before the indexer sees them, without making them appear in the registry", async () => {
    await saveRepository(catalog.db, "acme/upcoming", { visibility: "PUBLIC", shortDescription: "Soon" });
    expect(await catalog.db.repository.findUniqueOrThrow({ where: { path: "acme/upcoming" } })).toMatchObject({
      namespaceName: "acme",
      name: "upcoming",
      inRegistry: false,
    });
  });

  it("cannot make public a repository of a namespace the gallery's own pages shadow", async () => {
    await savePublisher(catalog.db, { displayName: "Categories Inc", verified: false, official: false, namespaces: ["categories"] });
    await catalog.db.namespace.update({ where: { name: "categories" }, data: { newRepositoriesPublic: true } });
    const error = await saveRepository(catalog.db, "categories/databases", { visibility: "PUBLIC" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogValidationError);
    expect((error as CatalogValidationError).field).toBe("visibility");
    expect(await catalog.db.repository.findUnique({ where: { path: "categories/databases" } })).toBeNull();
    // Even a namespace that opted in to public-by-default gets private repositories.
    await recordDiscovered(catalog.db, "categories/databases");
    expect(await catalog.db.repository.findUniqueOrThrow({ where: { path: "categories/databases" } })).toMatchObject({
      visibility: "PRIVATE",
    });
  });
});
