/**
 * Discovery beyond search, on the whole running stack: category and publisher
 * pages with the search page's filters, Atom feeds validated by xmllint, and
 * the daily pulls chart after real pulls from the registry.
 */
import { createCatalog } from "@/lib/catalog/database.server";
import { plural } from "@/lib/presentation/format";
import { SAMPLE_REPOSITORIES } from "@/scripts/seed/samples";
import { anonymousManifestGet } from "../support/anonymous-pull";
import { atomErrors } from "../support/atom";
import { pushImage } from "../support/images";
import { expect, HOSTILE_REPOSITORY, INDEXED_WITHIN, test } from "./fixtures";

const PUBLIC_SAMPLES = SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PUBLIC");
const PRIVATE = ["acme/secret-billing", "nimbus/internal-tools"];
/** The gallery's name of a registry path: top-level paths belong to "library". */
const fullName = (path: string) => (path.includes("/") ? path : `library/${path}`);
const inCategory = (category: string) => PUBLIC_SAMPLES.filter((r) => r.catalog?.categories.includes(category));
// Room for INDEXED_WITHIN plus the page loads around it.
test.describe.configure({ timeout: 120_000 });

test.describe("category pages", () => {
  test("list the categories with their counts, and filter, sort and page like search with the category pinned", async ({ page }) => {
    await page.goto("/categories");
    const webServers = page.locator('[data-category="web-servers"]');
    await expect(webServers.getByTestId("category-count")).toHaveText(`${inCategory("web-servers").length} repositories`);
    await expect(page.locator('[data-category="databases"]').getByTestId("category-count")).toHaveText(
      `${inCategory("databases").length} repositories`,
    );

    await webServers.click();
    await expect(page).toHaveURL(/\/categories\/web-servers$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Web servers");
    await expect(page.getByTestId("result-count")).toHaveText(`${inCategory("web-servers").length} repositories`);
    // The path sets the category: no category filter to toggle.
    await expect(page.locator('[data-facet^="categories:"]')).toHaveCount(0);

    const acme = inCategory("web-servers").filter((r) => r.path.startsWith("acme/"));
    await page.locator('[data-facet="namespace:acme"]').click();
    await expect(page).toHaveURL(/\/categories\/web-servers\?namespace=acme$/);
    await expect(page.getByTestId("result-count")).toHaveText(`${acme.length} repositories`);
    const cards = page.getByTestId("repository-card");
    await expect(cards).toHaveCount(acme.length);
    for (const repository of acme) await expect(page.locator("main")).toContainText(repository.path);

    await page.getByRole("link", { name: "Recently updated" }).click();
    await expect(page).toHaveURL(/\/categories\/web-servers\?namespace=acme&sort=updated$/);
    await expect(page.getByRole("link", { name: "Recently updated" })).toHaveAttribute("aria-current", "true");
    await expect(cards).toHaveCount(acme.length);

    await page.goto("/categories/web-servers?pageSize=1");
    await expect(page.getByText(`Page 1 of ${inCategory("web-servers").length}`)).toBeVisible();
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/\/categories\/web-servers\?page=2&pageSize=1$/);
    await expect(cards).toHaveCount(1);
  });

  test("are where the home page's category chips lead", async ({ page }) => {
    await page.goto("/");
    const chips = page.getByRole("region", { name: "Categories" });
    await chips.getByRole("link", { name: /^Web servers \d+$/ }).click();
    await expect(page).toHaveURL(/\/categories\/web-servers$/);
    await expect(page.getByTestId("result-count")).toHaveText(`${inCategory("web-servers").length} repositories`);
  });

  test("answer 404 for an unknown category and explain a category given twice", async ({ page }) => {
    expect((await page.goto("/categories/cooking"))?.status()).toBe(404);
    await page.goto("/categories/web-servers?category=databases");
    const alert = page.locator("main").getByRole("alert");
    await expect(alert).toContainText("category is set by this page's address");
    await page.goto("/categories/web-servers?arch=sparc");
    await expect(alert).toContainText('unknown arch "sparc"');
  });
});

test.describe("publisher pages", () => {
  test("filter, sort and page a publisher's repositories, the namespace pinned", async ({ page }) => {
    const acme = PUBLIC_SAMPLES.filter((r) => r.path.startsWith("acme/")).length + 1; // and the hostile one
    await page.goto("/acme?pageSize=2");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
    await expect(page.getByTestId("result-count")).toHaveText(`${acme} repositories`);
    await expect(page.locator('[data-facet^="namespace:"]')).toHaveCount(0);
    await expect(page.getByText(`Page 1 of ${Math.ceil(acme / 2)}`)).toBeVisible();
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/\/acme\?page=2&pageSize=2$/);

    await page.locator('[data-facet="architecture:arm64"]').click();
    await expect(page).toHaveURL(/\/acme\?arch=arm64&pageSize=2$/);
    const arm64 = Number(await page.locator('[data-facet="architecture:arm64"]').getByTestId("facet-count").textContent());
    await expect(page.getByTestId("result-count")).toHaveText(plural(arm64, "repository", "repositories"));

    await page.goto("/acme?namespace=nimbus");
    await expect(page.locator("main").getByRole("alert")).toContainText("namespace is set by this page's address");
    await expect(page.locator("main")).not.toContainText("secret-billing");
  });
});

test.describe("Atom feeds", () => {
  const feedPaths = () => [
    ...new Set([...PUBLIC_SAMPLES.map((r) => fullName(r.path)), HOSTILE_REPOSITORY].map((name) => name.split("/")[0]!)),
  ]
    .map((namespace) => `/feeds/${namespace}.atom`)
    .concat([...PUBLIC_SAMPLES.map((r) => fullName(r.path)), HOSTILE_REPOSITORY].map((name) => `/feeds/${name}.atom`));

  test("of every public repository and publisher validate as Atom and name no private repository", async ({ request }) => {
    for (const path of feedPaths()) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
      const xml = await response.text();
      expect(atomErrors(xml), path).toEqual([]);
      for (const secret of [...PRIVATE, "secret-billing", "internal-tools"]) expect(xml, path).not.toContain(secret);
    }
    const nginx = await (await request.get("/feeds/library/nginx.atom")).text();
    expect(nginx).toContain("<title>library/nginx:latest</title>");
    expect(nginx).toMatch(/<link rel="alternate" type="text\/html" href="http:\/\/[^"]+\/library\/nginx\/tags\/latest"\/>/);
  });

  test("of private repositories answer exactly like names that never existed", async ({ request }) => {
    const never = await request.get("/feeds/acme/never-existed.atom");
    expect(never.status()).toBe(404);
    const body = await never.text();
    for (const path of [...PRIVATE.map((p) => `/feeds/${p}.atom`), "/feeds/acme/secret-billing", "/feeds/no-such-namespace.atom"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect(await response.text()).toBe(body);
    }
  });

  test("carry a new tag of a public repository and never one of a private repository", async ({ request }) => {
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    await pushImage(registryUrl, "acme/secret-billing", "e2e-feed-secret");
    await pushImage(registryUrl, HOSTILE_REPOSITORY, "e2e-feed");
    await expect(async () => {
      expect(await (await request.get("/feeds/acme.atom")).text()).toContain(`<title>${HOSTILE_REPOSITORY}:e2e-feed</title>`);
    }).toPass(INDEXED_WITHIN);
    // The private tag is in the catalog: only the feeds' filter keeps it out.
    const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
    await expect
      .poll(() => db.tag.count({ where: { name: "e2e-feed-secret", repository: { path: "acme/secret-billing" } } }), INDEXED_WITHIN)
      .toBe(1);
    await db.$disconnect();
    for (const path of ["/feeds/acme.atom", `/feeds/${HOSTILE_REPOSITORY}.atom`]) {
      const xml = await (await request.get(path)).text();
      expect(atomErrors(xml)).toEqual([]);
      expect(xml).toContain(`${HOSTILE_REPOSITORY}:e2e-feed<`);
      expect(xml).not.toContain("e2e-feed-secret");
      expect(xml).not.toContain("secret-billing");
    }
  });

  test("are linked from repository and publisher pages, visibly and for feed readers", async ({ page, request }) => {
    for (const [pagePath, feedPath] of [
      ["/library/nginx", "/feeds/library/nginx.atom"],
      ["/acme/tools/cli", "/feeds/acme/tools/cli.atom"],
      ["/acme", "/feeds/acme.atom"],
    ] as const) {
      await page.goto(pagePath);
      await expect(page.getByRole("link", { name: "Atom feed of new tags" })).toHaveAttribute("href", feedPath);
      const alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
      await expect(alternate).toHaveCount(1);
      const href = await alternate.getAttribute("href");
      expect(new URL(href!, page.url()).pathname).toBe(feedPath);
      expect((await request.get(feedPath)).status()).toBe(200);
    }
  });
});

test.describe("daily pulls chart", () => {
  test("shows real pulls from the registry, with a text alternative", async ({ page }) => {
    const repository = "nimbus/metrics-agent";
    const chart = page.getByTestId("pulls-chart");
    await page.goto(`/${repository}`);
    await expect(chart.getByTestId("pulls-total")).toHaveText("0 pulls in total");

    // Two pulls of the tag as Docker makes them: a GET of the manifest (a HEAD is no pull).
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    for (let i = 0; i < 2; i++) {
      const response = await anonymousManifestGet(registryUrl, repository, "latest");
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    await expect(async () => {
      await page.goto(`/${repository}`);
      await expect(chart.getByTestId("pulls-total")).toHaveText("2 pulls in total", { timeout: 500 });
    }).toPass(INDEXED_WITHIN);

    const svg = chart.locator('svg[role="img"]');
    await expect(svg).toHaveAccessibleName("Daily pulls, last 30 days");
    await expect(svg).toHaveAccessibleDescription(/^2 pulls from .+ to .+; the most, 2, on .+\.$/);
    await expect(svg.locator("rect")).toHaveCount(30);
    await expect(svg.locator('rect[data-pulls="2"]')).toHaveCount(1);

    await chart.getByText("Pulls per day as a table").click();
    const rows = chart.getByTestId("pulls-table").locator("tbody tr");
    await expect(rows).toHaveCount(30);
    const counts = (await rows.locator("td").allTextContents()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    // The day with the pulls is the one the chart's bar is for.
    const day = await svg.locator('rect[data-pulls="2"]').getAttribute("data-day");
    await expect(chart.getByTestId("pulls-table").locator(`tr[data-day="${day}"] td`)).toHaveText("2");
  });
});
