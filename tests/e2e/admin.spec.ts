/**
 * The admin page on the running stack: the operator creates a publisher,
 * gives it a namespace, invites a member and grants a badge that search then
 * shows; to everyone else the page and its API do not exist.
 */
import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { pushImage } from "../support/images";
import { expect, INDEXED_WITHIN, test } from "./fixtures";
import { signInAs } from "./sessions";

test.describe.configure({ timeout: 180_000 });

test("the admin creates a publisher, assigns it a namespace, invites a member and grants a badge search shows", async ({
  page,
  context,
  request,
}) => {
  const publisher = "Harbor Works";
  const namespace = "harbor-works";
  const repository = `${namespace}/dock`;
  await signInAs(context, "admin@galleon.test");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administration");

  await page.getByLabel("New publisher's name").fill(publisher);
  await page.getByRole("button", { name: "Create publisher" }).click();
  const created = page.getByRole("status").filter({ hasText: `Created publisher "${publisher}"` });
  await expect(created).toBeVisible();
  const id = /\(id (\d+)\)/.exec((await created.textContent())!)![1];
  const card = page.getByRole("article", { name: publisher });
  await expect(card).toContainText("namespaces: none yet");

  await page.getByLabel("Namespace", { exact: true }).fill(namespace);
  await page.getByRole("combobox", { name: "Publisher", exact: true }).selectOption({ label: `${publisher} (id ${id})` });
  await page.getByRole("button", { name: "Assign namespace" }).click();
  await expect(page.getByRole("status").filter({ hasText: `"${namespace}" now belongs to ${publisher}` })).toBeVisible();
  await expect(card).toContainText(`namespaces: ${namespace}`);

  // A reserved gallery path is refused with the reason, next to the form.
  await page.getByLabel("Namespace", { exact: true }).fill("console");
  await page.getByRole("button", { name: "Assign namespace" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "reserved" })).toBeVisible();

  await card.getByLabel("Email").fill("deckhand@harbor.example");
  await card.getByLabel("Role").selectOption("EDITOR");
  await card.getByRole("button", { name: "Invite" }).click();
  const link = card.getByRole("textbox", { name: "Invitation link" });
  await expect(link).toHaveValue(new RegExp(`^${process.env.GALLEON_E2E_URL}/auth/invitations/[\\w-]{43}$`));
  await expect(card).toContainText("Invited, not yet accepted: deckhand@harbor.example (EDITOR");

  // A public repository of the namespace, in the registry and in search, without a badge yet.
  const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
  await saveRepository(db, repository, { visibility: "PUBLIC", shortDescription: "Moorings for containers" });
  await db.$disconnect();
  await pushImage(process.env.GALLEON_E2E_REGISTRY_URL!, repository, "latest");
  const search = async (params: string) =>
    (await (await request.get(`/api/v1/search?namespace=${namespace}${params}`)).json()).hits.map((h: { fullName: string }) => h.fullName);
  await expect.poll(() => search(""), INDEXED_WITHIN).toEqual([repository]);
  expect(await search("&verified=true")).toEqual([]);

  await card.getByRole("button", { name: "Grant verified" }).click();
  await expect(card.getByRole("status").filter({ hasText: `${publisher} now has the verified badge` })).toBeVisible();
  await expect(card.getByText("✓ Verified publisher")).toBeVisible();
  await expect(card.getByRole("button", { name: "Revoke verified" })).toBeVisible();
  await expect.poll(() => search("&verified=true"), INDEXED_WITHIN).toEqual([repository]);
});

test("to an owner and to visitors the admin page and API answer 404", async ({ page, context }) => {
  const anonymous = await page.goto("/admin");
  expect(anonymous?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  const csrfToken = await signInAs(context, "owner@acme.test");
  const signedIn = await page.goto("/admin");
  expect(signedIn?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("Administration")).toHaveCount(0);

  // The page's request context carries the session cookie.
  const response = await page.request.post("/api/v1/admin/publishers", {
    headers: { "x-csrf-token": csrfToken },
    data: { displayName: "Owner's own" },
  });
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ error: "not found" });
});
