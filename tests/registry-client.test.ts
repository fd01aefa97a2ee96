/**
 * The registry client against the real CNCF Distribution registry: every
 * seeded format read as the seed report says, discovery, broken content,
 * a registry that is down or hung, and token and Basic auth.
 */
import { attachedTagSubject } from "@/lib/registry/referrers";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CatalogDiscovery,
  DETAIL_BOUNDS,
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
import { galleonTokenAuth, startRegistry, type RegistryHandle } from "@/scripts/registry/harness";
import {
  blob,
  deleteBlob,
  deleteManifest,
  imageManifest,
  pushBlob,
  pushManifest,
} from "@/scripts/seed/oci";
import { MediaTypes } from "@/lib/registry/media-types";
import type { Descriptor } from "@/lib/registry/manifest";
import { seedRegistry, type SeedReport } from "@/scripts/seed/registry";
import { pushConfiguredImage, pushImage, pushIndex } from "./support/images";
import { NO_DETAILS } from "./support/resolved-tags";
import { saveRepository } from "@/lib/catalog/publishing";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { startTokenEndpoint, type TokenEndpoint } from "./support/token-endpoint";

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
      // The report lists image tags; the signed sample also has its attached (cosign, referrers) tags.
      const listed = await client.listTags(repository);
      expect(listed).toEqual([...listed].sort());
      expect(listed.filter((tag) => attachedTagSubject(tag) === null)).toEqual(Object.keys(byTag).sort());
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

  describe("tag details", () => {
    const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    const step = (created: string, createdBy: string) => ({ created, createdBy, emptyLayer: false, comment: null });

    it("reads every platform's layers, runtime config and history of a multi-arch index", async () => {
      const nginx = await client.resolveTag("nginx", "1.27.3");
      expect(nginx.platforms.map((p) => p.architecture)).toEqual(["amd64", "arm64"]);
      for (const platform of nginx.platforms) {
        expect(platform.details).toMatchObject({
          entrypoint: ["/docker-entrypoint.sh"],
          cmd: ["nginx", "-g", "daemon off;"],
          envNames: ["NGINX_VERSION"],
          exposedPorts: ["80/tcp"],
          workingDir: null,
          user: null,
          labels: { maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>" },
          history: [
            step("2024-11-26T18:42:08Z", "ADD Alpine-minirootfs-3.21.tar.gz / # buildkit"),
            step("2024-11-26T18:42:08Z", "RUN /bin/sh -c apk add --no-cache nginx # buildkit"),
          ],
          truncated: false,
        });
        const { layers } = platform.details;
        expect(layers.map((l) => l.mediaType)).toEqual([OCI_LAYER, OCI_LAYER]);
        // The config blob is the rest of the compressed size.
        expect(layers.reduce((sum, l) => sum + l.size!, 0)).toBeLessThan(platform.compressedSize!);
      }
      // Each platform has its own base layer.
      const [amd64, arm64] = nginx.platforms.map((p) => p.details.layers[0]!.digest);
      expect(amd64).not.toBe(arm64);

      const redis = await client.resolveTag("redis", "7.4.1");
      expect(redis.platforms).toHaveLength(3);
      for (const platform of redis.platforms) {
        expect(platform.details).toMatchObject({ workingDir: "/data", exposedPorts: ["6379/tcp"], envNames: ["REDIS_VERSION"] });
        expect(platform.details.layers.map((l) => l.mediaType)).toEqual([DOCKER_LAYER, DOCKER_LAYER]);
      }
    });

    it("reads a Docker schema2 image's user and environment names", async () => {
      const postgres = await client.resolveTag("postgres", "16.4");
      const [platform] = postgres.platforms;
      expect(platform!.details).toMatchObject({ user: "postgres", envNames: ["PG_VERSION", "PGDATA"], cmd: ["postgres"] });
      expect(platform!.details.layers).toHaveLength(3);
      expect(platform!.details.history.map((h) => h.createdBy)).toEqual([
        "ADD Debian-minirootfs-12.tar.gz / # buildkit",
        "RUN /bin/sh -c apt-get install -y postgresql # buildkit",
        "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
      ]);
      expect(postgres.files).toEqual([]);
    });

    it("derives a schema1 image's details from its v1Compatibility entries and fsLayers", async () => {
      const legacy = await client.resolveTag("acme/legacy-app", "0.9");
      const details = legacy.platforms[0]!.details;
      expect(details).toMatchObject({
        cmd: ["/srv/legacy-app/server"],
        envNames: ["LEGACY_MODE"],
        exposedPorts: ["8080/tcp"],
        history: [
          step("2017-05-04T10:00:00Z", "ADD Debian-minirootfs-12.tar.gz / # buildkit"),
          step("2017-05-04T10:00:00Z", "COPY legacy-app /srv/legacy-app # buildkit"),
        ],
      });
      // Schema1 records no sizes: bottom layer first, as for the other formats.
      expect(details.layers.map((l) => [l.mediaType, l.size])).toEqual([
        [DOCKER_LAYER, null],
        [DOCKER_LAYER, null],
      ]);
      const manifest = (await client.getManifest("acme/legacy-app", "0.9")).manifest as { fsLayers: { blobSum: string }[] };
      expect(details.layers.map((l) => l.digest)).toEqual(manifest.fsLayers.map((l) => l.blobSum).reverse());
    });

    it("lists an artifact's files, named by their title annotation when there is one", async () => {
      const chart = await client.resolveTag("acme/charts/webapp", "1.2.0");
      expect(chart).toMatchObject({ artifactType: "application/vnd.cncf.helm.config.v1+json", platforms: [] });
      expect(chart.files).toEqual([
        {
          digest: expect.stringMatching(/^sha256:/),
          mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
          size: expect.any(Number),
          title: null,
        },
      ]);

      // As `oras push` writes it: each file a layer with its name in the title annotation.
      const repository = "artifacts/sbom";
      const config = blob("application/vnd.oci.empty.v1+json", Buffer.from("{}"));
      const files = [
        blob("application/spdx+json", Buffer.from('{"spdxVersion":"SPDX-2.3"}'), { "org.opencontainers.image.title": "sbom.spdx.json" }),
        blob("text/plain", Buffer.from("no name\n")),
      ];
      for (const b of [config, ...files]) await pushBlob(registry.url, repository, b.bytes);
      const manifest = imageManifest(MediaTypes.ociManifest, config, files, { artifactType: "application/spdx+json" });
      await pushManifest(registry.url, repository, "v1", manifest.bytes, MediaTypes.ociManifest);
      const sbom = await client.resolveTag(repository, "v1");
      expect(sbom.files).toEqual(
        files.map(({ descriptor: { digest, mediaType, size } }, i) => ({
          digest,
          mediaType,
          size,
          title: i === 0 ? "sbom.spdx.json" : null,
        })),
      );
    });

    it("keeps environment variable names and never their values", async () => {
      await pushConfiguredImage(registry.url, "secrets/env", "v1", {
        os: "linux",
        architecture: "amd64",
        config: { Env: ["API_TOKEN=hunter2-do-not-store", "EMPTY=", "PASSTHROUGH", "URL=https://x?a=b=c"] },
      });
      const resolved = await client.resolveTag("secrets/env", "v1");
      expect(resolved.platforms[0]!.details.envNames).toEqual(["API_TOKEN", "EMPTY", "PASSTHROUGH", "URL"]);
      expect(JSON.stringify(resolved)).not.toMatch(/hunter2|https:\/\/x/);
      // Nor from the samples.
      const postgres = await client.resolveTag("postgres", "16.4");
      expect(JSON.stringify(postgres)).not.toContain("/var/lib/postgresql/data");
    });

    it("reads Docker's nulls as settings that are not set", async () => {
      await pushConfiguredImage(registry.url, "docker/nulls", "v1", {
        os: "linux",
        architecture: "amd64",
        config: { Env: null, Entrypoint: null, Cmd: null, ExposedPorts: null, Labels: null, WorkingDir: "", User: "" },
        history: null,
      });
      const { details } = (await client.resolveTag("docker/nulls", "v1")).platforms[0]!;
      expect(details).toEqual({ ...NO_DETAILS, layers: details.layers });
    });

    it("reads a single-string Entrypoint and Cmd as Docker does", async () => {
      await pushConfiguredImage(registry.url, "docker/strings", "v1", {
        os: "linux",
        architecture: "amd64",
        config: { Entrypoint: "/docker-entrypoint.sh", Cmd: "nginx -g 'daemon off;'" },
      });
      const { details } = (await client.resolveTag("docker/strings", "v1")).platforms[0]!;
      expect(details.entrypoint).toEqual(["/docker-entrypoint.sh"]);
      expect(details.cmd).toEqual(["nginx -g 'daemon off;'"]);
    });

    it("bounds what a hostile config and manifest can make it keep", async () => {
      const long = "x".repeat(5000);
      const many = (n: number) => Array.from({ length: n }, (_, i) => i);
      await pushConfiguredImage(
        registry.url,
        "hostile/config",
        "v1",
        {
          os: "linux",
          architecture: "amd64",
          config: {
            Entrypoint: [long],
            Cmd: many(500).map((i) => `arg${i}`),
            Env: many(500).map((i) => `VAR_${i}=value-${i}`),
            ExposedPorts: Object.fromEntries(many(500).map((i) => [`${i}/tcp`, {}])),
            WorkingDir: long,
            User: long,
            Labels: Object.fromEntries(many(300).map((i) => [`label.${i}`, long])),
          },
          history: many(300).map(() => ({ created_by: long, comment: "c".repeat(2000) })),
        },
        300,
      );
      const { details } = (await client.resolveTag("hostile/config", "v1")).platforms[0]!;
      expect(details.truncated).toBe(true);
      expect(details.layers).toHaveLength(DETAIL_BOUNDS.layers);
      expect(details.history).toHaveLength(DETAIL_BOUNDS.history);
      expect(Object.keys(details.labels)).toHaveLength(DETAIL_BOUNDS.labels);
      for (const list of [details.cmd!, details.envNames, details.exposedPorts]) expect(list).toHaveLength(DETAIL_BOUNDS.listEntries);
      const cut = `${"x".repeat(DETAIL_BOUNDS.stringLength)}…`;
      expect([details.entrypoint![0], details.workingDir, details.user, details.history[0]!.createdBy]).toEqual([cut, cut, cut, cut]);
      expect(Object.values(details.labels).every((value) => value === cut)).toBe(true);
      expect(JSON.stringify(details).length).toBeLessThan(1_000_000);
    });

    it("refuses a config whose fields have the wrong types, saying which", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ config: { Env: "PATH=/bin" } }, "config.Env is not an array"],
        [{ config: { Entrypoint: ["/bin/sh", 1] } }, "config.Entrypoint[1] is not a string"],
        [{ config: { ExposedPorts: ["80/tcp"] } }, "config.ExposedPorts is not an object"],
        [{ config: { User: 0 } }, "config.User is not a string"],
        [{ config: { Labels: { a: 1 } } }, "config.Labels.a is not a string"],
        [{ history: {} }, "history is not an array"],
        [{ history: [{ created_by: 5 }] }, "history[0].created_by is not a string"],
        [{ history: [{ empty_layer: "yes" }] }, "history[0].empty_layer is not a boolean"],
      ];
      for (const [i, [fields, message]] of cases.entries()) {
        await pushConfiguredImage(registry.url, "broken/config-types", `case-${i}`, { os: "linux", architecture: "amd64", ...fields });
        const error = await client.resolveTag("broken/config-types", `case-${i}`).catch((error: unknown) => error);
        expect(error).toBeInstanceOf(ManifestError);
        expect((error as ManifestError).reason).toBe("malformed");
        expect((error as Error).message).toContain(message);
      }
    });
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

/** Galleon's own token server: public/app is public, the credentials are the indexer's. */
describe("token auth", () => {
  let tokens: TokenEndpoint;
  let catalog: TestCatalog;
  let keysDir: string;
  let target: Awaited<ReturnType<typeof protectedRegistry>>;
  const credentials = { username: "indexer", password: "s3cret, with a comma" };

  beforeAll(async () => {
    catalog = createTestCatalog();
    await saveRepository(catalog.db, "public/app", { visibility: "PUBLIC" });
    keysDir = mkdtempSync(join(tmpdir(), "galleon-token-keys-"));
    Object.assign(process.env, {
      DATABASE_URL: catalog.url,
      GALLEON_REGISTRY_TOKEN_KEYS: keysDir,
      GALLEON_REGISTRY_USERNAME: credentials.username,
      GALLEON_REGISTRY_PASSWORD: credentials.password,
    });
    tokens = await startTokenEndpoint();
    target = await protectedRegistry(galleonTokenAuth({ realm: tokens.realm, keysDir }));
  });
  afterAll(async () => {
    await target?.stop();
    await tokens?.close();
    await catalog?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
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
    // A password that is neither an API token nor the service credential is refused.
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
