/**
 * Keyboard-only journeys in the real browser: every step is a key press (Tab,
 * arrows, Enter, typing), and every control reached shows where the focus is.
 * Also the repository pages' hydration: React must adopt the server's HTML as
 * it is, with or without a remembered pull-command choice.
 */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { SAMPLE_ACCOUNTS } from "@/scripts/seed/samples";
import { isUnreachableAboutImage } from "./fixtures";

test.describe.configure({ timeout: 120_000 });

const HYDRATION = { timeout: 30_000 };

/** The contrast ratio of two CSS colours, whatever syntax the browser reports them in (oklch, rgb). */
async function contrast(page: Page, foreground: string, background: string): Promise<number> {
  return page.evaluate(
    ([a, b]) => {
      const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
      const luminance = (color: string) => {
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = color;
        canvas.fillRect(0, 0, 1, 1);
        const [r, g, b] = [...canvas.getImageData(0, 0, 1, 1).data].map((v) => {
          const c = v / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    },
    [foreground, background] as const,
  );
}

/** Asserts that the focused element draws a solid focus outline of at least 3:1 against the page. */
async function expectFocusVisible(page: Page) {
  const style = await page.evaluate(() => {
    const focused = document.activeElement!;
    const { outlineStyle, outlineWidth, outlineColor } = getComputedStyle(focused);
    return { outlineStyle, outlineWidth: parseFloat(outlineWidth), outlineColor, page: getComputedStyle(document.body).backgroundColor };
  });
  expect(style.outlineStyle).not.toBe("none");
  expect(style.outlineWidth).toBeGreaterThanOrEqual(2);
  expect(await contrast(page, style.outlineColor, style.page)).toBeGreaterThanOrEqual(3);
}

/** Presses Tab until `target` has the focus (at most `limit` times), checking each stop shows its focus. */
async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) {
      await expectFocusVisible(page);
      return;
    }
  }
  throw new Error(`${target} was not reached in ${limit} presses of Tab`);
}

test("the skip link is the first stop and moves the focus to the main content", async ({ page }) => {
  await page.goto("/library/nginx");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  await page.keyboard.press("Tab");
  // The next stop is inside the page's content, not back in the header.
  expect(await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement))).toBe(true);
});

test.describe("in both colour schemes, text fields show their focus at 3:1 or more", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    test(colorScheme, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto("/auth/sign-in");
      await tabTo(page, page.getByLabel("Email"));
    });
  }
});

test("from the home page: /, type, choose a suggestion with the arrows and Enter", async ({ page }) => {
  test.slow();
  await page.goto("/");
  await expect(page.locator('header form[data-shortcut="ready"]')).toBeAttached(HYDRATION);
  await page.keyboard.press("/");
  const box = page.getByRole("search", { name: "Site search" }).getByRole("combobox", { name: "Search repositories" });
  await expect(box).toBeFocused();
  await expectFocusVisible(page);
  await page.keyboard.type("redis");
  // The ARIA 1.2 combobox: it controls the listbox, says when it is open, and points at the active option.
  const list = page.locator(`#${await box.getAttribute("aria-controls")}`);
  await expect(list).toHaveRole("listbox");
  await expect(list.getByRole("option").first()).toContainText("library/redis");
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(box).toHaveAttribute("aria-autocomplete", "list");
  await page.keyboard.press("ArrowDown");
  const first = list.getByRole("option").first();
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/library\/redis$/);
});

test("on search results: change the sort and toggle a filter; the count is announced", async ({ page }) => {
  await page.goto("/search?q=database");
  const count = page.getByRole("status").filter({ has: page.getByTestId("result-count") });
  await expect(count).toHaveText("2 repositories for “database”");

  const mostPulled = page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Most pulled" });
  await tabTo(page, mostPulled);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=database&sort=pulls$/);
  await expect(mostPulled).toHaveAttribute("aria-current", "true");

  // The filters come after the sort, wherever the navigation left the focus.
  const arm64 = page.locator('[data-facet="architecture:arm64"]');
  await expect(arm64).toHaveAccessibleName("arm64 1");
  await tabTo(page, arm64);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=database&arch=arm64&sort=pulls$/);
  await expect(count).toHaveText("1 repository for “database”");
  // Chromium puts a space before the visually hidden ", selected".
  await expect(arm64).toHaveAccessibleName(/^arm64 ?, selected 1$/);
});

test("on a repository: switch tabs, choose a pull-command variant and copy it, with the confirmation announced", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/library/nginx");
  await tabTo(page, page.getByRole("navigation", { name: "Repository sections" }).getByRole("link", { name: "Usage" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/library\/nginx\?tab=usage$/);

  const box = page.getByRole("region", { name: "Pull command" });
  await expect(box.locator('[data-pull-tabs="ready"]')).toBeAttached(HYDRATION);
  const docker = box.getByRole("tab", { name: "docker" });
  await tabTo(page, docker);
  await page.keyboard.press("ArrowRight");
  const podman = box.getByRole("tab", { name: "podman" });
  await expect(podman).toBeFocused();
  await expect(podman).toHaveAttribute("aria-selected", "true");
  const byDigest = box.getByRole("button", { name: "By digest", exact: true });
  await tabTo(page, byDigest);
  await page.keyboard.press("Enter");
  await expect(byDigest).toHaveAttribute("aria-pressed", "true");
  const copy = box.getByRole("button", { name: "Copy podman pull command by digest" });
  await tabTo(page, copy);
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^podman pull \S+\/nginx@sha256:[0-9a-f]{64}$/);
  await expect(box.getByRole("status").filter({ hasText: "Copied to the clipboard" })).toHaveCount(1);
});

test("sign in, open a repository's editor and its preview, by keyboard alone", async ({ page }) => {
  test.slow();
  const owner = SAMPLE_ACCOUNTS.find((account) => account.email === "owner@acme.test")!;
  await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent("/console")}`);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(owner.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(owner.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/console$/);

  await tabTo(page, page.getByRole("link", { name: "acme/tools/cli", exact: true }), 120);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/console\/repositories\/acme\/tools\/cli$/);
  await expect(page.locator("[data-ready]")).toBeAttached(HYDRATION);
  const about = page.getByLabel("About (Markdown)");
  await tabTo(page, about);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("# Keyboard\n\nWritten without a mouse.");
  const preview = page.getByTestId("preview-about");
  // The preview nests the publisher's headings under the page's h1.
  await expect(preview.getByRole("heading", { level: 2, name: "Keyboard" })).toBeVisible();
  await expect(preview.getByRole("heading", { level: 1 })).toHaveCount(0);
});

test.describe("repository pages hydrate without a mismatch", () => {
  for (const stored of [null, "podman digest", "Kubernetes tag"]) {
    test(`with ${stored ? `"${stored}" remembered` : "no choice remembered"}`, async ({ page }) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !isUnreachableAboutImage(message)) {
          errors.push(`${message.text()} (${message.location().url})`);
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      if (stored) await page.addInitScript((value) => localStorage.setItem("galleon:pull-command", value), stored);
      for (const path of ["/acme/tools/cli", "/acme/tools/cli?tab=tags", "/library/nginx?tab=usage"]) {
        await page.goto(path);
        await expect(page.locator('[data-pull-tabs="ready"]').first()).toBeAttached(HYDRATION);
        await expect(page.locator('header form[data-shortcut="ready"]')).toBeAttached(HYDRATION);
      }
      expect(errors).toEqual([]);
    });
  }
});
