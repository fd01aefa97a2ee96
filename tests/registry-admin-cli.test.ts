/**
 * The operator's registry-access commands, run as the real `galleon` CLI
 * against a migrated catalog: tokens, visibility, namespace settings and key
 * rotation, audited as the operator. (Tokens at the registry itself:
 * registry-token.test.ts.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueRegistryToken, registryTokenSettings } from "@/lib/auth/registry-token.server";
import { seedCatalog } from "@/scripts/seed/catalog";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

const run = promisify(execFile);
let catalog: TestCatalog;
let keysDir: string;

beforeAll(async () => {
  catalog = createTestCatalog();
  await seedCatalog(catalog.db);
  keysDir = mkdtempSync(path.join(tmpdir(), "galleon-cli-keys-"));
}, 60_000);
afterAll(async () => {
  await catalog?.dispose();
  rmSync(keysDir, { recursive: true, force: true });
});

/** Runs `galleon …`; resolves with its exit code and output, whatever the code. */
function galleon(...args: string[]) {
  return run(process.execPath, ["scripts/galleon/bin.mjs", ...args], {
    env: { ...process.env, DATABASE_URL: catalog.url, GALLEON_REGISTRY_TOKEN_KEYS: keysDir },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/** What the token server grants these credentials for a push to acme/new-app, or its refusal. */
async function pushGrant(password: string) {
  const settings = { ...registryTokenSettings({ ...process.env, GALLEON_REGISTRY_TOKEN_KEYS: keysDir }), indexer: null };
  const outcome = await issueRegistryToken(catalog.db, settings, {
    service: settings.service,
    scopes: ["repository:acme/new-app:pull,push"],
    credentials: { username: "ci", password },
    refreshToken: null,
    offline: false,
    clientAddress: "192.0.2.1",
  });
  if (outcome.status !== 200) return outcome.status;
  return JSON.parse(Buffer.from(outcome.body.token.split(".")[1]!, "base64url").toString()).access;
}

const OPERATOR = `operator ${userInfo().username} (cli)`;
const lastAudit = () => catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

describe("galleon admin token", () => {
  it("creates a token printed once, lists it without its secret, and revokes it", async () => {
    const created = await galleon("admin", "token", "create", "--publisher", "acme", "--scope", "write", "--name", "deploy", "--namespace", "acme");
    expect(created.stderr).toBe("");
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^glt_[\w-]{43}$/);
    expect(await pushGrant(secret)).toEqual([{ type: "repository", name: "acme/new-app", actions: ["pull", "push"] }]);
    expect((await lastAudit()).actor).toBe(OPERATOR);

    const listed = await galleon("admin", "token", "list", "--publisher", "acme");
    expect(listed.stdout).toMatch(/\tdeploy\tglt_\S+…\tWRITE\tacme\tactive\t/);
    expect(listed.stdout).toMatch(/last used 20\d\d-/);
    expect(listed.stdout).not.toContain(secret);

    const id = listed.stdout.split("\t")[0]!;
    expect((await galleon("admin", "token", "revoke", id)).stdout.trim()).toBe(`token ${id} revoked`);
    expect(await pushGrant(secret)).toBe(401);
    expect((await galleon("admin", "token", "list", "--publisher", "acme")).stdout).toMatch(/\tdeploy\t.*\trevoked\t/);
  });

  it("refuses a bad scope, a foreign namespace and an unowned publisher with a clear message", async () => {
    const scope = await galleon("admin", "token", "create", "--publisher", "acme", "--scope", "ADMIN", "--name", "x");
    expect(scope.code).toBe(2);
    expect(scope.stderr).toMatch(/--scope is READ or WRITE/);
    const foreign = await galleon("admin", "token", "create", "--publisher", "acme", "--scope", "READ", "--name", "x", "--namespace", "nimbus");
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/not a namespace of this publisher: nimbus/);
    const unowned = await galleon("admin", "token", "list", "--publisher", "scratch");
    expect(unowned.stderr).toMatch(/no publisher owns the namespace "scratch"/);
  });
});

describe("galleon admin repository visibility and namespace settings", () => {
  it("make a repository private and public again, audited as the operator", async () => {
    expect((await galleon("admin", "repository", "visibility", "nginx", "private")).stdout.trim()).toBe("nginx is now private");
    expect((await catalog.db.repository.findUniqueOrThrow({ where: { path: "nginx" } })).visibility).toBe("PRIVATE");
    expect(await lastAudit()).toMatchObject({ actor: OPERATOR, via: "cli", action: "repository.visibility", target: "nginx" });
    await galleon("admin", "repository", "visibility", "nginx", "public");
    expect((await catalog.db.repository.findUniqueOrThrow({ where: { path: "nginx" } })).visibility).toBe("PUBLIC");
    expect((await galleon("admin", "repository", "visibility", "nginx", "hidden")).code).toBe(2);
  });

  it("set whether a namespace's new repositories start public", async () => {
    const set = await galleon("admin", "namespace", "settings", "nimbus", "--new-repositories", "public");
    expect(set.stdout.trim()).toBe("new repositories in nimbus start public");
    expect((await catalog.db.namespace.findUniqueOrThrow({ where: { name: "nimbus" } })).newRepositoriesPublic).toBe(true);
    expect(await lastAudit()).toMatchObject({ actor: OPERATOR, action: "namespace.settings", target: "nimbus" });
  });
});

describe("galleon admin registry-key", () => {
  it("shows, stages, activates and retires a key: two certificates trusted in between", async () => {
    const keyIds = (output: string) => output.split("\n").slice(1).filter(Boolean);
    const first = keyIds((await galleon("admin", "registry-key", "show")).stdout);
    expect(first).toHaveLength(1);
    const staged = keyIds((await galleon("admin", "registry-key", "stage")).stdout);
    expect(staged).toEqual([first[0], expect.any(String)]);
    const activated = keyIds((await galleon("admin", "registry-key", "activate")).stdout);
    expect(activated).toEqual([staged[1], staged[0]]);
    const retired = keyIds((await galleon("admin", "registry-key", "retire")).stdout);
    expect(retired).toEqual([staged[1]]);
    const again = await galleon("admin", "registry-key", "activate");
    expect(again.stderr).toMatch(/no staged key/);
  });
});
