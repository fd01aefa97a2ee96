/**
 * Accessibility of every page type, audited by axe-core in the real browser:
 * WCAG 2.0, 2.1 and 2.2 A and AA plus axe's best practices, in light and dark
 * mode, at desktop width and at 390 px (a phone); and reflow (WCAG 1.4.10):
 * at 200% zoom of a 1280 px window (640 CSS px) and at 320 CSS px, the page
 * never scrolls sideways and cuts nothing off; only a region of its own
 * (code, a digest, a wide table) may scroll, and keyboard users reach it.
 *
 * Each page is loaded once: the variants are the same page with another
 * colour scheme (emulated) and viewport, as a visitor resizing or switching
 * their system's theme sees it; CSS alone decides both.
 */
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { createInvitation } from "@/lib/auth/invitations.server";
import { createUser } from "@/lib/auth/users.server";
import { SIGNED_SAMPLE } from "@/scripts/seed/attachments";
import { HOSTILE_REPOSITORY } from "./fixtures";
import { signInAs, withCatalog } from "./sessions";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const COLOR_SCHEMES = ["light", "dark"] as const;
const AXE_WIDTHS = [1280, 390] as const;
const REFLOW_WIDTHS = [640, 320] as const;
const HYDRATION = { timeout: 30_000 };

// One page load, four axe runs (axe alone took 30 s on the home page on two loaded cores) and two reflow checks.
test.describe.configure({ timeout: 180_000 });

/** Lets colour transitions finish, so axe reads the scheme's final colours. */
async function settle(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
}

/**
 * "rule: target (summary)" per violating element: the test's failure message
 * names each one. Legacy mode runs axe in the page itself (Galleon's pages
 * have no frames) rather than merging frame results in a blank page of its
 * own; axe's source, injected by the page's first run, stays in the page for
 * its later runs (the page is never reloaded), so those inject nothing.
 */
async function violations(page: Page, injected: boolean): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page, ...(injected && { axeSource: ";" }) })
    .withTags(TAGS)
    .setLegacyMode()
    .analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(" ")} — ${node.failureSummary ?? ""}`));
}

/**
 * What breaks reflow at the current width: the page scrolling sideways, an
 * element reaching past the window's edges that is not inside a region that
 * scrolls (so it is cut off, or makes the page scroll), and a region that
 * scrolls sideways but that a keyboard cannot reach (nothing in it, nor it,
 * takes the focus) or that takes the focus without a name.
 */
function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const width = root.clientWidth;
    const problems: string[] = [];
    if (root.scrollWidth > width) problems.push(`the page scrolls sideways: ${root.scrollWidth} px of content in ${width}`);
    const describe = (element: Element) =>
      `<${element.localName}${element.id ? `#${element.id}` : ""}${element.getAttribute("data-testid") ? ` data-testid=${element.getAttribute("data-testid")}` : ""}> “${(element.textContent ?? "").trim().slice(0, 40)}”`;
    const scrolls = (element: Element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
    const clipping = (element: Element) => getComputedStyle(element).overflowX !== "visible";
    const focusable = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === "hidden") continue;
      if (scrolls(element) && element.scrollWidth > element.clientWidth) {
        const reachable = element.matches(focusable) || element.querySelector(focusable) !== null;
        const named = !element.matches(focusable) || element.hasAttribute("aria-label") || element.hasAttribute("aria-labelledby");
        if (!reachable) problems.push(`${describe(element)} scrolls sideways but no key reaches it`);
        else if (!named) problems.push(`${describe(element)} scrolls sideways and takes the focus, without a name`);
      }
      if (box.right <= width + 1 && box.left >= -1) continue;
      if (box.width <= 1 && box.height <= 1) continue;
      let container = element.parentElement;
      while (container && container !== document.body && !clipping(container)) container = container.parentElement;
      if (container && container !== document.body) {
        // Inside a region that scrolls, or inside visually hidden text (a 1 px clipped box) for screen readers.
        const clip = container.getBoundingClientRect();
        if (scrolls(container) || (clip.width <= 1 && clip.height <= 1)) continue;
      }
      problems.push(`${describe(element)} reaches past the window (${Math.round(box.left)}…${Math.round(box.right)} px)`);
    }
    return problems;
  });
}

/** Every variant of the page as it stands: axe in both schemes at both widths, then reflow at both widths. */
async function audit(page: Page): Promise<void> {
  const problems: string[] = [];
  let runs = 0;
  for (const width of AXE_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const colorScheme of COLOR_SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await settle(page);
      problems.push(...(await violations(page, runs++ > 0)).map((v) => `${colorScheme}, ${width} px: ${v}`));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  for (const width of REFLOW_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    problems.push(...(await reflowProblems(page)).map((p) => `reflow at ${width} px: ${p}`));
  }
  expect(problems).toEqual([]);
}

type Opener = (page: Page, context: BrowserContext) => Promise<void>;

function pageType(name: string, open: Opener) {
  test(`every variant is accessible and reflows: ${name}`, async ({ page, context }) => {
    await open(page, context);
    await audit(page);
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
  ["ten thousand tags, paged", "/e2e/many-tags?tab=tags"],
  ["a tag", "/library/redis/tags/7.4.1"],
  ["a signed tag with what is attached", `/${SIGNED_SAMPLE.path}/tags/${SIGNED_SAMPLE.tag}`],
  ["an artifact's tag", "/acme/charts/webapp/tags/1.2.0"],
  ["not found", "/no-such-namespace/nothing"],
  ["sign-in", "/auth/sign-in"],
  ["sign-up", "/auth/sign-up"],
  ["an invitation that is no longer valid", "/auth/invitations/no-such-invitation"],
];

for (const [name, path] of PUBLIC_PAGES) {
  pageType(name, async (page) => {
    await page.goto(path);
  });
}

pageType("a digest search", async (page) => {
  const { digest } = await withCatalog((db) => db.tag.findFirstOrThrow({ where: { name: "1.27", repository: { path: "nginx" } } }));
  await page.goto(`/search?q=${digest}`);
  await expect(page.getByTestId("digest-matches")).toBeVisible();
});

async function inviteToAcme(email: string) {
  return withCatalog(async (db) => {
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } });
    return createInvitation(db, { publisherId: acme.publisherId!, email, role: "EDITOR" });
  });
}

pageType("an invitation, to create an account", async (page) => {
  const { token } = await inviteToAcme(`a11y-${randomUUID()}@e2e.test`);
  await page.goto(`/auth/invitations/${token}`);
  await expect(page.getByRole("button", { name: "Create account and join" })).toBeVisible();
});

pageType("an invitation, to accept signed in", async (page, context) => {
  const email = `a11y-member-${randomUUID()}@e2e.test`;
  await withCatalog((db) => createUser(db, { email, password: "a11y-member-password" }));
  const { token } = await inviteToAcme(email);
  await signInAs(context, email);
  await page.goto(`/auth/invitations/${token}`);
  await expect(page.getByRole("button", { name: "Accept" })).toBeVisible();
});

pageType("the console", async (page, context) => {
  await signInAs(context, "owner@acme.test");
  await page.goto("/console");
});

pageType("a publisher's console", async (page, context) => {
  const { publisherId } = await withCatalog((db) => db.namespace.findUniqueOrThrow({ where: { name: "acme" } }));
  await signInAs(context, "owner@acme.test");
  await page.goto(`/console/publishers/${publisherId}`);
});

pageType("the repository editor with its preview", async (page, context) => {
  await signInAs(context, "owner@acme.test");
  await page.goto("/console/repositories/acme/tools/cli");
  await expect(page.locator("[data-ready]")).toBeAttached(HYDRATION);
  await page.getByLabel("About (Markdown)").fill("# Title\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```sh\ndocker run --rm app\n```\n");
  await expect(page.getByTestId("preview-about").locator("pre code")).toHaveText("docker run --rm app");
});

pageType("the admin page", async (page, context) => {
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
  expect(await reflowProblems(page)).toEqual([]);
});

test("the pull chart's text alternative is in the server's HTML", async ({ request }) => {
  const html = await (await request.get("/library/nginx")).text();
  const title = /<svg[^>]*role="img"[^>]*>\s*<title[^>]*>([^<]*)<\/title>/.exec(html);
  expect(title?.[1]).toMatch(/^Daily pulls, last \d+ days$/);
});
