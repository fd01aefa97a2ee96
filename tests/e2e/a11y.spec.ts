/**
 * Accessibility of every page type, audited by axe-core in the real browser:
 * WCAG 2.0, 2.1 and 2.2 A and AA plus axe's best practices, in light and dark
 * mode, at desktop width and at 390 px (a phone); and 200% zoom (640 CSS px
 * wide) without horizontal scrolling.
 */
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { HOSTILE_REPOSITORY } from "./fixtures";
import { e2eCatalog, signInAs } from "./sessions";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const VARIANTS = [
  { colorScheme: "light", width: 1280 },
  { colorScheme: "dark", width: 1280 },
  { colorScheme: "light", width: 390 },
  { colorScheme: "dark", width: 390 },
] as const;
const HYDRATION = { timeout: 30_000 };

// One page load and one axe run each; axe alone took 30 s on the home page on two loaded cores.
test.describe.configure({ timeout: 60_000 });

/** "rule: target (summary)" per violating element: the test's failure message names each one. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(" ")} — ${node.failureSummary ?? ""}`));
}

type Opener = (page: Page, context: BrowserContext) => Promise<void>;

/**
 * One test per page and variant (each is a page load and an axe run, several
 * seconds on a loaded machine), and one at 200% zoom of a 1280 px window
 * (640 CSS pixels), where the page must not scroll sideways.
 */
function audit(name: string, open: Opener) {
  for (const { colorScheme, width } of VARIANTS) {
    test(`no axe violations: ${name}, ${colorScheme}, ${width} px`, async ({ page, context }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await open(page, context);
      expect(await violations(page)).toEqual([]);
    });
  }
  test(`no horizontal scrolling at 200% zoom: ${name}`, async ({ page, context }) => {
    await page.setViewportSize({ width: 640, height: 900 });
    await open(page, context);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
}

const PUBLIC_PAGES: Array<[string, string]> = [
  ["home", "/"],
  ["search with filters", "/search?q=e&os=linux&verified=true"],
  ["search without results", "/search?q=zzqqxxyy"],
  ["categories", "/categories"],
  ["a category", "/categories/databases"],
  ["a publisher", "/acme"],
  ["a repository's About", "/library/nginx"],
  ["Markdown with every trick", `/${HOSTILE_REPOSITORY}`],
  ["a repository's Usage", "/acme/tools/cli?tab=usage"],
  ["a repository's tags", "/acme/tools/cli?tab=tags"],
  ["a tag", "/library/redis/tags/7.4.1"],
  ["not found", "/no-such-namespace/nothing"],
  ["sign-in", "/auth/sign-in"],
  ["sign-up", "/auth/sign-up"],
];

for (const [name, path] of PUBLIC_PAGES) {
  audit(name, async (page) => {
    await page.goto(path);
  });
}

audit("the console", async (page, context) => {
  await signInAs(context, "owner@acme.test");
  await page.goto("/console");
});

audit("a publisher's console", async (page, context) => {
  const db = e2eCatalog();
  const { publisherId } = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } }).finally(() => db.$disconnect());
  await signInAs(context, "owner@acme.test");
  await page.goto(`/console/publishers/${publisherId}`);
});

audit("the repository editor with its preview", async (page, context) => {
  await signInAs(context, "owner@acme.test");
  await page.goto("/console/repositories/acme/tools/cli");
  await expect(page.locator("[data-ready]")).toBeAttached(HYDRATION);
  await page.getByLabel("About (Markdown)").fill("# Title\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```sh\ndocker run --rm app\n```\n");
  await expect(page.getByTestId("preview-about").locator("pre code")).toHaveText("docker run --rm app");
});

audit("the admin page", async (page, context) => {
  await signInAs(context, "admin@galleon.test");
  await page.goto("/admin");
});

test("the not-found page has its own title", async ({ page }) => {
  expect((await page.goto("/no-such-namespace/nothing"))!.status()).toBe(404);
  await expect(page).toHaveTitle(/^Not found/);
});

test("at 320 px the signed-in header keeps Sign out on screen", async ({ page, context }) => {
  await signInAs(context, "admin@galleon.test");
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto("/");
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});

test("the pull chart's text alternative is in the server's HTML", async ({ request }) => {
  const html = await (await request.get("/library/nginx")).text();
  const title = /<svg[^>]*role="img"[^>]*>\s*<title[^>]*>([^<]*)<\/title>/.exec(html);
  expect(title?.[1]).toMatch(/^Daily pulls, last \d+ days$/);
});
