/**
 * Galleon as the registry's token server, end to end: the real registry in
 * token mode, Galleon's token endpoint, skopeo as the client, and the indexer
 * reading with its service credential and receiving the registry's events.
 */
import { execFile } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { EventProcessor } from "@/indexer/events/processor";
import { type EventsReceiver, startEventsReceiver } from "@/indexer/events/receiver";
import { createLogger } from "@/indexer/log";
import { type Indexer, reconcile } from "@/indexer/reconcile";
import type { Authentication } from "@/lib/auth/principal.server";
import { activateSigningKey, libtrustKeyId, retirePreviousKey, stageSigningKey } from "@/lib/auth/registry-keys.server";
import { storeEvents } from "@/lib/catalog/events";
import { RegistryClient } from "@/lib/registry";
import { RegistryAuthError } from "@/lib/registry/errors";
import { MANIFEST_ACCEPT } from "@/lib/registry/media-types";
import { EmbeddedSearchEngine } from "@/lib/search";
import { changeVisibility } from "@/lib/publisher/repository-editing.server";
import { createApiToken } from "@/lib/publisher/tokens.server";
import { freePort, type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { seedCatalog } from "@/scripts/seed/catalog";
import { type SeedReport, seedRegistry } from "@/scripts/seed/registry";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { authenticationOf } from "./support/principals";
import { startTokenEndpoint, type TokenEndpoint } from "./support/token-endpoint";

const run = promisify(execFile);
const EVENTS_SECRET = "token-test-events-secret-0123";
const INDEXER = { username: "galleon-indexer", password: "indexer-service-credential-0123456789" };
const log = createLogger("test", "error");

let catalog: TestCatalog;
let keysDir: string;
let workDir: string;
let endpoint: TokenEndpoint;
let registry: RegistryHandle;
let eventsPort: number;
let receiver: EventsReceiver;
let indexer: Indexer;
let processor: EventProcessor;
let seeded: SeedReport;
/** An image on disk (skopeo's dir: format), to push anywhere. */
let imageDir: string;
/** API token secrets of acme, by what they are for. */
const tokens = {} as Record<"acmeRead" | "acmeWrite" | "revoked" | "expired" | "formerMember", string>;

function startTokenRegistry(storageDir?: string) {
  return startRegistry({
    storageDir,
    token: { realm: endpoint.realm, keysDir },
    notifications: { url: `http://127.0.0.1:${eventsPort}/events`, secret: EVENTS_SECRET },
  });
}

beforeAll(async () => {
  catalog = createTestCatalog();
  workDir = mkdtempSync(path.join(tmpdir(), "galleon-token-test-"));
  keysDir = path.join(workDir, "keys");
  // What the web app reads: the token endpoint below is its route handler.
  Object.assign(process.env, {
    DATABASE_URL: catalog.url,
    GALLEON_REGISTRY_TOKEN_KEYS: keysDir,
    GALLEON_REGISTRY_USERNAME: INDEXER.username,
    GALLEON_REGISTRY_PASSWORD: INDEXER.password,
  });
  await seedCatalog(catalog.db);
  endpoint = await startTokenEndpoint();
  eventsPort = await freePort();
  registry = await startTokenRegistry(path.join(workDir, "storage"));
  // The operator's pushes: tokens signed with the key on this server.
  seeded = await seedRegistry(registry.url);

  const search = new EmbeddedSearchEngine(path.join(workDir, "search.db"));
  await search.setup();
  const client = new RegistryClient({ url: registry.url, timeoutMs: 5000, ...INDEXER });
  indexer = assembleIndexer({ db: catalog.db, registry: client, search, log });
  processor = new EventProcessor(indexer);
  await reconcile(indexer);
  receiver = await startEventsReceiver({
    host: "127.0.0.1",
    port: eventsPort,
    secret: EVENTS_SECRET,
    log,
    store: async (events) => {
      await storeEvents(catalog.db, events);
      void processor.drain();
    },
  });

  const owner = await authenticationOf(catalog.db, "owner@acme.test");
  const acme = owner.principal.kind === "user" ? owner.principal.memberships[0]!.publisherId : 0;
  const mint = async (auth: Authentication, scope: "READ" | "WRITE", name: string) =>
    (await createApiToken(catalog.db, auth, acme, { name, scope, namespaces: [], expiresInDays: 30 })).secret;
  tokens.acmeRead = await mint(owner, "READ", "read");
  tokens.acmeWrite = await mint(owner, "WRITE", "write");
  tokens.revoked = await mint(owner, "READ", "revoked");
  tokens.expired = await mint(owner, "READ", "expired");
  await catalog.db.apiToken.update({ where: { id: await idOf("revoked") }, data: { revokedAt: new Date() } });
  await catalog.db.apiToken.update({ where: { id: await idOf("expired") }, data: { expiresAt: new Date(Date.now() - 1000) } });
  // An owner who leaves: the tokens they made stop working.
  const leaver = await catalog.db.user.create({ data: { email: "leaver@acme.test" } });
  await catalog.db.membership.create({ data: { userId: leaver.id, publisherId: acme, role: "OWNER" } });
  tokens.formerMember = await mint(await authenticationOf(catalog.db, "leaver@acme.test"), "WRITE", "leaver's");
  await catalog.db.membership.delete({ where: { userId_publisherId: { userId: leaver.id, publisherId: acme } } });

  imageDir = path.join(workDir, "image");
  await skopeo(["copy", "--src-no-creds", `docker://${registry.host}/alpine:latest`, `dir:${imageDir}`]);
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await processor?.drain();
  await indexer?.search.close();
  await registry?.stop();
  await endpoint?.close();
  await catalog?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

async function idOf(name: string): Promise<number> {
  return (await catalog.db.apiToken.findFirstOrThrow({ where: { name } })).id;
}

/** Runs skopeo with no stored credentials and no signature policy; rejects with its stderr. */
async function skopeo(args: string[]): Promise<string> {
  const [command, ...rest] = args;
  const tls = command === "copy" ? ["--src-tls-verify=false", "--dest-tls-verify=false"] : ["--tls-verify=false"];
  const { stdout } = await run("skopeo", ["--insecure-policy", command!, ...tls, ...rest], {
    env: { ...process.env, REGISTRY_AUTH_FILE: path.join(workDir, "no-auth.json"), HOME: workDir },
    timeout: 60_000,
  });
  return stdout;
}

/** skopeo's error for a command, without its time and with `names` replaced, to compare refusals. */
async function failure(args: string[], ...names: string[]): Promise<string> {
  const error = await skopeo(args).then(
    () => null,
    (e: { stderr?: string }) => e,
  );
  expect(error, `skopeo ${args.join(" ")} should fail`).not.toBeNull();
  const message = (error!.stderr ?? "").replace(/^time="[^"]*" /gm, "");
  return names.reduce((text, name) => text.replaceAll(name, "NAME"), message);
}

const pull = (reference: string, creds?: string) =>
  skopeo(["copy", ...(creds ? ["--src-creds", creds] : ["--src-no-creds"]), `docker://${registry.host}/${reference}`, `dir:${mkdtempSync(path.join(workDir, "pull-"))}`]);
const push = (reference: string, creds?: string) =>
  skopeo(["copy", ...(creds ? ["--dest-creds", creds] : ["--dest-no-creds"]), `dir:${imageDir}`, `docker://${registry.host}/${reference}`]);

/** GET on the token endpoint; the JWT's claims when one is issued. */
async function tokenFor(params: Record<string, string | string[]>, init: RequestInit = {}) {
  const url = new URL(endpoint.realm);
  for (const [name, value] of Object.entries(params)) for (const v of [value].flat()) url.searchParams.append(name, v);
  const response = await fetch(url, init);
  const body = (await response.json()) as Record<string, unknown>;
  const claims = typeof body.token === "string" ? JSON.parse(Buffer.from(body.token.split(".")[1]!, "base64url").toString()) : null;
  return { response, body, claims };
}
const basic = (username: string, password: string) => ({
  headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` },
});
const SERVICE = "galleon-registry";

describe("anonymous", () => {
  it("pulls every public repository", async () => {
    const publicPaths = (await catalog.db.repository.findMany({ where: { visibility: "PUBLIC" }, select: { path: true } })).map((r) => r.path);
    const pulled = Object.keys(seeded).filter((p) => publicPaths.includes(p));
    expect(pulled.length).toBeGreaterThan(5);
    for (const repository of pulled) await pull(`${repository}:${Object.keys(seeded[repository]!)[0]}`);
  });

  it("is refused a private repository exactly as a name that never existed", async () => {
    const secret = await failure(["inspect", "--no-creds", `docker://${registry.host}/acme/secret-billing:latest`], "acme/secret-billing");
    const missing = await failure(["inspect", "--no-creds", `docker://${registry.host}/acme/never-existed:latest`], "acme/never-existed");
    expect(secret).toBe(missing);
    expect(secret).toMatch(/unauthorized|authentication required/i);
  });

  it("pushes nowhere", async () => {
    for (const reference of ["alpine:evil", "acme/tools/cli:evil", "acme/brand-new:v1", "unowned/thing:v1"]) {
      await failure(["copy", "--dest-no-creds", `dir:${imageDir}`, `docker://${registry.host}/${reference}`]);
    }
  });
});

describe("API tokens", () => {
  it("READ pulls its namespaces' private repositories, pushes nothing, and is anonymous elsewhere", async () => {
    const creds = `ci:${tokens.acmeRead}`;
    await pull("acme/secret-billing:1.0.0", creds);
    await pull("nginx:latest", creds); // public elsewhere
    await failure(["copy", "--dest-creds", creds, `dir:${imageDir}`, `docker://${registry.host}/acme/tools/cli:read-push`]);
    await failure(["inspect", "--creds", creds, `docker://${registry.host}/nimbus/internal-tools:latest`]);
    const used = await catalog.db.apiToken.findUniqueOrThrow({ where: { id: await idOf("read") } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });

  it("WRITE pushes to its namespaces, new repositories included, and the tag reaches the gallery", async () => {
    const creds = `ci:${tokens.acmeWrite}`;
    await push("acme/pushed-by-token:v1", creds);
    await pull("acme/pushed-by-token:v1", creds);
    for (const reference of ["nimbus/inference-server:evil", "alpine:evil", "unowned/thing:v1"]) {
      await failure(["copy", "--dest-creds", creds, `dir:${imageDir}`, `docker://${registry.host}/${reference}`]);
    }
    await expect.poll(
      async () => (await catalog.db.tag.findMany({ where: { repository: { path: "acme/pushed-by-token" } } })).map((t) => t.name),
      { timeout: 15_000 },
    ).toEqual(["v1"]);
  });

  it("revoked, expired and former members' tokens fail", async () => {
    // Each under a user name of its own: failures are throttled per account.
    for (const [user, secret] of Object.entries({ revoked: tokens.revoked, expired: tokens.expired, leaver: tokens.formerMember })) {
      await failure(["inspect", "--creds", `${user}:${secret}`, `docker://${registry.host}/acme/secret-billing:latest`]);
      const { response } = await tokenFor({ service: SERVICE, scope: "repository:nginx:pull" }, basic(user, secret));
      expect(response.status).toBe(401);
    }
  });

  it("an account password is refused with a hint to use an API token", async () => {
    const { response, body } = await tokenFor({ service: SERVICE }, basic("owner@acme.test", "owner-password-demo"));
    expect(response.status).toBe(401);
    expect(body.details).toMatch(/API token \(glt_…\)/);
    // skopeo prints only "invalid username/password"; the Docker CLI prints `details`.
    await failure(["login", "-u", "owner@acme.test", "-p", "owner-password-demo", registry.host]);
  });

  it("offers the OAuth2 form: password grant with a refresh token, then the refresh_token grant", async () => {
    const form = (fields: Record<string, string>) =>
      fetch(endpoint.realm, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const scope = "repository:acme/secret-billing:pull,push";
    const first = await form({ grant_type: "password", username: "ci", password: tokens.acmeWrite, service: SERVICE, scope, access_type: "offline", client_id: "test" });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    const again = await form({ grant_type: "refresh_token", refresh_token: first.body.refresh_token!, service: SERVICE, scope, client_id: "test" });
    expect(again.status).toBe(200);
    const claims = JSON.parse(Buffer.from(again.body.access_token!.split(".")[1]!, "base64url").toString());
    expect(claims.access).toEqual([{ type: "repository", name: "acme/secret-billing", actions: ["pull", "push"] }]);
    expect((await form({ grant_type: "client_credentials", service: SERVICE })).status).toBe(400);
  });
});

describe("the token endpoint", () => {
  it("leaves ungranted scopes out and says nothing of existence", async () => {
    const { response, claims, body } = await tokenFor({
      service: SERVICE,
      scope: ["repository:nginx:pull,push,delete", "repository:acme/secret-billing:pull", "repository:acme/nothing:pull", "registry:catalog:*"],
    });
    expect(response.status).toBe(200);
    expect(body.expires_in).toBe(300);
    expect(claims.access).toEqual([{ type: "repository", name: "nginx", actions: ["pull"] }]);
    expect(claims.exp - claims.iat).toBe(300);
  });

  it("answers 400 for an unknown service, a malformed scope and an oversized request", async () => {
    expect((await tokenFor({ service: "other" })).response.status).toBe(400);
    const malformed = await tokenFor({ service: SERVICE, scope: "repository:../etc:pull" });
    expect(malformed.response.status).toBe(400);
    expect(malformed.body.error).toMatch(/malformed repository name/);
    const long = await tokenFor({ service: SERVICE, scope: `repository:${"a".repeat(10_000)}:pull` });
    expect(long.response.status).toBe(400);
    expect(long.body.error).toMatch(/at most 512 characters/);
    const oversized = await fetch(endpoint.realm, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", service: SERVICE, scope: "x".repeat(20_000) }),
    });
    expect(oversized.status).toBe(400);
    expect(((await oversized.json()) as { error: string }).error).toMatch(/larger than 16384 bytes/);
  });

  it("refuses a new anonymous token at once when a repository is made private", async () => {
    const admin = await authenticationOf(catalog.db, "admin@galleon.test");
    await changeVisibility({ db: catalog.db, auth: admin, search: null }, "redis", "PRIVATE");
    try {
      expect((await tokenFor({ service: SERVICE, scope: "repository:redis:pull" })).claims.access).toEqual([]);
      await failure(["inspect", "--no-creds", `docker://${registry.host}/redis:latest`]);
    } finally {
      await changeVisibility({ db: catalog.db, auth: admin, search: null }, "redis", "PUBLIC");
    }
    await pull("redis:latest");
  });

  it("throttles failed credentials with Retry-After", async () => {
    const from = (address: string) => ({ headers: { ...basic("mallory", "glt_guess").headers, "x-forwarded-for": address } });
    for (let i = 0; i < 5; i++) expect((await tokenFor({ service: SERVICE }, from("203.0.113.7"))).response.status).toBe(401);
    const throttled = await tokenFor({ service: SERVICE }, from("203.0.113.7"));
    expect(throttled.response.status).toBe(429);
    expect(Number(throttled.response.headers.get("retry-after"))).toBeGreaterThan(0);
    // The account is throttled from anywhere.
    expect((await tokenFor({ service: SERVICE }, from("198.51.100.1"))).response.status).toBe(429);
  });
});

describe("the registry", () => {
  it("lists its catalog only to the indexer's credential", async () => {
    const listed: string[] = [];
    for await (const repository of new RegistryClient({ url: registry.url, ...INDEXER }).listRepositories()) listed.push(repository);
    expect(listed).toEqual(expect.arrayContaining(["acme/secret-billing", "nginx"]));
    await expect(new RegistryClient({ url: registry.url }).listRepositories().next()).rejects.toThrow(RegistryAuthError);
    const publisher = new RegistryClient({ url: registry.url, username: "ci", password: tokens.acmeWrite });
    await expect(publisher.listRepositories().next()).rejects.toThrow(RegistryAuthError);
  });

  it("rejects a tampered token and one signed by another key", async () => {
    const manifest = (token: string) =>
      fetch(`${registry.url}/v2/acme/secret-billing/manifests/latest`, { headers: { authorization: `Bearer ${token}`, accept: MANIFEST_ACCEPT } }).then(
        async (r) => (await r.body?.cancel(), r.status),
      );
    const { body } = await tokenFor({ service: SERVICE, scope: "repository:nginx:pull" });
    const [header, payload, signature] = (body.token as string).split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, access: [{ type: "repository", name: "acme/secret-billing", actions: ["pull"] }] })).toString("base64url");
    expect(await manifest(`${header}.${tampered}.${signature}`)).toBe(401);

    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const forge = (kid: string) => {
      const input = `${Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256", kid })).toString("base64url")}.${tampered}`;
      return `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
    };
    const ourKid = JSON.parse(Buffer.from(header, "base64url").toString()).kid as string;
    expect(await manifest(forge(ourKid))).toBe(401);
    expect(await manifest(forge(libtrustKeyId(publicKey)))).toBe(401);
  });

  it("rotates keys with two certificates in the bundle during the overlap", async () => {
    const status = (token: string) =>
      fetch(`${registry.url}/v2/nginx/manifests/latest`, { headers: { authorization: `Bearer ${token}`, accept: MANIFEST_ACCEPT } }).then(
        async (r) => (await r.body?.cancel(), r.status),
      );
    const anonymousToken = async () => (await tokenFor({ service: SERVICE, scope: "repository:nginx:pull" })).body.token as string;
    const storage = registry.storageDir;
    const restart = async () => {
      await registry.stop();
      registry = await startTokenRegistry(storage);
    };
    const before = await anonymousToken();
    stageSigningKey(keysDir);
    expect(readFileSync(path.join(keysDir, "bundle.pem"), "utf8").match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    await restart();
    activateSigningKey(keysDir);
    const after = await anonymousToken();
    // Both keys are trusted during the overlap.
    expect(await status(before)).toBe(200);
    expect(await status(after)).toBe(200);
    retirePreviousKey(keysDir);
    expect(readFileSync(path.join(keysDir, "bundle.pem"), "utf8").match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    await restart();
    expect(await status(before)).toBe(401);
    expect(await status(after)).toBe(200);
    await pull("nginx:latest");
  });
});
