/**
 * Signing in and out in the real browser: the password form, CSRF refusals,
 * throttling, OpenID Connect against a real provider (global setup starts
 * oidc-provider), and invitation links. Accounts that these tests lock out
 * or create are their own, so specs running alongside are not affected.
 */
import { randomUUID } from "node:crypto";
import { type Page, request as playwrightRequest } from "@playwright/test";
import { createInvitation } from "@/lib/auth/invitations.server";
import { LOGIN_LIMITS } from "@/lib/auth/throttle.server";
import { createUser } from "@/lib/auth/users.server";
import { OIDC_ACCOUNTS } from "../support/oidc-provider";
import { expect, test } from "./fixtures";
import { signInAs, withCatalog } from "./sessions";

const SESSION_COOKIE = "galleon_session";

// Several page loads and password hashes each, on machines shared with other builds.
test.describe.configure({ timeout: 90_000 });

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

const signedInAs = (page: Page) => page.getByTestId("signed-in-as");
// Within main: Next's route announcer is an alert too.
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test("signs in with the form, back to the page it came from, with a HttpOnly SameSite=Lax cookie", async ({ page, context }) => {
  await page.goto("/acme");
  await page.getByRole("link", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in$/);

  await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent("/acme")}`);
  await fillSignIn(page, "owner@acme.test", "not the password");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue("owner@acme.test");

  await page.getByLabel("Password").fill("owner-password-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/acme$/);
  await expect(signedInAs(page)).toHaveText("owner@acme.test");
  await expect(page.getByRole("link", { name: "Console" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);

  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
});

test("refuses a return address on another site", async ({ page }) => {
  const email = `return-${randomUUID()}@e2e.test`;
  await withCatalog((db) => createUser(db, { email, password: "return-password-e2e" }));
  await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent("//evil.example/")}`);
  await fillSignIn(page, email, "return-password-e2e");
  // The default, the console; never the other site.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/console$/);
});

test("shows Admin to the site admin", async ({ page, context }) => {
  await signInAs(context, "admin@galleon.test");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Admin" })).toBeVisible();
});

test("signing out revokes the session on the server, not only in the browser", async ({ page, context, baseURL }) => {
  await signInAs(context, "owner@nimbus.test");
  await page.goto("/");
  const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  const replay = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${session.value}` } });
  const replayedEmail = async () => /data-testid="signed-in-as">([^<]*)</.exec(await (await replay.get("/")).text())?.[1];
  expect(await replayedEmail()).toBe("owner@nimbus.test");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  expect(await replayedEmail()).toBeUndefined();
  await replay.dispose();
});

test("refuses posts without the CSRF token or from another origin, and changes nothing", async ({ page, context, baseURL }) => {
  const csrfToken = await signInAs(context, "editor@acme.test");
  await page.goto("/");
  const refused = await page.request.post("/auth/sign-out", { form: {} });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("nothing was changed");
  const foreign = await page.request.post("/auth/sign-out", { form: { csrf: csrfToken }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  await page.reload();
  await expect(signedInAs(page)).toHaveText("editor@acme.test");

  // Login CSRF: an anonymous form posted without its token does not sign anyone in.
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const signIn = await anonymous.post("/auth/sign-in/password", {
    form: { email: "owner@acme.test", password: "owner-password-demo", returnTo: "/" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(403);
  expect(signIn.headers()["set-cookie"] ?? "").not.toContain(SESSION_COOKIE);
  await anonymous.dispose();
});

test("throttles repeated wrong passwords with 429 and Retry-After, even before a right one", async ({ page }) => {
  const email = `throttled-${randomUUID()}@e2e.test`;
  await withCatalog((db) => createUser(db, { email, password: "throttled-password-e2e" }));
  await page.goto("/auth/sign-in");
  for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
    await fillSignIn(page, email, `wrong password ${i}`);
    await expect(formAlert(page)).toHaveText("Wrong email or password.");
  }
  const answer = page.waitForResponse((r) => r.url().endsWith("/auth/sign-in/password"));
  await fillSignIn(page, email, "throttled-password-e2e");
  const response = await answer;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("alert")).toContainText("Too many failed sign-ins");
  await expect(signedInAs(page)).toHaveCount(0);
});

test("sign-up is closed unless GALLEON_SIGNUP=on", async ({ page }) => {
  expect((await page.goto("/auth/sign-up"))?.status()).toBe(404);
  expect((await page.request.post("/auth/sign-up/account", { form: { email: "x@e2e.test", password: "long enough password" } })).status()).toBe(404);
  await page.goto("/auth/sign-in");
  await expect(page.getByRole("link", { name: "Create one" })).toHaveCount(0);
});

/** Clicks "Sign in with Test ID" and goes through the provider's login and consent pages as `login`. */
async function signInWithProvider(page: Page, login: string) {
  await page.getByRole("button", { name: "Sign in with Test ID" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("signs in through the OpenID Connect provider, linking the account with the verified email", async ({ page }) => {
  await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent("/nimbus")}`);
  await signInWithProvider(page, "acme-editor");
  await expect(page).toHaveURL(/\/nimbus$/);
  await expect(signedInAs(page)).toHaveText(OIDC_ACCOUNTS["acme-editor"].email);
  const linked = await withCatalog((db) =>
    db.externalIdentity.findMany({ where: { subject: "acme-editor" }, include: { user: { select: { email: true } } } }),
  );
  expect(linked.map((identity) => identity.user.email)).toEqual([OIDC_ACCOUNTS["acme-editor"].email]);
});

test("refuses a provider identity that has no account, storing nothing", async ({ page }) => {
  await page.goto("/auth/sign-in");
  await signInWithProvider(page, "stranger");
  await expect(page).toHaveURL(/\/auth\/sign-in\?/);
  await expect(formAlert(page)).toContainText("There is no Galleon account for this identity");
  await expect(signedInAs(page)).toHaveCount(0);
  expect(await withCatalog((db) => db.user.count({ where: { email: OIDC_ACCOUNTS.stranger.email } }))).toBe(0);
});

test("shows the provider's refusal when the sign-in is cancelled there", async ({ page }) => {
  await page.goto("/auth/sign-in");
  await page.getByRole("button", { name: "Sign in with Test ID" }).click();
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(formAlert(page)).toHaveText("Test ID did not sign you in: access was denied or cancelled.");
  await expect(signedInAs(page)).toHaveCount(0);
});

async function inviteToAcme(email: string, role: "OWNER" | "EDITOR") {
  return withCatalog(async (db) => {
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } });
    return { ...(await createInvitation(db, { publisherId: acme.publisherId!, email, role })), publisherId: acme.publisherId! };
  });
}

test("an invitation creates its account with a password, and is used up", async ({ page }) => {
  const email = `invited-${randomUUID()}@e2e.test`;
  const invitation = await inviteToAcme(email, "EDITOR");
  await page.goto(`/auth/invitations/${invitation.token}`);
  await expect(page.getByText(`Acme Corp invites ${email} to join as an editor.`)).toBeVisible();
  await page.getByLabel(/Password/).fill("short");
  await page.getByLabel(/Password/).evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(formAlert(page)).toContainText("A password needs 12");

  await page.getByLabel(/Password/).fill("invited-password-e2e");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/console$/);
  await page.goto("/");
  await expect(signedInAs(page)).toHaveText(email);
  const memberships = await withCatalog((db) => db.membership.findMany({ where: { user: { email } } }));
  expect(memberships).toEqual([expect.objectContaining({ publisherId: invitation.publisherId, role: "EDITOR" })]);

  await page.goto(`/auth/invitations/${invitation.token}`);
  await expect(formAlert(page)).toContainText("no longer valid");
});

test("an invitation is accepted by the account signed in with its email", async ({ page, context }) => {
  const email = `member-${randomUUID()}@e2e.test`;
  await withCatalog((db) => createUser(db, { email, password: "member-password-e2e" }));
  const invitation = await inviteToAcme(email, "OWNER");
  await signInAs(context, email);
  await page.goto(`/auth/invitations/${invitation.token}`);
  await expect(page.getByText("to join as an owner")).toBeVisible();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(/\/console$/);
  const memberships = await withCatalog((db) => db.membership.findMany({ where: { user: { email } } }));
  expect(memberships).toEqual([expect.objectContaining({ publisherId: invitation.publisherId, role: "OWNER" })]);
});
