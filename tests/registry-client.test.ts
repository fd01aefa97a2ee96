/**
 * The registry client against the real CNCF Distribution registry: every
 * seeded format read as the seed report says, discovery, broken content,
 * a registry that is down or hung, and token and Basic auth.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CatalogDiscovery,
  MAX_CHILDREN,
  MAX_MANIFEST_BYTES,
  ManifestError,
  NotFoundError,
  RegistryAuthError,
  RegistryClient,
  RegistryTimeoutError,
  RegistryUnavailableError,
  StaticDiscovery,
  createDiscovery,
  type ManifestErrorReason,
} from "@/lib/registry";
import { parseChallenges } from "@/lib/registry/auth";
import { readCapped } from "@/lib/registry/http";
import { startRegistry, type RegistryHandle } from "@/scripts/registry/harness";
import {
  deleteBlob,
  deleteManifest,
} from "@/scripts/seed/oci";
import type { Descriptor } from "@/lib/registry/manifest";
import { seedRegistry, type SeedReport } from "@/scripts/seed/registry";
import { pushImage, pushIndex } from "./support/images";
import { startTokenServer, type TokenServer } from "./support/token-server";

/** Where distribution's filesystem driver keeps a blob's (or manifest's) bytes. */
function blobData(storageDir: string, digest: string): string {
  const hex = digest.slice("sha256:".length);
  return join(storageDir, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
}

async function manifestError(promise: Promise<unknown>): Promise<ManifestErrorReason> {
  const error = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return (error as ManifestError).reason;
}

describe("a seeded registry", () => {
  let registry: RegistryHandle;
  let report: SeedReport;
  let client: RegistryClient;
  const tags = () =>
    Object.entries(report).flatMap(([repository, byTag]) =>
      Object.values(byTag).map((tag) => ({ repository, ...tag })),
    );

  beforeAll(async () => {
    registry = await startRegistry();
    report = await seedRegistry(registry.url);
    client = new RegistryClient({ url: registry.url });
  });
  afterAll(() => registry?.stop());

  it("seeds every kind of manifest", () => {
    const kinds = new Set(tags().map((tag) => tag.kind));
    expect([...kinds].sort()).toEqual(
      ["artifact", "docker-manifest-list", "docker-schema1", "docker-schema2", "oci-image", "oci-index"].sort(),
    );
  });

  it("resolves every tag exactly as the seed report says", async () => {
    for (const { repository, ...expected } of tags()) {
      const resolved = await client.resolveTag(repository, expected.tag);
      expect(resolved, `${repository}:${expected.tag}`).toEqual(expected);
      expect(resolved.platforms.filter((p) => p.os === "unknown" || p.architecture === "unknown")).toEqual([]);
    }
  });

  it("lists tags sorted", async () => {
    for (const [repository, byTag] of Object.entries(report)) {
      expect(await client.listTags(repository)).toEqual(Object.keys(byTag).sort());
    }
  });

  it("reads digests, types and sizes with HEAD, and manifests by digest", async () => {
    for (const { repository, tag, digest, mediaType } of tags()) {
      const head = await client.headManifest(repository, tag);
      const byDigest = await client.getManifest(repository, digest);
      expect(head).toEqual({ digest, mediaType, size: byDigest.bytes.length });
      expect(byDigest).toMatchObject({ digest, mediaType });
    }
    expect(await client.headManifest("alpine", "no-such-tag")).toBeNull();
  });

  it("discovers every seeded repository through the catalog, page by page", async () => {
    const listed: string[] = [];
    for await (const repository of new CatalogDiscovery(client, 2).listRepositories()) listed.push(repository);
    // Other tests push more repositories into this registry.
    expect(listed).toEqual(expect.arrayContaining(Object.keys(report)));
    expect(new Set(listed).size).toBe(listed.length);
    await expect(client.listRepositories(1001).next()).rejects.toThrow(RangeError);
  });

  it("reports unknown repositories and tags as NotFoundError", async () => {
    await expect(client.listTags("no/such-repository")).rejects.toThrow(NotFoundError);
    await expect(client.resolveTag("no/such-repository", "latest")).rejects.toThrow(NotFoundError);
    await expect(client.resolveTag("alpine", "no-such-tag")).rejects.toThrow(/alpine:no-such-tag: not found/);
    const missing = `sha256:${"0".repeat(64)}`;
    await expect(client.getManifest("alpine", missing)).rejects.toThrow(`alpine@${missing}: not found`);
  });

  it("reports a config blob that was deleted as missing-blob", async () => {
    const { config } = await pushImage(registry.url, "broken/no-config", "v1");
    await deleteBlob(registry.url, "broken/no-config", config.descriptor.digest);
    expect(await manifestError(client.resolveTag("broken/no-config", "v1"))).toBe("missing-blob");
  });

  it("reports a child manifest that was deleted as missing-blob", async () => {
    const { manifest } = await pushImage(registry.url, "broken/no-child", "child");
    const entry = { ...manifest.descriptor, platform: { os: "linux", architecture: "amd64" } };
    await pushIndex(registry.url, "broken/no-child", "v1", [entry]);
    await deleteManifest(registry.url, "broken/no-child", manifest.descriptor.digest);
    expect(await manifestError(client.resolveTag("broken/no-child", "v1"))).toBe("missing-blob");
  });

  it("reports a manifest of an unusable shape as malformed", async () => {
    // Distribution accepts an index entry without platform.architecture; the OCI spec requires it.
    const { manifest } = await pushImage(registry.url, "broken/shape", "child");
    await pushIndex(registry.url, "broken/shape", "v1", [
      { ...manifest.descriptor, platform: { os: "linux" } as Descriptor["platform"] },
    ]);
    expect(await manifestError(client.resolveTag("broken/shape", "v1"))).toBe("malformed");
  });

  it("reads a manifest of almost 4 MiB, and refuses a blob over its cap", async () => {
    // Distribution 2.8 neither stores (PUT: 400) nor serves (GET: 500) a manifest over 4 MiB,
    // so the cap is exercised on a config blob; both go through the same capped reader.
    const { config } = await pushImage(registry.url, "big/annotated", "v1", {
      padding: "x".repeat(MAX_MANIFEST_BYTES - 2048),
    });
    const resolved = await client.resolveTag("big/annotated", "v1");
    expect(resolved.annotations.padding).toHaveLength(MAX_MANIFEST_BYTES - 2048);
    const { digest, size } = config.descriptor;
    expect(await client.getBlobJson("big/annotated", digest, size)).toMatchObject({ os: "linux" });
    expect(await manifestError(client.getBlobJson("big/annotated", digest, size - 1))).toBe("too-large");
  });

  it("detects bytes that do not match their digest", async () => {
    const { manifest } = await pushImage(registry.url, "broken/tampered", "v1", { note: "original" });
    const path = blobData(registry.storageDir, manifest.descriptor.digest);
    writeFileSync(path, readFileSync(path, "utf8").replace('"original"', '"tampered"'));
    expect(await manifestError(client.getManifest("broken/tampered", "v1"))).toBe("digest-mismatch");
    expect(await manifestError(client.getManifest("broken/tampered", manifest.descriptor.digest))).toBe(
      "digest-mismatch",
    );
    expect(await manifestError(client.resolveTag("broken/tampered", "v1"))).toBe("digest-mismatch");
  });

  it("refuses an index with more children than it follows", async () => {
    const { manifest } = await pushImage(registry.url, "broken/crowded", "child");
    const entry = { ...manifest.descriptor, platform: { os: "linux", architecture: "amd64" } };
    await pushIndex(registry.url, "broken/crowded", "v1", Array.from({ length: MAX_CHILDREN + 1 }, () => entry));
    expect(await manifestError(client.resolveTag("broken/crowded", "v1"))).toBe("too-many-children");
  });

  it("follows nested indexes, to a bound", async () => {
    const repository = "nested/app";
    const { manifest } = await pushImage(registry.url, repository, "child");
    let entry: Descriptor = { ...manifest.descriptor, platform: { os: "linux", architecture: "amd64" } };
    for (let depth = 1; depth <= 4; depth++) {
      entry = (await pushIndex(registry.url, repository, `depth-${depth}`, [entry])).descriptor;
    }
    const twoLevels = await client.resolveTag(repository, "depth-2");
    expect(twoLevels.platforms).toEqual([
      expect.objectContaining({ os: "linux", architecture: "amd64", digest: manifest.descriptor.digest }),
    ]);
    expect(await manifestError(client.resolveTag(repository, "depth-4"))).toBe("too-deep");
  });
});

describe("a registry that is down or hung", () => {
  let registry: RegistryHandle;

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry?.stop());

  it("times out on a hung registry within the configured timeout", async () => {
    const client = new RegistryClient({ url: registry.url, timeoutMs: 500, retries: 0 });
    registry.pause();
    try {
      const started = Date.now();
      await expect(client.listTags("any/repository")).rejects.toThrow(RegistryTimeoutError);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      registry.resume();
    }
  });

  it("gives up with RegistryUnavailableError after its retries", async () => {
    await registry.stop();
    const client = new RegistryClient({ url: registry.url, retries: 2 });
    const error = await client.listTags("any/repository").catch((error: unknown) => error);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).not.toBeInstanceOf(RegistryTimeoutError);
    expect(String(error)).toMatch(/after 3 attempts: connect ECONNREFUSED/);
  });
});

/**
 * A registry with `auth` over a storage holding public/app and private/app:
 * pushed through an open registry first, as the push helpers send no credentials.
 */
async function protectedRegistry(auth: Record<string, unknown>) {
  const storageDir = mkdtempSync(join(tmpdir(), "galleon-auth-storage-"));
  const open = await startRegistry({ storageDir });
  try {
    for (const repository of ["public/app", "private/app"]) await pushImage(open.url, repository, "v1");
  } finally {
    await open.stop();
  }
  const registry = await startRegistry({ storageDir, auth });
  return {
    registry,
    stop: async () => {
      await registry.stop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

describe("token auth", () => {
  let tokens: TokenServer;
  let target: Awaited<ReturnType<typeof protectedRegistry>>;
  const credentials = { username: "admin", password: "s3cret, with a comma" };

  beforeAll(async () => {
    tokens = await startTokenServer({
      issuer: "galleon-test-issuer",
      service: "galleon-test-registry",
      ...credentials,
    });
    target = await protectedRegistry(tokens.registryAuth);
  });
  afterAll(async () => {
    await target?.stop();
    await tokens?.close();
  });

  it("pulls a public repository anonymously, with one token per scope", async () => {
    const client = new RegistryClient({ url: target.registry.url });
    const before = tokens.requests();
    const resolved = await client.resolveTag("public/app", "v1");
    expect(resolved.platforms).toEqual([expect.objectContaining({ os: "linux", architecture: "amd64" })]);
    expect(await client.listTags("public/app")).toEqual(["v1"]);
    expect(await client.headManifest("public/app", "v1")).toMatchObject({ digest: resolved.digest });
    expect(tokens.requests() - before).toBe(1);
  });

  it("refuses a restricted repository to anonymous users", async () => {
    const client = new RegistryClient({ url: target.registry.url });
    const error = await client.resolveTag("private/app", "v1").catch((error: unknown) => error);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(String(error)).toContain("private/app:v1");
    await expect(client.listRepositories().next()).rejects.toThrow(RegistryAuthError);
  });

  it("pulls anything, catalog included, with credentials", async () => {
    const client = new RegistryClient({ url: target.registry.url, ...credentials });
    expect((await client.resolveTag("private/app", "v1")).kind).toBe("oci-image");
    const listed: string[] = [];
    for await (const repository of client.listRepositories()) listed.push(repository);
    expect(listed).toEqual(["private/app", "public/app"]);
  });

  it("reports credentials the token server refuses", async () => {
    const client = new RegistryClient({ url: target.registry.url, ...credentials, password: "wrong" });
    await expect(client.listTags("public/app")).rejects.toThrow(/token server .* refused: HTTP 401/);
  });
});

describe("Basic auth", () => {
  let target: Awaited<ReturnType<typeof protectedRegistry>>;
  let htpasswdDir: string;

  beforeAll(async () => {
    htpasswdDir = mkdtempSync(join(tmpdir(), "galleon-htpasswd-"));
    const path = join(htpasswdDir, "htpasswd");
    // bcrypt (cost 4, to keep requests fast) of "s3cret pass".
    writeFileSync(path, "tester:$2b$04$B1z8QLU2OGwvS89rrcp70uzBrebtq.CnV0xeic9CS8pjiAMSGSYW.\n");
    target = await protectedRegistry({ htpasswd: { realm: "galleon-test", path } });
  });
  afterAll(async () => {
    await target?.stop();
    rmSync(htpasswdDir, { recursive: true, force: true });
  });

  it("answers a Basic challenge with the configured credentials", async () => {
    const client = new RegistryClient({ url: target.registry.url, username: "tester", password: "s3cret pass" });
    expect(await client.listTags("private/app")).toEqual(["v1"]);
    expect((await client.resolveTag("private/app", "v1")).kind).toBe("oci-image");
  });

  it("reports missing or wrong credentials", async () => {
    const anonymous = new RegistryClient({ url: target.registry.url });
    await expect(anonymous.listTags("public/app")).rejects.toThrow(/requires credentials/);
    const wrong = new RegistryClient({ url: target.registry.url, username: "tester", password: "nope" });
    await expect(wrong.listTags("public/app")).rejects.toThrow(RegistryAuthError);
  });
});

describe("parseChallenges", () => {
  it("reads quoted values holding commas and escapes, and several challenges", () => {
    const header =
      'Bearer realm="https://auth.example.com/token?a=1,b=2",service="registry.example.com",' +
      'scope="repository:acme/app:pull,push",error="insufficient_scope", Basic realm="say \\"hi\\""';
    expect(parseChallenges(header)).toEqual([
      {
        scheme: "bearer",
        params: {
          realm: "https://auth.example.com/token?a=1,b=2",
          service: "registry.example.com",
          scope: "repository:acme/app:pull,push",
          error: "insufficient_scope",
        },
      },
      { scheme: "basic", params: { realm: 'say "hi"' } },
    ]);
  });
});

describe("readCapped", () => {
  it("stops reading a body without Content-Length once it passes the cap", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readCapped(new Response(endless), 10_000, 1_000)).toBeNull();
    expect(pulled).toBeLessThan(20_000);
    expect(await readCapped(new Response("{}"), 2, 1_000)).toEqual(Buffer.from("{}"));
  });
});

describe("createDiscovery", () => {
  const client = new RegistryClient({ url: "http://127.0.0.1:9" });

  it("chooses by GALLEON_DISCOVERY and GALLEON_REPOSITORIES", async () => {
    expect(createDiscovery(client, {})).toBeInstanceOf(CatalogDiscovery);
    const fixed = createDiscovery(client, { GALLEON_REPOSITORIES: " a/b, c ,a/b," });
    expect(fixed).toBeInstanceOf(StaticDiscovery);
    const listed: string[] = [];
    for await (const repository of fixed.listRepositories()) listed.push(repository);
    expect(listed).toEqual(["a/b", "c"]);
    expect(createDiscovery(client, { GALLEON_DISCOVERY: "catalog", GALLEON_REPOSITORIES: "a" })).toBeInstanceOf(
      CatalogDiscovery,
    );
    expect(() => createDiscovery(client, { GALLEON_DISCOVERY: "static" })).toThrow(/GALLEON_REPOSITORIES/);
    expect(() => createDiscovery(client, { GALLEON_DISCOVERY: "ecr" })).toThrow(/catalog" or "static/);
  });
});
