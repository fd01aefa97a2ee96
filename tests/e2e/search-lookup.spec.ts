import type { Page } from "@playwright/test";
import { createCatalog } from "@/lib/catalog/database.server";
import { expect, test } from "./fixtures";

/** Hydration waits for the page's scripts, which a loaded machine can take a while to run. */
const HYDRATION = { timeout: 20_000 };

/** Digests the sample images got when they were pushed: read from the catalog the indexer filled. */
async function sampleDigests() {
  const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
  try {
    const nginx = await db.tag.findFirstOrThrow({
      where: { name: "1.27", repository: { path: "nginx" } },
      include: { platforms: { where: { architecture: "arm64" } } },
    });
    const secret = await db.tag.findFirstOrThrow({ where: { name: "1.0.0", repository: { path: "acme/secret-billing" } } });
    return { nginx: nginx.digest, nginxArm64: nginx.platforms[0]!.digest, secret: secret.digest };
  } finally {
    await db.$disconnect();
  }
}

test.describe("search box suggestions", () => {
  test.beforeEach(async ({ page }) => {
    // Typing letter by letter on a loaded 2-core machine can outlast the default timeout.
    test.slow();
    await page.goto("/search");
    // Before hydration the box is a plain field: no suggestions, and "/" reaches no listener.
    await expect(page.locator('header form[data-shortcut="ready"]')).toBeAttached(HYDRATION);
  });

  const box = (page: Page) => page.getByRole("banner").getByRole("combobox", { name: "Search repositories" });
  const list = (page: Page) => page.getByRole("banner").getByRole("listbox", { name: "Suggested repositories" });

  test("a typo is suggested by keyboard, and Enter opens the repository", async ({ page }) => {
    await page.keyboard.press("/");
    await expect(box(page)).toBeFocused();
    await page.keyboard.type("postgrse");
    await expect(list(page).getByRole("option").first()).toContainText("library/postgres");
    await expect(box(page)).toHaveAttribute("aria-expanded", "true");
    await expect(box(page)).not.toHaveAttribute("aria-activedescendant");

    await page.keyboard.press("ArrowDown");
    const first = list(page).getByRole("option").first();
    await expect(first).toHaveAttribute("aria-selected", "true");
    await expect(box(page)).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
    await expect(box(page)).toBeFocused();

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/library\/postgres$/);
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText("postgres");
    await expect(box(page)).toHaveValue("");
    await expect(box(page)).toHaveAttribute("aria-expanded", "false");
  });

  test("arrows wrap around, Escape closes the list and keeps the text, Enter then searches", async ({ page }) => {
    await box(page).click();
    await page.keyboard.type("ngnix");
    const options = list(page).getByRole("option");
    await expect(options.first()).toContainText("library/nginx");
    const count = await options.count();

    await page.keyboard.press("ArrowUp");
    await expect(options.nth(count - 1)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("ArrowDown");
    await expect(options.first()).toHaveAttribute("aria-selected", "true");

    await page.keyboard.press("Escape");
    await expect(list(page)).toBeHidden();
    await expect(box(page)).toHaveAttribute("aria-expanded", "false");
    await expect(box(page)).not.toHaveAttribute("aria-activedescendant");
    await expect(box(page)).toHaveValue("ngnix");

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=ngnix$/);
  });

  test("a click on a suggestion opens the repository", async ({ page }) => {
    await box(page).fill("acme/to");
    await list(page).getByRole("option", { name: /acme\/tools\/cli/ }).click();
    await expect(page).toHaveURL(/\/acme\/tools\/cli$/);
  });

  test("nothing is suggested from a private repository", async ({ page, request }) => {
    const api = await (await request.get("/api/v1/suggest?q=secret-billing")).json();
    expect(api.suggestions).toEqual([]);
    await box(page).fill("acme");
    await expect(list(page).getByRole("option").first()).toBeVisible();
    await expect(list(page)).not.toContainText("secret-billing");
  });
});

test.describe("tag references in the search box", () => {
  for (const [q, url] of [
    ["nginx:1.27", "/library/nginx/tags/1.27"],
    ["library/nginx:1.27", "/library/nginx/tags/1.27"],
    ["acme/tools/cli:v2.3.1", "/acme/tools/cli/tags/v2.3.1"],
  ] as const) {
    test(`${q} goes straight to the tag`, async ({ page }) => {
      // The tag page is not asserted: only where the search sends the visitor.
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await expect(page).toHaveURL(new RegExp(`${url.replaceAll(".", "\\.")}$`));
    });
  }

  test("typed and submitted, without picking a suggestion", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator('header form[data-shortcut="ready"]')).toBeAttached(HYDRATION);
    await page.keyboard.press("/");
    await page.keyboard.type("nginx:1.27");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/library\/nginx\/tags\/1\.27$/);
  });

  test("a missing tag of a public repository says so and still searches; a private one is plain text", async ({ page }) => {
    await page.goto("/search?q=nginx%3A9.9");
    await expect(page).toHaveURL(/\/search\?q=nginx%3A9\.9$/);
    await expect(page.getByRole("note")).toHaveText("library/nginx has no tag “9.9”. See its tags.");
    await expect(page.getByRole("link", { name: "See its tags" })).toHaveAttribute("href", "/library/nginx?tab=tags");
    await expect(page.getByTestId("result-count")).toBeVisible();

    for (const q of ["acme/secret-billing:1.0.0", "acme/never-existed:1.0.0"]) {
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await expect(page.getByTestId("result-count")).toHaveText(`0 repositories for “${q}”`);
      await expect(page.getByRole("note")).toHaveCount(0);
    }
  });
});

test.describe("digest lookup", () => {
  test("a digest prefix lists the public tags that have it, linking to them", async ({ page }) => {
    const { nginx } = await sampleDigests();
    await page.goto(`/search?q=${nginx.slice(0, "sha256:".length + 16)}`);
    const matches = page.getByTestId("digest-matches");
    await expect(matches.locator(`[data-digest="${nginx}"]`)).toBeVisible();
    const link = matches.getByRole("link", { name: "library/nginx:1.27", exact: true });
    await expect(link).toHaveAttribute("href", "/library/nginx/tags/1.27");
    await expect(link.locator("..")).toContainText("the tag's manifest");
    await expect(page.getByRole("note")).toHaveCount(0); // one digest: not ambiguous
  });

  test("a platform's digest names the platform within the tag's index", async ({ page }) => {
    const { nginxArm64 } = await sampleDigests();
    await page.goto(`/search?q=${nginxArm64}`);
    const row = page
      .getByTestId("digest-match")
      .filter({ has: page.getByRole("link", { name: "library/nginx:1.27", exact: true }) });
    await expect(row).toContainText("platform linux/arm64/v8 of the tag's index");
  });

  test("a private repository's digest finds nothing", async ({ page }) => {
    const { secret } = await sampleDigests();
    for (const q of [secret, secret.slice(0, "sha256:".length + 12)]) {
      await page.goto(`/search?q=${q}`);
      await expect(page.getByTestId("digest-matches")).toContainText("No public repository has a manifest with this digest.");
      await expect(page.getByTestId("digest-match")).toHaveCount(0);
    }
  });

  test("fewer than 12 hex digits is refused with a message", async ({ page }) => {
    await page.goto("/search?q=sha256%3Aabc123");
    const alert = page.getByRole("alert").filter({ hasText: "That search cannot be run" });
    await expect(alert).toContainText('a digest lookup needs at least 12 hex digits after "sha256:" (this one has 6)');
  });
});

test.describe("lookup and suggestion API", () => {
  test("suggest answers as you type, and refuses bad input with a 400 that says why", async ({ request }) => {
    const body = await (await request.get("/api/v1/suggest?q=ngnix&limit=2")).json();
    expect(body.query).toEqual({ q: "ngnix", limit: 2 });
    expect(body.suggestions[0]).toMatchObject({ fullName: "library/nginx", namespace: "library", name: "nginx", official: true });
    expect(body.suggestions.length).toBeLessThanOrEqual(2);
    for (const [params, message] of [
      [`q=${"x".repeat(201)}`, /at most 200 characters/],
      ["q=a&limit=11", /limit must be an integer from 1 to 10/],
      ["q=a&colour=blue", /unknown parameter "colour"/],
      ["q=a&q=b", /q may be given only once/],
    ] as const) {
      const response = await request.get(`/api/v1/suggest?${params}`);
      expect(response.status()).toBe(400);
      expect((await response.json()).error).toMatch(message);
    }
  });

  test("search returns what q looked up: a tag, or a digest's matches", async ({ request }) => {
    const { nginx, secret } = await sampleDigests();
    const tag = await (await request.get(`/api/v1/search?q=${encodeURIComponent("nginx:1.27")}`)).json();
    expect(tag.tagMatch).toEqual({ repository: "library/nginx", tag: "1.27", exists: true });
    expect(tag.digestMatches).toBeNull();
    const missing = await (await request.get(`/api/v1/search?q=${encodeURIComponent("nginx:9.9")}`)).json();
    expect(missing.tagMatch).toEqual({ repository: "library/nginx", tag: "9.9", exists: false });
    const hidden = await (await request.get(`/api/v1/search?q=${encodeURIComponent("acme/secret-billing:1.0.0")}`)).json();
    expect(hidden.tagMatch).toBeNull();

    const digest = await (await request.get(`/api/v1/search?q=${nginx.slice(0, 20)}`)).json();
    expect(digest.digestMatches).toMatchObject({ prefix: nginx.slice(0, 20), digests: [nginx], ambiguous: false, truncated: false });
    expect(digest.digestMatches.matches).toContainEqual({ digest: nginx, repository: "library/nginx", tag: "1.27", platform: null });
    const none = await (await request.get(`/api/v1/search?q=${secret}`)).json();
    expect(none.digestMatches.matches).toEqual([]);

    const short = await request.get("/api/v1/search?q=sha256%3Aabc");
    expect(short.status()).toBe(400);
    expect((await short.json()).error).toMatch(/at least 12 hex digits/);
  });
});
