/**
 * The console as a publisher uses it, in a real browser against the real
 * stack: repositories pushed to the registry, listed by the indexer, edited,
 * published and hidden again, logos and API tokens.
 *
 * Every test pushes its own repository into "acme-console", a namespace this
 * spec gives to the seeded Acme publisher: other specs count the public
 * repositories of "acme", which these tests make public for a while.
 */
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { createCatalog } from "@/lib/catalog/database.server";
import { pushImage } from "../support/images";
import { SAMPLE_ACCOUNTS } from "@/scripts/seed/samples";
import { INDEXED_WITHIN } from "./fixtures";
import { signInAs } from "./sessions";

const NAMESPACE = "acme-console";
const OWNER = "owner@acme.test";
const EDITOR = "editor@acme.test";

test.describe.configure({ timeout: 120_000 });

function e2eCatalog() {
  return createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
}

test.beforeAll(async () => {
  const db = e2eCatalog();
  try {
    const { publisherId } = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } });
    await db.namespace.upsert({ where: { name: NAMESPACE }, create: { name: NAMESPACE, publisherId }, update: { publisherId } });
  } finally {
    await db.$disconnect();
  }
});

/** Pushes a repository of its own for the test; returns its name ("acme-console/<name>"). */
async function pushRepository(label: string): Promise<string> {
  const path = `${NAMESPACE}/${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  await pushImage(process.env.GALLEON_E2E_REGISTRY_URL!, path, "latest");
  return path;
}

/**
 * Signs `context` in (through the sign-in form when `withForm`, as a
 * publisher would) and waits until the console lists `repository` (new
 * repositories start private).
 */
async function openConsole(context: BrowserContext, email: string, repository: string, withForm = false): Promise<Page> {
  if (!withForm) await signInAs(context, email);
  const page = await context.newPage();
  if (withForm) {
    await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent("/console")}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(SAMPLE_ACCOUNTS.find((account) => account.email === email)!.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/console$/);
  }
  const row = page.getByTestId("console-repository").filter({ hasText: repository });
  await expect(async () => {
    await page.goto("/console");
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass(INDEXED_WITHIN);
  await expect(row).toContainText("Private");
  return page;
}

async function openEditor(page: Page, repository: string): Promise<void> {
  await page.goto(`/console/repositories/${repository}`);
  await expect(page.locator("[data-ready]")).toBeAttached();
}

const visibilitySwitch = (page: Page) => page.getByRole("switch", { name: "Public" });

async function setPublic(page: Page, visible: boolean): Promise<void> {
  const toggle = visibilitySwitch(page);
  if ((await toggle.getAttribute("aria-checked")) !== String(visible)) await toggle.click();
  await expect(page.getByText(visible ? "The repository is public." : "The repository is private.")).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-checked", String(visible));
}

async function searchHits(page: Page, q: string): Promise<string[]> {
  const body = await (await page.request.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
  return body.hits.map((hit: { fullName: string }) => hit.fullName);
}

test("a publisher edits About with a live preview, publishes, hides and republishes a repository", async ({ context }) => {
  const repository = await pushRepository("journey");
  const name = repository.split("/")[1]!;
  const page = await openConsole(context, OWNER, repository, true);
  await page.getByRole("link", { name: repository }).click();
  await expect(page.locator("[data-ready]")).toBeAttached();

  const about = "## Ports\n\n| Port | Use |\n| --- | --- |\n| 8080 | HTTP |\n\n```sh\ndocker run --rm app\n```\n";
  await page.getByLabel("About (Markdown)").fill(about);
  await expect(page.getByText(`${about.length} / 25,600 characters`)).toBeVisible();
  const preview = page.getByTestId("preview-about");
  await expect(preview.locator("table td").first()).toHaveText("8080");
  await expect(preview.locator("pre code")).toHaveText("docker run --rm app");
  await page.getByLabel("Short description").fill("Made in the console spec");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await setPublic(page, true);
  const publicPage = await context.newPage();
  await publicPage.goto(`/${repository}`);
  await expect(publicPage.getByTestId("tab-about").locator("table td").first()).toHaveText("8080");
  await expect(publicPage.getByTestId("tab-about").locator("pre code")).toHaveText("docker run --rm app");
  // The indexer publishes it to search from the queued CatalogChange.
  await expect.poll(() => searchHits(page, name), INDEXED_WITHIN).toContain(repository);

  await setPublic(page, false);
  // The web app removed the document before answering: no waiting for the indexer.
  expect(await searchHits(page, name)).not.toContain(repository);
  await publicPage.goto(`/search?q=${name}`);
  await expect(publicPage.locator("main")).not.toContainText(repository);
  expect((await publicPage.goto(`/${repository}`))!.status()).toBe(404);
  expect((await page.request.get(`/api/v1/repositories/${repository}`)).status()).toBe(404);
  expect(await (await page.request.get("/sitemap.xml")).text()).not.toContain(repository);
  expect((await page.request.get(`/feeds/${repository}.atom`)).status()).toBe(404);

  await setPublic(page, true);
  expect((await publicPage.goto(`/${repository}`))!.status()).toBe(200);
  await expect.poll(() => searchHits(page, name), INDEXED_WITHIN).toContain(repository);
});

test("a save based on an older revision is refused and the text is kept", async ({ browser }) => {
  const repository = await pushRepository("conflict");
  const ownerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  const ownerPage = await openConsole(ownerContext, OWNER, repository);
  const editorPage = await openConsole(editorContext, EDITOR, repository);
  await openEditor(ownerPage, repository);
  await openEditor(editorPage, repository);
  // Editors may edit, not publish.
  await expect(visibilitySwitch(editorPage)).toBeDisabled();
  await expect(editorPage.getByText("Only the publisher's owners can change visibility.")).toBeVisible();

  await ownerPage.getByLabel("Short description").fill("The owner's words");
  await ownerPage.getByRole("button", { name: "Save" }).click();
  await expect(ownerPage.getByText("Saved.")).toBeVisible();

  const editorText = "The editor's words, written at the same time";
  await editorPage.getByLabel("Short description").fill(editorText);
  await editorPage.getByRole("button", { name: "Save" }).click();
  await expect(editorPage.getByRole("main").getByRole("alert")).toContainText("Someone else saved this repository after you opened it");
  await expect(editorPage.getByLabel("Short description")).toHaveValue(editorText);

  await editorPage.getByRole("button", { name: "Reload their version" }).click();
  await expect(editorPage.getByLabel("Short description")).toHaveValue("The owner's words");
  await ownerContext.close();
  await editorContext.close();
});

test("a bad logo is refused next to the field; a good one shows on the public page", async ({ context, request }) => {
  const repository = await pushRepository("logo");
  const page = await openConsole(context, OWNER, repository);
  await openEditor(page, repository);
  const logoInput = page.getByLabel("Logo", { exact: true });

  await logoInput.setInputFiles({
    name: "logo.svg",
    mimeType: "image/svg+xml",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"/>'),
  });
  await expect(logoInput).toHaveAccessibleDescription(/SVG logos are not accepted/);

  const png = await sharp({ create: { width: 96, height: 96, channels: 4, background: "#0369a1" } }).png().toBuffer();
  await logoInput.setInputFiles({ name: "logo.jpg", mimeType: "image/jpeg", buffer: png });
  await expect(logoInput).toHaveAccessibleDescription(/a PNG image but was sent as image\/jpeg/);

  await logoInput.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await expect(page.getByText("Logo uploaded.")).toBeVisible();
  await setPublic(page, true);

  await page.goto(`/${repository}`);
  const logo = page.locator(`header img[src^="/logos/${repository}?v="]`);
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  const served = await page.request.get((await logo.getAttribute("src"))!);
  expect(served.headers()).toMatchObject({ "content-type": "image/webp", "x-content-type-options": "nosniff" });

  expect((await request.get(`/logos/${repository}`)).status()).toBe(200);

  await openEditor(page, repository);
  await setPublic(page, false);
  // Not to the public any more; its owner still sees it in the console.
  expect((await request.get(`/logos/${repository}`)).status()).toBe(404);
  expect((await page.request.get(`/logos/${repository}`)).status()).toBe(200);
});

test("an API token is shown once, edits through the API, and stops working when revoked", async ({ context, request }) => {
  const repository = await pushRepository("token");
  const page = await openConsole(context, OWNER, repository);
  await page.getByRole("link", { name: "Manage" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Corp" })).toBeVisible();
  await expect(page.locator("[data-ready]")).toBeAttached();

  const tokenName = `spec-${Date.now().toString(36)}`;
  await page.getByRole("textbox", { name: "Name" }).fill(tokenName);
  await page.getByRole("combobox", { name: "Scope" }).selectOption("WRITE");
  await page.getByRole("checkbox", { name: NAMESPACE }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent())!;
  expect(secret).toMatch(/^glt_/);
  const row = page.getByTestId("token-row").filter({ hasText: tokenName });
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row).toContainText(NAMESPACE);

  await page.reload();
  await expect(page.getByTestId("token-row").filter({ hasText: tokenName })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);

  const save = (shortDescription: string) =>
    request.put(`/api/v1/repositories/${repository}/catalog-data`, {
      headers: { authorization: `Bearer ${secret}` },
      data: { shortDescription },
    });
  const saved = await save("Written with a token");
  expect(saved.status()).toBe(200);
  expect(await saved.json()).toMatchObject({ repository, shortDescription: "Written with a token" });
  await page.reload();
  const audited = page.getByTestId("audit-entry").filter({ hasText: `token "${tokenName}"` }).filter({ hasText: repository });
  await expect(audited).toContainText("repository.catalog-data");
  await expect(audited.getByRole("cell", { name: "api", exact: true })).toBeVisible();

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("token-row").filter({ hasText: tokenName }).getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByTestId("token-row").filter({ hasText: tokenName })).toContainText("Revoked");
  expect((await save("After revoking")).status()).toBe(401);
});
