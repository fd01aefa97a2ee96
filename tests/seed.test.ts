/**
 * The registry harness and the sample images, against the real docker-registry.
 */
import { attachedTagSubject } from "@/lib/registry/referrers";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRegistry, type RegistryHandle } from "@/scripts/registry/harness";
import { MANIFEST_ACCEPT, MediaTypes } from "@/lib/registry/media-types";
import { sha256 } from "@/scripts/seed/oci";
import { seedRegistry, type SeedReport } from "@/scripts/seed/registry";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import { SAMPLE_PUBLISHERS, SAMPLE_REPOSITORIES } from "@/scripts/seed/samples";

/** Alive and not a zombie (an orphan's zombie may linger if nobody reaps it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function getManifest(registry: RegistryHandle, repository: string, reference: string): Promise<Response> {
  return fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
}

interface RegistryEvent {
  action: string;
  target: {
    repository: string;
    tag?: string;
    digest: string;
    mediaType: string;
    references?: Array<{ digest: string }>;
  };
}

interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: { events: RegistryEvent[] };
}

describe("seeded registry", () => {
  const secret = "test-events-secret";
  const posts: ReceivedPost[] = [];
  let receiver: Server;
  let registry: RegistryHandle;
  let report: SeedReport;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        posts.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as { port: number };
    registry = await startRegistry({ notifications: { url: `http://127.0.0.1:${port}/events`, secret } });
    report = await seedRegistry(registry.url);
  });

  afterAll(async () => {
    await registry?.stop();
    receiver?.close();
  });

  it("reports every sample repository and tag", () => {
    expect(Object.keys(report)).toEqual(SAMPLE_REPOSITORIES.map((r) => r.path));
    for (const repository of SAMPLE_REPOSITORIES) {
      const tags = repository.manifests.flatMap((m) => m.tags);
      expect(Object.keys(report[repository.path]!).sort()).toEqual([...tags].sort());
    }
  });

  it("serves every tag with the reported digest and media type", async () => {
    const catalog = (await (await fetch(`${registry.url}/v2/_catalog`)).json()) as { repositories: string[] };
    expect(catalog.repositories.sort()).toEqual(Object.keys(report).sort());
    for (const [path, tags] of Object.entries(report)) {
      const listed = (await (await fetch(`${registry.url}/v2/${path}/tags/list`)).json()) as { tags: string[] };
      // Image tags; the signed sample's attached tags are not in the report.
      expect(listed.tags.filter((tag) => attachedTagSubject(tag) === null).sort()).toEqual(Object.keys(tags).sort());
      for (const [tag, resolved] of Object.entries(tags)) {
        const response = await getManifest(registry, path, tag);
        expect(response.status, `${path}:${tag}`).toBe(200);
        expect(response.headers.get("Docker-Content-Digest")).toBe(resolved.digest);
        expect(response.headers.get("Content-Type")).toBe(resolved.mediaType);
        const body = Buffer.from(await response.arrayBuffer());
        // Distribution re-signs schema1 on every GET; the digest covers the unsigned payload only.
        if (resolved.kind !== "docker-schema1") expect(sha256(body)).toBe(resolved.digest);
        for (const platform of resolved.platforms) {
          const child = await getManifest(registry, path, platform.digest);
          expect(child.status).toBe(200);
          expect(child.headers.get("Content-Type")).toBe(platform.mediaType);
          if (platform.compressedSize === null) continue;
          const manifest = (await child.json()) as { config: { size: number }; layers: Array<{ size: number }> };
          const size = manifest.layers.reduce((sum, l) => sum + l.size, manifest.config.size);
          expect(size).toBe(platform.compressedSize);
        }
      }
    }
  });

  it("covers every manifest kind, and hides attestations from the platforms", async () => {
    const kinds = new Set(Object.values(report).flatMap((tags) => Object.values(tags).map((t) => t.kind)));
    expect([...kinds].sort()).toEqual(
      ["artifact", "docker-manifest-list", "docker-schema1", "docker-schema2", "oci-image", "oci-index"].sort(),
    );
    const nginx = report.nginx!.latest!;
    expect(nginx.platforms.map((p) => [p.os, p.architecture, p.variant])).toEqual([
      ["linux", "amd64", null],
      ["linux", "arm64", "v8"],
    ]);
    const index = (await (await getManifest(registry, "nginx", "latest")).json()) as {
      manifests: Array<{ digest: string; platform: { os: string }; annotations?: Record<string, string> }>;
    };
    const attestations = index.manifests.filter((m) => m.platform.os === "unknown");
    expect(attestations.map((m) => m.annotations)).toEqual(
      nginx.platforms.map((p) => ({
        "vnd.docker.reference.digest": p.digest,
        "vnd.docker.reference.type": "attestation-manifest",
      })),
    );
    for (const attestation of attestations) expect((await getManifest(registry, "nginx", attestation.digest)).status).toBe(200);
    expect(report.redis!.latest!.platforms.map((p) => p.variant)).toEqual([null, "v7", "v8"]);
  });

  it("merges annotations index > manifest > config labels", () => {
    const { annotations } = report.nginx!["1.27.3"]!;
    expect(annotations["org.opencontainers.image.description"]).toMatch(/^Official build of nginx/); // index
    expect(annotations["org.opencontainers.image.revision"]).toBe("a1b2c3d"); // manifest over label
    expect(annotations.maintainer).toMatch(/NGINX Docker Maintainers/); // label only
  });

  it("pushes an OCI Helm chart artifact and a schema1 image", async () => {
    const chart = report["acme/charts/webapp"]!["1.2.0"]!;
    expect(chart).toMatchObject({ kind: "artifact", artifactType: "application/vnd.cncf.helm.config.v1+json", platforms: [] });
    const manifest = (await (await getManifest(registry, "acme/charts/webapp", "1.2.0")).json()) as {
      config: { mediaType: string };
      layers: Array<{ mediaType: string }>;
    };
    expect(manifest.config.mediaType).toBe("application/vnd.cncf.helm.config.v1+json");
    expect(manifest.layers[0]!.mediaType).toBe("application/vnd.cncf.helm.chart.content.v1.tar+gzip");

    const legacy = report["acme/legacy-app"]!["0.9"]!;
    expect(legacy).toMatchObject({ kind: "docker-schema1", mediaType: MediaTypes.dockerSchema1Signed, totalSize: null });
    const schema1 = (await (await getManifest(registry, "acme/legacy-app", "0.9")).json()) as {
      schemaVersion: number;
      fsLayers: unknown[];
      signatures: unknown[];
    };
    expect(schema1.schemaVersion).toBe(1);
    expect(schema1.signatures).toHaveLength(1);
    expect(schema1.fsLayers).toHaveLength(2);
  });

  it("writes real tar.gz layers whose diff_ids match the config", async () => {
    const { digest } = report.alpine!["3.21"]!.platforms[0]!;
    const manifest = (await (await getManifest(registry, "alpine", digest)).json()) as {
      config: { digest: string };
      layers: Array<{ digest: string }>;
    };
    const blob = async (d: string) => Buffer.from(await (await fetch(`${registry.url}/v2/alpine/blobs/${d}`)).arrayBuffer());
    const config = JSON.parse((await blob(manifest.config.digest)).toString("utf8")) as { rootfs: { diff_ids: string[] } };
    const tar = gunzipSync(await blob(manifest.layers[0]!.digest));
    expect(sha256(tar)).toBe(config.rootfs.diff_ids[0]);
    expect(tar.subarray(0, 100).toString("utf8").replace(/\0+$/, "")).toBe("etc/os-release");
    expect(tar.subarray(257, 262).toString("utf8")).toBe("ustar");
  });

  it("gives identical digests when seeding again", async () => {
    expect(await seedRegistry(registry.url)).toEqual(report);
  });

  it("delivers push events to the receiver with the bearer secret", async () => {
    const isNginxLatestPush = (e: RegistryEvent) =>
      e.action === "push" && e.target.repository === "nginx" && e.target.tag === "latest";
    const post = await waitFor("a push event for nginx:latest", () => posts.find((p) => p.body.events.some(isNginxLatestPush)));
    expect(post.headers.authorization).toBe(`Bearer ${secret}`);
    expect(post.headers["content-type"]).toBe("application/vnd.docker.distribution.events.v1+json");
    const event = post.body.events.find(isNginxLatestPush)!;
    expect(event.target).toMatchObject({ digest: report.nginx!.latest!.digest, mediaType: MediaTypes.ociIndex });
    // includereferences: the index's children, attestations included.
    const children = event.target.references!.map((r) => r.digest);
    expect(children).toHaveLength(4);
    expect(children).toEqual(expect.arrayContaining(report.nginx!.latest!.platforms.map((p) => p.digest)));
    // ignoredmediatypes drops blob events.
    const all = posts.flatMap((p) => p.body.events);
    expect(all.some((e) => e.target.mediaType === "application/octet-stream")).toBe(false);
  });
});

describe("sample data", () => {
  it("gives every public repository valid catalog data", () => {
    for (const repository of SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PUBLIC")) {
      const catalog = repository.catalog!;
      expect(catalog, repository.path).not.toBeNull();
      expect(catalog.shortDescription.length).toBeLessThanOrEqual(1024);
      expect(catalog.about.length).toBeLessThanOrEqual(25_600);
      expect(catalog.usage.length).toBeLessThanOrEqual(25_600);
      expect(catalog.categories.length).toBeGreaterThan(0);
      for (const category of catalog.categories) expect(CATEGORIES as readonly string[]).toContain(category);
      expect(repository.manifests.flatMap((m) => m.tags)).toContain(catalog.defaultTag);
      for (const markdown of [catalog.about, catalog.usage]) expect(markdown).toMatch(/^#+ /m);
      expect(catalog.about).toMatch(/^\| --- \|/m); // GFM table
      expect(catalog.usage).toMatch(/^```/m);
    }
  });

  it("has private repositories and a namespace without publisher", () => {
    expect(SAMPLE_REPOSITORIES.filter((r) => r.visibility === "PRIVATE").length).toBeGreaterThanOrEqual(2);
    const namespaces = new Set(SAMPLE_PUBLISHERS.map((p) => p.namespace));
    const namespaceOf = (path: string) => (path.includes("/") ? path.split("/")[0]! : "library");
    expect(SAMPLE_REPOSITORIES.some((r) => !namespaces.has(namespaceOf(r.path)))).toBe(true);
  });
});

describe("registry harness", () => {
  it("pause() makes requests hang until resume()", async () => {
    const registry = await startRegistry();
    try {
      registry.pause();
      let settled = false;
      const pending = fetch(`${registry.url}/v2/`).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      registry.resume();
      expect((await pending).status).toBe(200);
    } finally {
      await registry.stop();
    }
  });

  it("stop() kills the registry, even paused, and removes its temp storage", async () => {
    const registry = await startRegistry();
    expect(isRunning(registry.pid)).toBe(true);
    expect(existsSync(registry.storageDir)).toBe(true);
    registry.pause();
    await registry.stop();
    expect(isRunning(registry.pid)).toBe(false);
    expect(existsSync(registry.storageDir)).toBe(false);
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });

  it("keeps a given storage dir and refuses a port in use", async () => {
    const storageDir = mkdtempSync(join(tmpdir(), "galleon-seed-test-"));
    const registry = await startRegistry({ storageDir });
    try {
      expect(registry.storageDir).toBe(storageDir);
      await expect(startRegistry({ port: registry.port })).rejects.toThrow(/already in use/);
    } finally {
      await registry.stop();
    }
    expect(existsSync(storageDir)).toBe(true);
    rmSync(storageDir, { recursive: true });
  });

  /** Runs scripts/registry/main.ts with all its files under `scratchDir`, and waits for its "ready" line. */
  async function runMain(scratchDir: string) {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/registry/main.ts"], {
      env: {
        ...process.env,
        TMPDIR: scratchDir,
        GALLEON_REGISTRY_PORT: "0",
        GALLEON_REGISTRY_STORAGE: join(scratchDir, "storage"),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const pid = await waitFor("the registry to start", () => {
      const match = /ready at \S+ \(pid (\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, pid, exited };
  }

  it("npm run registry stops its registry on SIGTERM", async () => {
    const scratchDir = mkdtempSync(join(tmpdir(), "galleon-seed-test-"));
    const main = await runMain(scratchDir);
    expect(isRunning(main.pid)).toBe(true);
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
    expect(isRunning(main.pid)).toBe(false);
    rmSync(scratchDir, { recursive: true });
  });

  it("leaves no registry behind when its parent process dies", async () => {
    const scratchDir = mkdtempSync(join(tmpdir(), "galleon-seed-test-"));
    const main = await runMain(scratchDir);
    main.child.kill("SIGKILL"); // no handler runs: the kernel's parent-death signal does the work
    await main.exited;
    await waitFor("the registry to die", () => (isRunning(main.pid) ? undefined : true), 5_000);
    rmSync(scratchDir, { recursive: true }); // the config dir too: nothing could remove it

  });

  it.each(["exits", "gets SIGTERM"])("stops registries and removes their temp dirs when the process %s", async (how) => {
    const script = [
      `import { startRegistry } from ${JSON.stringify(join(process.cwd(), "scripts/registry/harness.ts"))};`,
      "const registry = await startRegistry();",
      "console.log(JSON.stringify({ pid: registry.pid, storageDir: registry.storageDir }));",
      how === "exits" ? "process.exit(0);" : "setInterval(() => {}, 1000);",
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const { pid, storageDir } = await waitFor("the registry to start", () =>
      output.includes("\n") ? (JSON.parse(output) as { pid: number; storageDir: string }) : undefined,
    );
    if (how !== "exits") child.kill("SIGTERM");
    expect(await exited).toBe(how === "exits" ? 0 : "SIGTERM");
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(storageDir)).toBe(false);
  });
});
