/**
 * The real `galleon` CLI (node scripts/galleon/bin.mjs) against the running
 * web app, with API tokens made for acme the way the console makes them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TokenScope } from "@/lib/auth/policy";
import { loadUserPrincipal } from "@/lib/auth/principal.server";
import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { createApiToken } from "@/lib/publisher/tokens.server";
import { expect, test } from "./fixtures";

const REPOSITORY = "acme/cli-e2e";
test.describe.configure({ timeout: 120_000 });

const catalog = () => createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);

/** An API token of acme, created by its owner as the console would. */
async function acmeToken(scope: TokenScope): Promise<string> {
  const db = catalog();
  try {
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const acme = await db.namespace.findUniqueOrThrow({ where: { name: "acme" } });
    const auth = { principal: (await loadUserPrincipal(db, owner.id))!, via: "console" as const, session: null };
    const { secret } = await createApiToken(db, auth, acme.publisherId!, { name: `cli-e2e ${scope}`, scope, namespaces: [], expiresInDays: 1 });
    return secret;
  } finally {
    await db.$disconnect();
  }
}

/** Runs the CLI; resolves with its exit code and output. */
function galleon(args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/galleon/bin.mjs", ...args], {
      env: { ...process.env, GALLEON_URL: process.env.GALLEON_E2E_URL, GALLEON_TOKEN: undefined, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let about: string;

/** A repository of acme of our own (never a seeded one: other specs read those). */
async function createRepository(repository: string, visibility: "PUBLIC" | "PRIVATE") {
  const db = catalog();
  await saveRepository(db, repository, { visibility, shortDescription: "Before the CLI" });
  await db.$disconnect();
}

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "galleon-cli-e2e-"));
  about = path.join(dir, "README.md");
  writeFileSync(about, "# CLI e2e\n\nWritten by `galleon catalog put`.\n");
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("catalog put with a WRITE token saves the About file, which the publisher API then shows, audited as the cli", async ({
  request,
}) => {
  // Private, so that the public gallery (whose counts other specs check) never shows it.
  await createRepository(REPOSITORY, "PRIVATE");
  const token = await acmeToken("WRITE");

  const put = await galleon(["catalog", "put", REPOSITORY, "--about", about, "--description", "Described by the CLI", "--categories", "developer-tools"], {
    GALLEON_TOKEN: token,
  });
  expect(put.stderr).toBe("");
  expect(put.code).toBe(0);
  expect(put.stdout).toMatch(new RegExp(`^Saved ${REPOSITORY}: revision \\d+, private\\.`));

  const shown = await request.get(`/api/v1/repositories/${REPOSITORY}/catalog-data`, { headers: { authorization: `Bearer ${token}` } });
  expect(shown.status()).toBe(200);
  expect(await shown.json()).toMatchObject({
    repository: REPOSITORY,
    about: expect.stringContaining("Written by `galleon catalog put`."),
    shortDescription: "Described by the CLI",
    categories: ["developer-tools"],
  });
  expect((await request.get(`/api/v1/repositories/${REPOSITORY}`)).status()).toBe(404);

  const get = await galleon(["catalog", "get", REPOSITORY], { GALLEON_TOKEN: token });
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ repository: REPOSITORY, visibility: "PRIVATE", shortDescription: "Described by the CLI" });

  const db = catalog();
  const entry = await db.auditEntry.findFirstOrThrow({ where: { target: REPOSITORY, action: "repository.catalog-data" }, orderBy: { id: "desc" } });
  await db.$disconnect();
  expect(entry).toMatchObject({ via: "cli", actor: expect.stringContaining('token "cli-e2e WRITE"') });

  // A stale revision is refused with the server's conflict message, and nothing is saved.
  const stale = await galleon(["catalog", "put", REPOSITORY, "--description", "Stale", "--if-revision", "1"], { GALLEON_TOKEN: token });
  expect(stale.code).not.toBe(0);
  expect(stale.stderr).toContain("conflict (409)");
  const after = await galleon(["catalog", "get", REPOSITORY], { GALLEON_TOKEN: token });
  expect(JSON.parse(after.stdout).shortDescription).toBe("Described by the CLI");
});

test("a READ token is refused with the server's 403 message and a failing exit code", async () => {
  const repository = `${REPOSITORY}-read`;
  await createRepository(repository, "PRIVATE");
  const token = await acmeToken("READ");
  const put = await galleon(["catalog", "put", repository, "--description", "Not allowed"], { GALLEON_TOKEN: token });
  expect(put.code).not.toBe(0);
  expect(put.stderr).toContain("refused (403): you are not allowed to edit this repository's catalog data");
  expect(put.stdout).toBe("");
  // It may read, though: the same token gets the catalog data, which is unchanged.
  const get = await galleon(["catalog", "get", repository], { GALLEON_TOKEN: token });
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ repository, visibility: "PRIVATE", shortDescription: "Before the CLI" });
});

test("without a token, or with a file over the limit, it says what is wrong and sends nothing", async () => {
  const none = await galleon(["catalog", "put", REPOSITORY, "--about", about], {});
  expect(none.code).not.toBe(0);
  expect(none.stderr).toContain("no API token: set GALLEON_TOKEN");

  const big = path.join(dir, "BIG.md");
  writeFileSync(big, "x".repeat(30_000));
  const tooBig = await galleon(["catalog", "put", REPOSITORY, "--about", big], { GALLEON_TOKEN: "glt_unused" });
  expect(tooBig.code).not.toBe(0);
  expect(tooBig.stderr).toContain("has 30000 characters: --about takes at most 25600");

  const unknown = await galleon(["catalog", "put", REPOSITORY, "--about", path.join(dir, "missing.md")], { GALLEON_TOKEN: "glt_unused" });
  expect(unknown.stderr).toContain("no such file");
  expect(unknown.code).not.toBe(0);

  const revoked = await galleon(["catalog", "get", REPOSITORY], { GALLEON_TOKEN: "glt_not-a-real-token" });
  expect(revoked.code).not.toBe(0);
  expect(revoked.stderr).toContain("not signed in (401)");
});
