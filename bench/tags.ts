/**
 * The tags tab of a repository with 10,000 tags: server time of the page and
 * of the tags API, per sort, through the built web app (`next start`).
 * The tags are written through the indexer's own catalog write path.
 * Figures, not assertions. Goal: p95 ≤ 50 ms.
 *
 *   tsx bench/tags.ts      (BENCH_TAGS=10000, BENCH_REQUESTS=100 by default)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import type { ImageDetails, ResolvedTag } from "@/lib/registry/types";
import { TAGS_PAGE_SIZE } from "@/lib/http/tag-list-query";
import { startWebApp } from "@/scripts/web";

const TAGS = Number(process.env.BENCH_TAGS || 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 100);
const REPOSITORY = "bench/many-tags";

const dir = mkdtempSync(path.join(tmpdir(), "galleon-bench-tags-"));
const databaseUrl = `file:${path.join(dir, "catalog.db")}`;
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
// Always build: a stale build would measure old code.
execFileSync("npx", ["next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "ignore", "inherit"] });

const db = createCatalog(databaseUrl.slice("file:".length));
await saveRepository(db, REPOSITORY, { visibility: "PUBLIC", shortDescription: "Many tags" });
await recordDiscovered(db, REPOSITORY);
const digest = (i: number, salt: string) => `sha256:${(salt + i.toString(16)).padStart(64, "0")}`;
// Details of a typical size, stored with every platform though the tags tab reads none of them.
const details = (i: number): ImageDetails => ({
  layers: Array.from({ length: 8 }, (_, n) => ({ digest: digest(i * 8 + n, "c"), mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 3_000_000 })),
  entrypoint: ["/docker-entrypoint.sh"],
  cmd: ["nginx", "-g", "daemon off;"],
  envNames: ["PATH", "NGINX_VERSION", "NJS_VERSION", "PKG_RELEASE"],
  exposedPorts: ["80/tcp"],
  workingDir: null,
  user: null,
  labels: { maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>" },
  history: Array.from({ length: 12 }, (_, n) => ({
    created: "2025-01-01T00:00:00Z",
    createdBy: `RUN /bin/sh -c set -x && step ${n} && ${"apk add --no-cache something ".repeat(8)}# buildkit`,
    emptyLayer: n % 3 === 0,
    comment: "buildkit.dockerfile.v0",
  })),
  truncated: false,
});
const tags: ResolvedTag[] = Array.from({ length: TAGS }, (_, i) => {
  const name = i % 10 === 0 ? `nightly-${i}` : `${Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}${i % 7 === 0 ? "-rc.1" : ""}`;
  return {
    tag: name,
    digest: digest(i, "a"),
    mediaType: "application/vnd.oci.image.index.v1+json",
    kind: "oci-index",
    artifactType: null,
    subject: null,
    attachments: [],
    platforms: ["amd64", "arm64"].map((architecture, n) => ({
      os: "linux",
      architecture,
      variant: null,
      digest: digest(i * 2 + n, "b"),
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      compressedSize: 30_000_000 + i,
      details: details(i * 2 + n),
    })),
    totalSize: 60_000_000 + 2 * i,
    created: null,
    annotations: {},
    files: [],
  };
});
const present = tags.map((t) => t.tag);
for (let i = 0; i < tags.length; i += 1000) await applyTagSync(db, REPOSITORY, { present, changed: tags.slice(i, i + 1000), errors: [] });
await db.$disconnect();

const web = await startWebApp(undefined, { DATABASE_URL: databaseUrl, GALLEON_SEARCH_DB: path.join(dir, "search.db") });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(label: string, url: (i: number) => string): Promise<void> {
  // Warm up first (JIT, the route's first compile, the tag-order memo): steady state is what is measured.
  for (let i = 0; i < 10; i++) await (await fetch(`${web.url}${url(REQUESTS + i)}`)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${web.url}${url(i)}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url(i)}: HTTP ${response.status}`);
    times.push(performance.now() - started);
  }
  console.log(
    `${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 95)
      .toFixed(1)
      .padStart(6)} ms`,
  );
}

const pages = Math.ceil(TAGS / TAGS_PAGE_SIZE);
try {
  console.log(`\nTags tab of a repository with ${TAGS} tags, ${REQUESTS} requests each (goal: p95 ≤ 50 ms)`);
  for (const sort of ["semver", "pushed", "name"]) {
    await measure(`page, sort=${sort}, pages 1..${pages}`, (i) => `/bench/many-tags?tab=tags&sort=${sort}&page=${(i % pages) + 1}`);
  }
  await measure("page, filter=rc", () => "/bench/many-tags?tab=tags&filter=rc");
  await measure("API, sort=semver, 100 per page", (i) => `/api/v1/repositories/bench/many-tags/tags?pageSize=100&page=${(i % 100) + 1}`);
} finally {
  web.stop();
  rmSync(dir, { recursive: true, force: true });
}
