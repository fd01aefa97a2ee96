/**
 * The registry in token mode as users meet it: public pages' pull commands
 * work with no login; the console's token page and a private repository's
 * page give the `docker login` and pull commands, which work with the token.
 * skopeo stands in for docker (no Docker engine here).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { e2eCatalog, signInAs } from "./sessions";

const run = promisify(execFile);
const INDEXED_WITHIN = { timeout: 60_000 };
test.describe.configure({ timeout: 120_000 });

let home: string;
test.beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), "galleon-e2e-skopeo-"));
});
test.afterAll(() => rmSync(home, { recursive: true, force: true }));

/** skopeo with no stored credentials or signature policy (plain http registry). */
function skopeo(args: string[]) {
  const [command, ...rest] = args;
  const tls = command === "copy" ? ["--src-tls-verify=false", "--dest-tls-verify=false"] : ["--tls-verify=false"];
  return run("skopeo", ["--insecure-policy", command!, ...tls, ...rest], {
    env: { ...process.env, HOME: home, REGISTRY_AUTH_FILE: path.join(home, "auth.json") },
    timeout: 60_000,
  });
}

/** The image reference in a `docker pull <reference>` command. */
function pulledReference(command: string): string {
  const match = /^docker pull (\S+)$/.exec(command.trim());
  expect(match, `a docker pull command: ${command}`).not.toBeNull();
  return match![1]!;
}

/** The docker pull command a public repository page shows, by tag or by digest. */
async function shownPullCommand(page: Page, target: "tag" | "digest"): Promise<string> {
  const box = page.getByRole("region", { name: "Pull command" });
  await expect(box.locator('[data-pull-tabs="ready"]')).toBeAttached();
  await box.getByRole("tab", { name: "docker", exact: true }).click();
  await box.getByRole("button", { name: `By ${target}`, exact: true }).click();
  return (await box.getByTestId("pull-command").filter({ visible: true }).textContent())!;
}

test("every docker pull command of the public pages works with no login", async ({ page }) => {
  for (const repository of ["library/nginx", "library/alpine", "acme/tools/cli", "nimbus/inference-server"]) {
    await page.goto(`/${repository}`);
    for (const target of ["tag", "digest"] as const) {
      const reference = pulledReference(await shownPullCommand(page, target));
      await skopeo(["inspect", "--no-creds", `docker://${reference}`]);
    }
  }
});

test("a token from the console logs in to the registry, pushes, and pulls the private repository its page describes", async ({ context, request }) => {
  const host = process.env.GALLEON_E2E_REGISTRY_HOST!;
  await signInAs(context, "owner@acme.test");
  const db = e2eCatalog();
  const { publisherId } = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } }).finally(() => db.$disconnect());
  const page = await context.newPage();
  await page.goto(`/console/publishers/${publisherId}`);
  await expect(page.locator("[data-ready]")).toBeAttached();
  await page.getByRole("textbox", { name: "Name" }).fill(`registry-${Date.now().toString(36)}`);
  await page.getByRole("combobox", { name: "Scope" }).selectOption("WRITE");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent())!;
  await expect(page.getByText(`docker login ${host} --username token`, { exact: true })).toBeVisible();
  const creds = `token:${secret}`;

  // Pushed with the token into a new repository, which starts private.
  const repository = `acme/registry-e2e-${Date.now().toString(36)}`;
  await skopeo(["copy", "--src-no-creds", "--dest-creds", creds, `docker://${host}/alpine:latest`, `docker://${host}/${repository}:v1`]);
  const commands = page.getByRole("region", { name: "Pull this private repository" });
  await expect(async () => {
    await page.goto(`/console/repositories/${repository}`);
    await expect(commands).toBeVisible({ timeout: 1_000 });
  }).toPass(INDEXED_WITHIN);
  await expect(commands.getByText(`docker login ${host}`, { exact: true })).toBeVisible();
  const pull = commands.getByText(/^docker pull /);
  await expect(pull).toHaveText(`docker pull ${host}/${repository}:v1`);

  const reference = pulledReference((await pull.textContent())!);
  await skopeo(["inspect", "--creds", creds, `docker://${reference}`]);
  await expect(skopeo(["inspect", "--no-creds", `docker://${reference}`])).rejects.toThrow(/unauthorized|authentication required/i);
  // Nor does the public gallery show it.
  expect((await request.get(`/${repository}`)).status()).toBe(404);
});
