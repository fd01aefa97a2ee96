/** Public reads of the catalog, on a real, migrated catalog file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPublicRepository, getPublicRepositoryPlatforms, listTags, type TagListQuery } from "@/lib/catalog/gallery";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import type { ResolvedTag } from "@/lib/registry/types";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { testDigest, testPlatform, testTag } from "./support/resolved-tags";

let catalog: TestCatalog;
beforeAll(() => {
  catalog = createTestCatalog();
});
afterAll(() => catalog.dispose());

const REPOSITORY = "acme/listed";

function snapshot(tag: string, architecture = "amd64"): ResolvedTag {
  const digest = testDigest(Buffer.from(`${tag}/${architecture}`).toString("hex"));
  return testTag(tag, digest, [testPlatform(architecture, digest)]);
}

async function sync(tags: ResolvedTag[], present = tags.map((t) => t.tag), now = new Date()) {
  await applyTagSync(catalog.db, REPOSITORY, { present, changed: tags, errors: [] }, now);
}

async function names(query: Partial<TagListQuery> = {}) {
  const repository = (await getPublicRepository(catalog.db, "acme", "listed"))!;
  const { tags, total } = await listTags(catalog.db, repository, { filter: "", sort: "semver", page: 1, pageSize: 50, ...query });
  return { names: tags.map((t) => t.name), total };
}

describe("tag listing", () => {
  beforeAll(async () => {
    await saveRepository(catalog.db, REPOSITORY, { visibility: "PUBLIC" });
    await recordDiscovered(catalog.db, REPOSITORY);
    const pushed = ["1.9.2-rc.1", "1_2", "1.10.0", "Edge", "1x2", "1.9.2"];
    // One push per second, so the pushed order is known.
    for (const [i, tag] of pushed.entries()) {
      await sync([snapshot(tag)], pushed.slice(0, i + 1), new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    }
  });

  it("sorts by version, by name and by push time, and pages", async () => {
    expect((await names()).names).toEqual(["1.10.0", "1.9.2", "1.9.2-rc.1", "1_2", "1x2", "Edge"]);
    expect((await names({ sort: "name" })).names).toEqual(["1.10.0", "1.9.2", "1.9.2-rc.1", "1_2", "1x2", "Edge"].sort());
    expect((await names({ sort: "pushed" })).names).toEqual(["1.9.2", "1x2", "Edge", "1.10.0", "1_2", "1.9.2-rc.1"]);
    expect(await names({ page: 2, pageSize: 4 })).toEqual({ names: ["1x2", "Edge"], total: 6 });
    expect(await names({ page: 3, pageSize: 4 })).toEqual({ names: [], total: 6 });
  });

  it("filters by a literal, case-insensitive substring", async () => {
    expect(await names({ filter: "_" })).toEqual({ names: ["1_2"], total: 1 });
    expect(await names({ filter: "edge" })).toEqual({ names: ["Edge"], total: 1 });
    expect(await names({ filter: "1.9", sort: "name" })).toEqual({ names: ["1.9.2", "1.9.2-rc.1"], total: 2 });
    expect(await names({ filter: "%" })).toEqual({ names: [], total: 0 });
  });

  it("sees every sync at once: added, changed and removed tags", async () => {
    const repository = async () => (await getPublicRepository(catalog.db, "acme", "listed"))!;
    expect(await getPublicRepositoryPlatforms(catalog.db, await repository())).toEqual({
      operatingSystems: ["linux"],
      architectures: ["amd64"],
    });
    const present = ["1.10.0", "1.9.2", "1.9.2-rc.1", "1_2", "Edge", "2.0.0"];
    await sync([snapshot("2.0.0"), snapshot("Edge", "arm64")], present);

    expect((await names()).names).toEqual(["2.0.0", "1.10.0", "1.9.2", "1.9.2-rc.1", "1_2", "Edge"]);
    const [edge] = (await listTags(catalog.db, await repository(), { filter: "Edge", sort: "name", page: 1, pageSize: 1 })).tags;
    expect(edge!.platforms.map((p) => p.architecture)).toEqual(["arm64"]);
    expect(await getPublicRepositoryPlatforms(catalog.db, await repository())).toEqual({
      operatingSystems: ["linux"],
      architectures: ["amd64", "arm64"],
    });
  });
});
