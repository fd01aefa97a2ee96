import { createCatalog } from "@/lib/catalog/database.server";
import { deleteManifest } from "@/scripts/seed/oci";
import { SAMPLE_REPOSITORIES } from "@/scripts/seed/samples";
import { pushImage } from "../support/images";
import { attachScreenshots, expect, HOSTILE_REPOSITORY, INDEXED_WITHIN, test } from "./fixtures";
import { withCatalog } from "./sessions";

const registryHost = () => process.env.GALLEON_E2E_REGISTRY_HOST!;
const PRIVATE = SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PRIVATE").map((r) => r.path);

test.describe("search", () => {
  test("a visitor searches, filters by architecture, and the URL keeps the state", async ({ page }) => {
    await page.goto("/");
    // Before hydration the "/" key reaches no listener.
    await expect(page.locator('form[data-shortcut="ready"]')).toBeAttached();
    await page.keyboard.press("/");
    await page.keyboard.type("database");
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/search\?q=database$/);
    await expect(page.getByTestId("result-count")).toHaveText("2 repositories for “database”");
    const cards = page.getByTestId("repository-card");
    await expect(cards).toHaveCount(2);
    const arm64 = page.locator('[data-facet="architecture:arm64"]');
    await expect(arm64.getByTestId("facet-count")).toHaveText("1");
    await expect(page.locator('[data-facet="architecture:amd64"]').getByTestId("facet-count")).toHaveText("2");

    await arm64.click();
    await expect(page).toHaveURL(/\/search\?q=database&arch=arm64$/);
    await expect(page.getByTestId("result-count")).toHaveText("1 repository for “database”");
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText("library/redis");
    await expect(page.locator('[data-facet="architecture:amd64"]').getByTestId("facet-count")).toHaveText("1");
    await expect(page.locator('[data-facet="architecture:arm64"]')).toHaveAccessibleName(/^arm64 ?, selected 1$/);

    await page.reload();
    await expect(page.getByTestId("result-count")).toHaveText("1 repository for “database”");
    await expect(page.locator("#results-heading")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Search repositories" }).first()).toHaveValue("database");
  });

  test("highlights matches and explains an empty result", async ({ page }) => {
    await page.goto("/search?q=nginx");
    await expect(page.getByTestId("repository-card").first().locator("mark").first()).toHaveText(/nginx/i);
    await page.goto("/search?q=zzqqxxyy");
    await expect(page.getByText("No repositories match.")).toBeVisible();
  });

  test("an invalid search says what is wrong", async ({ page }) => {
    await page.goto("/search?sort=sideways");
    const alert = page.getByRole("alert").filter({ hasText: "That search cannot be run" });
    await expect(alert).toContainText("sort must be one of relevance, pulls, updated");
  });
});

test.describe("repository page", () => {
  test("About and Usage render Markdown with a table and a code block", async ({ page }) => {
    await page.goto("/library/nginx");
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText("nginx");
    const about = page.getByTestId("tab-about");
    await expect(about.locator("table")).toBeVisible();
    await expect(about.locator("th").first()).toHaveText("Tag");

    await page.getByRole("link", { name: "Usage" }).click();
    await expect(page).toHaveURL(/\?tab=usage$/);
    const usage = page.getByTestId("tab-usage");
    await expect(usage.locator("pre code").first()).toBeVisible();
    await expect(usage.locator("pre code").first()).toContainText("docker pull");
  });

  test("the tags tab shows multi-arch platforms without attestations, and each kind by name", async ({ page }) => {
    await page.goto("/library/nginx?tab=tags");
    const row = page.locator('tr[data-tag="1.27.3"]');
    await expect(row.getByTestId("platform")).toHaveCount(2);
    await expect(row.getByTestId("platform").nth(0)).toContainText("linux/amd64");
    await expect(row.getByTestId("platform").nth(1)).toContainText("linux/arm64/v8");
    await expect(page.getByTestId("tags-table")).not.toContainText("unknown");
    await expect(row.getByTestId("tag-kind")).toHaveText("OCI index");

    await page.goto("/acme/legacy-app?tab=tags");
    await expect(page.locator('tr[data-tag="0.9"]').getByTestId("tag-kind")).toHaveText("Docker schema 1 (legacy)");
    await page.goto("/acme/charts/webapp?tab=tags");
    const chart = page.locator('tr[data-tag="1.2.0"]').getByTestId("tag-kind");
    await expect(chart).toContainText("Artifact");
    await expect(chart).toContainText("application/vnd.cncf.helm.config.v1+json");
  });

  test("the tags tab filters by substring and sorts by version, name or push date, in the URL", async ({ page }) => {
    const names = () => page.locator("tr[data-tag]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tag")));
    await page.goto("/library/nginx?tab=tags");
    expect(await names()).toEqual(["1.27.3", "1.27", "1.26.2", "1.26", "latest"]);

    await page.getByRole("link", { name: "Name" }).click();
    await expect(page).toHaveURL(/tab=tags&sort=name$/);
    expect(await names()).toEqual(["1.26", "1.26.2", "1.27", "1.27.3", "latest"]);

    await page.getByRole("searchbox", { name: "Filter tags" }).fill("1.26");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/tab=tags&sort=name&filter=1.26$/);
    await expect(page.getByTestId("tag-count")).toHaveText("2 tags matching “1.26”");
    expect(await names()).toEqual(["1.26", "1.26.2"]);
  });

  test("copy buttons put exactly the pull command on the clipboard", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
    const latest = await db.tag.findFirstOrThrow({ where: { name: "latest", repository: { path: "nginx" } } });
    await db.$disconnect();

    await page.goto("/library/nginx");
    // The pull box's choices answer clicks once hydrated (pull-commands.spec.ts tests every form).
    await expect(page.locator('[data-pull-tabs="ready"]')).toBeAttached();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.getByRole("button", { name: "Copy docker pull command by tag" }).click();
    await expect.poll(clipboard).toBe(`docker pull ${registryHost()}/nginx:latest`);
    await page.getByRole("button", { name: "By digest", exact: true }).click();
    await page.getByRole("button", { name: "Copy docker pull command by digest" }).click();
    await expect.poll(clipboard).toBe(`docker pull ${registryHost()}/nginx@${latest.digest}`);

    await page.goto("/acme/tools/cli?tab=tags");
    await page.getByRole("button", { name: "Copy pull command for v2.3.1" }).click();
    await expect.poll(clipboard).toBe(`docker pull ${registryHost()}/acme/tools/cli:v2.3.1`);
  });

  test("hostile Markdown executes nothing and leaves nothing dangerous in the HTML", async ({ page, request }) => {
    for (const tab of ["", "?tab=usage"]) {
      await page.goto(`/${HOSTILE_REPOSITORY}${tab}`);
      await expect(page.getByText("Harmless text after.")).toBeVisible();
      // Clicking the would-be links and hovering the cover does nothing either.
      for (const link of await page.getByRole("link", { name: /click me|data link/ }).all()) await link.click();
      await page.mouse.move(10, 10);
      expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
      const html = await (await request.get(`/${HOSTILE_REPOSITORY}${tab}`)).text();
      // Sanitized Markdown holds no <div>: the container ends at the first "</div>".
      const start = html.indexOf('<div class="markdown">');
      expect(start).toBeGreaterThan(-1);
      const rendered = html.slice(start, html.indexOf("</div>", start));
      expect(rendered).toContain("Harmless text before.");
      expect(rendered).not.toMatch(/<script|<iframe|<svg|<object|<embed|<form|<meta|<base|javascript:|data:text|data:image/i);
      expect(rendered).not.toMatch(/\son[a-z]+=/i);
    }
  });
});

test.describe("live updates", () => {
  // Room for two waits of INDEXED_WITHIN and the page loads around them.
  test.describe.configure({ timeout: 150_000 });

  test("a pushed tag shows on the repository page once the indexer stored it, and a deleted one leaves", async ({ page }) => {
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    const tagsPage = "/acme/api-gateway?tab=tags&filter=e2e-live";
    const stored = () => withCatalog((db) => db.tag.count({ where: { repository: { path: "acme/api-gateway" }, name: "e2e-live" } }));
    await page.goto(tagsPage);
    await expect(page.getByTestId("tag-count")).toHaveText("0 tags matching “e2e-live”");

    const { manifest } = await pushImage(registryUrl, "acme/api-gateway", "e2e-live");
    await expect.poll(stored, INDEXED_WITHIN).toBe(1);
    // The next request shows it: nothing the web app keeps (the response cache) may be older than the catalog.
    await page.goto(tagsPage);
    await expect(page.locator('tr[data-tag="e2e-live"]')).toContainText(manifest.descriptor.digest.slice(0, 19));

    await deleteManifest(registryUrl, "acme/api-gateway", manifest.descriptor.digest);
    await expect.poll(stored, INDEXED_WITHIN).toBe(0);
    await page.goto(tagsPage);
    await expect(page.getByTestId("tag-count")).toHaveText("0 tags matching “e2e-live”");
  });
});

test.describe("private repositories", () => {
  test("appear in no search result, facet count, publisher page or sitemap", async ({ page, request }) => {
    for (const path of PRIVATE) {
      const name = path.split("/").pop()!;
      const api = await (await request.get(`/api/v1/search?q=${encodeURIComponent(name)}`)).json();
      expect(api.hits.map((h: { fullName: string }) => h.fullName)).not.toContain(path);
    }
    const all = await (await request.get("/api/v1/search?pageSize=100")).json();
    const names = all.hits.map((h: { fullName: string }) => h.fullName);
    for (const path of PRIVATE) expect(names).not.toContain(path);
    const acmePublic = SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PUBLIC" && r.path.startsWith("acme/")).length;
    // The hostile test repository is public too.
    expect(all.facets.namespace.acme).toBe(acmePublic + 1);

    await page.goto("/acme");
    await expect(page.getByTestId("repository-card")).toHaveCount(acmePublic + 1);
    await expect(page.locator("main")).not.toContainText("secret-billing");

    // The sitemap index, then each of its files.
    const index = await (await request.get("/sitemap.xml")).text();
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
    expect(files.length).toBeGreaterThan(1);
    const sitemap = (await Promise.all(files.map(async (file) => (await request.get(file)).text()))).join("\n");
    expect(sitemap).toContain("/library/nginx</loc>");
    for (const path of PRIVATE) expect(sitemap).not.toContain(path.split("/").pop()!);
  });

  test("answer exactly like names that never existed, on pages and in the API", async ({ page, request }) => {
    const mainOf = async (path: string) => {
      const response = await page.goto(path);
      return { status: response?.status(), main: await page.locator("main").innerHTML(), title: await page.title() };
    };
    const never = await mainOf("/acme/never-existed");
    expect(never.status).toBe(404);
    for (const path of ["/acme/secret-billing", "/nimbus/internal-tools"]) expect(await mainOf(path)).toEqual(never);

    const apiNever = await request.get("/api/v1/repositories/acme/never-existed");
    expect(apiNever.status()).toBe(404);
    const neverBody = await apiNever.text();
    for (const path of ["acme/secret-billing", "acme/secret-billing/tags", "nimbus/internal-tools"]) {
      const response = await request.get(`/api/v1/repositories/${path}`);
      expect(response.status()).toBe(404);
      expect(await response.text()).toBe(neverBody);
    }
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("every page renders and search works through plain links and forms", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Recently updated" })).toBeVisible();
    await page.getByRole("searchbox").first().fill("database");
    await page.getByRole("button", { name: "Search" }).first().click();
    await expect(page.getByTestId("result-count")).toHaveText("2 repositories for “database”");
    await page.locator('[data-facet="architecture:arm64"]').click();
    await expect(page.getByTestId("result-count")).toHaveText("1 repository for “database”");

    await page.goto("/library/nginx?tab=tags");
    await expect(page.getByTestId("platform").first()).toBeVisible();
    await expect(page.getByTestId("pull-command").first()).toHaveText(`docker pull ${registryHost()}/nginx:latest`);
    await page.goto("/acme");
    await expect(page.getByRole("heading", { name: "Acme Corp" })).toBeVisible();
  });
});

test("screenshots of the home, search and repository pages", async ({ page }, testInfo) => {
  await attachScreenshots(page, testInfo, [
    ["home", "/", "Find container images"],
    ["search", "/search?q=server", /repositor(y|ies) for “server”/],
    ["repository", "/library/nginx", "nginx"],
    ["tags", "/library/nginx?tab=tags", "nginx"],
  ]);
});
