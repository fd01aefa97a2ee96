import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { sortNewestFirst } from "@/lib/catalog/semver";
import { TAGS_PAGE_SIZE } from "@/lib/http/tag-list-query";
import { pushImage } from "../support/images";
import { expect, MANY_TAGS, test } from "./fixtures";

const catalog = () => createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
const rowNames = (page: import("@playwright/test").Page) =>
  page.locator("tr[data-tag]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tag")));

test.describe("tags pushed to the registry", () => {
  const repository = "e2e/versions";

  // The pushes (14 registry requests each) are the setup, not what the test times: at load 26 on
  // two cores they took 15 s of the test's 30, leaving too little for the pages themselves.
  test.beforeAll(async () => {
    const db = catalog();
    await saveRepository(db, repository, { visibility: "PUBLIC", shortDescription: "Versions in every shape" });
    await db.$disconnect();
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    for (const tag of ["1.9.2-rc.1", "edge", "1.10.0", "1.9.2", "v1.10.1-beta", "latest"]) await pushImage(registryUrl, repository, tag);
  });

  test("list by semantic version, and the filter narrows them", async ({ page }) => {
    await expect(async () => {
      await page.goto(`/${repository}?tab=tags`);
      await expect(page.getByTestId("tag-count")).toHaveText("6 tags", { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    expect(await rowNames(page)).toEqual(["v1.10.1-beta", "1.10.0", "1.9.2", "1.9.2-rc.1", "edge", "latest"]);

    await page.getByRole("searchbox", { name: "Filter tags" }).fill("1.9");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/tab=tags&filter=1.9$/);
    await expect(page.getByTestId("tag-count")).toHaveText("2 tags matching “1.9”");
    expect(await rowNames(page)).toEqual(["1.9.2", "1.9.2-rc.1"]);
  });
});

test.describe("a repository with 10,000 tags", () => {
  const repository = MANY_TAGS.repository;
  const names = MANY_TAGS.names;

  test("the tags tab pages through them newest version first", async ({ page }) => {
    await page.goto(`/${repository}?tab=tags`);
    await expect(page.getByTestId("tag-count")).toHaveText("10,000 tags");
    expect(await rowNames(page)).toEqual(sortNewestFirst(names, (name) => name).slice(0, TAGS_PAGE_SIZE));
    await expect(page.getByText(`Page 1 of ${10_000 / TAGS_PAGE_SIZE}`)).toBeVisible();

    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/tab=tags&page=2$/);
    expect(await rowNames(page)).toEqual(sortNewestFirst(names, (name) => name).slice(TAGS_PAGE_SIZE, 2 * TAGS_PAGE_SIZE));

    const last = 10_000 / TAGS_PAGE_SIZE;
    await page.goto(`/${repository}?tab=tags&page=${last}`);
    await expect(page.getByText(`Page ${last} of ${last}`)).toBeVisible();
    expect((await rowNames(page)).slice(-2)).toEqual(["0.0.0", "nightly"]);

    await page.goto(`/${repository}?tab=tags&filter=2.50.5`);
    expect(await rowNames(page)).toEqual(["2.50.5", "2.50.5-rc.1"]);
  });

  test("the API pages through every tag exactly once, in the same order", async ({ request }) => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const response = await request.get(`/api/v1/repositories/${repository}/tags?pageSize=100&page=${page}`);
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { total: number; tags: Array<{ name: string }> };
      expect(body.total).toBe(10_000);
      if (body.tags.length === 0) break;
      seen.push(...body.tags.map((tag) => tag.name));
    }
    expect(seen).toEqual(sortNewestFirst(names, (name) => name));

    const byName = await (await request.get(`/api/v1/repositories/${repository}/tags?sort=name&pageSize=3`)).json();
    expect(byName.tags.map((tag: { name: string }) => tag.name)).toEqual(["0.0.0", "0.0.1", "0.0.2"]);
  });
});
