import { mkdirSync } from "node:fs";
import { type ConsoleMessage, expect, type Page, type TestInfo, test as base } from "@playwright/test";
import type { Catalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagEvents, recordDiscovered } from "@/lib/catalog/sync";
import { testDigest, testPlatform, testTag } from "../support/resolved-tags";

/** A public repository whose About and Usage try every trick against the page. */
export const HOSTILE_REPOSITORY = "acme/hostile";
export const HOSTILE_ABOUT = [
  "# Hostile",
  "Harmless text before.",
  "<script>window.__pwned = 'script'</script>",
  `<img src="x" onerror="window.__pwned = 'onerror'">`,
  "[click me](javascript:window.__pwned='link')",
  "[click me too](JaVaScRiPt:window.__pwned='link2')",
  "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
  `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `<svg><script>window.__pwned='svg'</script></svg>`,
  `<a href="data:text/html,<script>alert(1)</script>">data link</a>`,
  `<div onmouseover="window.__pwned='hover'" style="position:fixed;inset:0">cover</div>`,
  `<details open ontoggle="window.__pwned='toggle'"><summary>x</summary></details>`,
  `<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
  `<form action="javascript:alert(1)"><input name="x"><button>go</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<base href="javascript:alert(1)//">`,
  "Harmless text after.",
].join("\n\n");

/**
 * A console error that only says a publisher's About image could not be
 * fetched: it is asked of Galleon's image proxy, never of its host, and these
 * machines reach no outside host, so the proxy answers 502.
 */
export function isUnreachableAboutImage(message: ConsoleMessage): boolean {
  const url = new URL(message.location().url || "about:blank");
  return (
    message.text().startsWith("Failed to load resource: the server responded with a status of 502") &&
    url.origin === new URL(process.env.GALLEON_E2E_URL!).origin &&
    url.pathname === "/images"
  );
}

/** Fails the test if the page opens any dialog (alert, confirm, prompt). */
export const test = base.extend<{ noDialogs: void }>({
  noDialogs: [
    async ({ page }, use) => {
      const dialogs: string[] = [];
      page.on("dialog", async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      await use();
      expect(dialogs).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * How long a push or pull may take to reach the catalog: the registry queues its
 * notifications (early in a run it may still deliver the backlog of the seed pushes
 * made before the indexer listened), and the indexer applies them in turns. How fast
 * that is, is bench/freshness.ts's figure; tests wait for the catalog, then check pages.
 */
export const INDEXED_WITHIN = { timeout: 60_000 };

/**
 * Full-page screenshots attached to the report, for a person to look at. Each
 * page must first answer 200 and show its main heading, so a broken page fails
 * here instead of being photographed.
 */
export async function attachScreenshots(
  page: Page,
  testInfo: TestInfo,
  pages: readonly (readonly [name: string, url: string, heading: string | RegExp])[],
): Promise<void> {
  const dir = testInfo.outputPath("screenshots");
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const [name, url, heading] of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(heading);
    const file = `${dir}/${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(name, { path: file, contentType: "image/png" });
  }
}

/**
 * A public repository with 10,000 tags: versions 0.0.0 … 9.99.7, one
 * pre-release and a name. Global setup writes them (on SQLite only: see
 * there) through the indexer's own catalog write path once the indexer is
 * idle: pushing and resolving 10,000
 * tags through the registry takes minutes on two cores. No reconcile runs
 * during the tests (the interval is an hour), so nothing removes them.
 */
export const MANY_TAGS = {
  repository: "e2e/many-tags",
  names: [
    ...Array.from({ length: 9_998 }, (_, i) => `${Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}`),
    "2.50.5-rc.1",
    "nightly",
  ],
};

export async function seedManyTags(db: Catalog): Promise<void> {
  await saveRepository(db, MANY_TAGS.repository, { visibility: "PUBLIC", shortDescription: "Ten thousand tags" });
  await recordDiscovered(db, MANY_TAGS.repository);
  const tags = MANY_TAGS.names.map((name, i) => {
    const digest = testDigest(i.toString(16).padStart(8, "0"));
    return testTag(name, digest, [{ ...testPlatform("amd64", digest), compressedSize: 1_000 + i }]);
  });
  // As the indexer applies pushed tags: turns of at most 200 events, a few tags per transaction.
  // The indexer writes the catalog meanwhile (it publishes the repository saved above) and gives
  // up after its busy timeout (5 s): a transaction of 1,000 tags held the lock longer than that
  // on a loaded machine ("event processing failed: Operation has timed out").
  for (let i = 0; i < tags.length; i += 200) {
    await applyTagEvents(db, MANY_TAGS.repository, { pushed: tags.slice(i, i + 200), untagged: [], deletedDigests: [], errors: [] });
  }
}
