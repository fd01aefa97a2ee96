import { expect, test as base } from "@playwright/test";

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
