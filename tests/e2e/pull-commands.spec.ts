import type { Locator, Page } from "@playwright/test";
import { createCatalog } from "@/lib/catalog/database.server";
import { expect, test } from "./fixtures";

const registryHost = () => process.env.GALLEON_E2E_REGISTRY_HOST!;

async function digestOf(path: string, tag: string): Promise<string> {
  const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
  try {
    return (await db.tag.findFirstOrThrow({ where: { name: tag, repository: { path } } })).digest;
  } finally {
    await db.$disconnect();
  }
}

/** Each tab, the name of its copy button, and the text it must copy for a reference and workload name. */
const FORMS = [
  { tab: "docker", copies: "docker pull command", text: (ref: string) => `docker pull ${ref}` },
  { tab: "podman", copies: "podman pull command", text: (ref: string) => `podman pull ${ref}` },
  { tab: "nerdctl", copies: "nerdctl pull command", text: (ref: string) => `nerdctl pull ${ref}` },
  { tab: "crane", copies: "crane pull command", text: (ref: string, name: string) => `crane pull ${ref} ${name}.tar` },
  {
    tab: "Kubernetes",
    copies: "Kubernetes Deployment",
    text: (ref: string, name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ${ref}`,
  },
  {
    tab: "Compose",
    copies: "Compose service",
    text: (ref: string, name: string) => `services:
  ${name}:
    image: ${ref}`,
  },
];

const pullBox = (page: Page) => page.getByRole("region", { name: "Pull command" });
/** The text the box shows now (one form, by tag or by digest). */
const shown = (box: Locator) => box.getByTestId("pull-command").filter({ visible: true });

/** Opens a repository page and waits until the tabs answer clicks and keys. */
async function openRepository(page: Page, path: string) {
  await page.goto(path);
  await expect(pullBox(page).locator('[data-pull-tabs="ready"]')).toBeAttached();
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
});

for (const form of FORMS) {
  test(`the ${form.tab} tab, chosen with the mouse, copies exactly its text, by tag and by digest`, async ({ page }) => {
    const digest = await digestOf("nginx", "latest");
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await openRepository(page, "/library/nginx");
    const box = pullBox(page);
    const tab = box.getByRole("tab", { name: form.tab, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    await expect(box.getByRole("tab", { selected: true })).toHaveCount(1);
    for (const [target, ref] of [
      ["tag", `${registryHost()}/nginx:latest`],
      ["digest", `${registryHost()}/nginx@${digest}`],
    ] as const) {
      await box.getByRole("button", { name: `By ${target}`, exact: true }).click();
      await expect(shown(box)).toHaveText(form.text(ref, "nginx"));
      await box.getByRole("button", { name: `Copy ${form.copies} by ${target}` }).click();
      await expect.poll(clipboard).toBe(form.text(ref, "nginx"));
    }
  });
}

test("the tabs follow the keyboard: arrows, Home and End move and select, Tab reaches the copy button", async ({ page }) => {
  test.slow(); // six forms, each copied
  const digest = await digestOf("acme/tools/cli", "latest");
  const ref = `${registryHost()}/acme/tools/cli@${digest}`;
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await openRepository(page, "/acme/tools/cli");
  const box = pullBox(page);
  const tab = (name: string) => box.getByRole("tab", { name, exact: true });

  await box.getByRole("button", { name: "By digest", exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(box.getByRole("button", { name: "By digest", exact: true })).toHaveAttribute("aria-pressed", "true");

  await tab("docker").focus();
  for (const [index, form] of FORMS.entries()) {
    if (index > 0) await page.keyboard.press("ArrowRight");
    await expect(tab(form.tab)).toBeFocused();
    await expect(tab(form.tab)).toHaveAttribute("aria-selected", "true");
    // Out of the tablist (one stop), past the tag/digest choice, to the shown panel's copy button.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    await expect(box.getByRole("button", { name: `Copy ${form.copies} by digest` })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect.poll(clipboard).toBe(form.text(ref, "cli"));
    await tab(form.tab).focus();
  }
  await page.keyboard.press("ArrowRight");
  await expect(tab("docker")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(tab("Compose")).toBeFocused();
  await page.keyboard.press("Home");
  await expect(tab("docker")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("End");
  await expect(tab("Compose")).toHaveAttribute("aria-selected", "true");
  await expect(shown(box)).toHaveText(FORMS[5]!.text(ref, "cli"));
});

test("the choice is remembered on reload and on another repository, even before the page hydrates", async ({ page }) => {
  test.slow(); // four page loads
  // The remembered choice differs from what the server rendered: hydration must still match.
  // (Images in the About page point at hosts the test machine cannot resolve.)
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  const cli = `${registryHost()}/acme/tools/cli@${await digestOf("acme/tools/cli", "latest")}`;
  const nginx = `${registryHost()}/nginx@${await digestOf("nginx", "latest")}`;
  const kubernetes = FORMS[4]!;
  await openRepository(page, "/library/nginx");
  const box = pullBox(page);
  await box.getByRole("tab", { name: "Kubernetes" }).click();
  await box.getByRole("button", { name: "By digest", exact: true }).click();
  await expect(shown(box)).toHaveText(kubernetes.text(nginx, "nginx"));

  await page.reload();
  await expect(box.locator('[data-pull-tabs="ready"]')).toBeAttached();
  await expect(box.getByRole("tab", { selected: true })).toHaveText("Kubernetes");
  await expect(shown(box)).toHaveText(kubernetes.text(nginx, "nginx"));

  await openRepository(page, "/acme/tools/cli");
  await expect(box.getByRole("tab", { selected: true })).toHaveText("Kubernetes");
  await expect(box.getByRole("button", { name: "By digest", exact: true })).toHaveAttribute("aria-pressed", "true");
  await box.getByRole("button", { name: "Copy Kubernetes Deployment by digest" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(kubernetes.text(cli, "cli"));

  expect(errors).toEqual([]);

  // Without the app's JavaScript, the inline script alone shows the remembered choice.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto("/acme/tools/cli");
  await expect(box.getByRole("tab", { selected: true })).toHaveText("Kubernetes");
  await expect(shown(box)).toHaveText(kubernetes.text(cli, "cli"));
  await expect(box.locator('[data-pull-tabs="ready"]')).not.toBeAttached();
});

test("the publisher's default tag is the one the pull box shows and the one labelled in the tags tab", async ({ page }) => {
  // A Helm chart: its box has helm's commands (tests/e2e/attachments.spec.ts), for the default tag.
  await page.goto("/acme/charts/webapp?tab=tags");
  await expect(page.getByRole("region", { name: "Helm commands" }).getByTestId("helm-command").first()).toHaveText(
    `helm pull oci://${registryHost()}/acme/charts/webapp --version 1.2.0`,
  );
  await expect(page.getByTestId("default-tag")).toHaveCount(1);
  await expect(page.locator('tr[data-tag="1.2.0"]').getByTestId("default-tag")).toHaveText("default");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the docker commands show by tag and by digest, and nothing else", async ({ page }) => {
    const digest = await digestOf("nginx", "latest");
    await page.goto("/library/nginx");
    const box = pullBox(page);
    const tablist = box.locator('[role="tablist"]');
    await expect(tablist).toBeAttached();
    await expect(tablist).toBeHidden();
    await expect(shown(box)).toHaveText([
      `docker pull ${registryHost()}/nginx:latest`,
      `docker pull ${registryHost()}/nginx@${digest}`,
    ]);
    for (const label of ["By tag", "By digest"]) {
      await expect(box.getByText(label, { exact: true }).filter({ visible: true })).toHaveCount(1);
    }
  });
});
