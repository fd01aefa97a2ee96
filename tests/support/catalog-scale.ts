/**
 * A catalog shaped like a large organisation's registry, written with direct
 * SQL inserts for speed (the triggers of the real migrations still keep the
 * public counts), for the query-plan tests and bench/catalog-reads.ts. Skewed
 * like real data: a few namespaces and repositories hold much of the catalog,
 * a fifth of the repositories is private or gone, and tags share manifests.
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import type { ImageDetails } from "@/lib/registry/types";

export interface CatalogScale {
  repositories: number;
  /** Tags of each of the few large repositories (one in 500). */
  largeRepositoryTags: number;
  /** Other repositories get 1 to this many tags. */
  maxTags: number;
  /** Store each platform's details (realistic sizes), as the indexer does. */
  details: boolean;
}

/** The shape of the catalog measured in issue 10: 100,000 repositories, about 540,000 tags and 870,000 platforms. */
export const ISSUE_10_SCALE: CatalogScale = { repositories: 100_000, largeRepositoryTags: 1_000, maxTags: 6, details: true };

/** A small deterministic generator (mulberry32): the same catalog every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, salt: string) => `sha256:${createHash("sha256").update(`${salt}:${n}`).digest("hex")}`;
const ARCHITECTURES = [["amd64", null], ["arm64", null], ["arm", "v7"]] as const;

/** Details as lib/registry/details.ts stores them for a typical Debian-based image. */
function imageDetails(n: number, rand: () => number): ImageDetails {
  const layers = Array.from({ length: 3 + Math.floor(rand() * 8) }, (_, i) => ({
    digest: hex(n * 16 + i, "b10b"),
    mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
    size: Math.floor(rand() * 50_000_000),
  }));
  const steps = [
    "/bin/sh -c #(nop) ADD file:6b3c1f7e0c4c3d0a1a5f3c2d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0 in / ",
    '/bin/sh -c #(nop)  CMD ["bash"]',
    "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg; rm -rf /var/lib/apt/lists/* # buildkit",
    "ENV APP_VERSION=1.2.3",
    "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
    "RUN /bin/sh -c groupadd -r app && useradd -r -g app app && mkdir -p /var/lib/app && chown -R app:app /var/lib/app # buildkit",
    "WORKDIR /var/lib/app",
    'ENTRYPOINT ["docker-entrypoint.sh"]',
  ];
  const history = Array.from({ length: layers.length + 4 }, (_, i) => ({
    created: new Date(Date.UTC(2026, 0, 1) + n * 1000 + i).toISOString(),
    createdBy: steps[i % steps.length]!,
    emptyLayer: i % 3 === 1,
    comment: i % 5 === 0 ? "buildkit.dockerfile.v0" : null,
  }));
  return {
    layers,
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["app", "--serve"],
    envNames: ["PATH", "APP_VERSION", "GOSU_VERSION", "LANG"],
    exposedPorts: ["8080/tcp"],
    workingDir: "/var/lib/app",
    user: "app",
    labels: {
      "org.opencontainers.image.source": `https://github.com/example/project-${n % 997}`,
      "org.opencontainers.image.version": `1.${n % 50}.${n % 7}`,
      "org.opencontainers.image.licenses": "Apache-2.0",
    },
    history,
    truncated: false,
  };
}

export interface ScaleSummary {
  namespaces: number;
  repositories: number;
  publicRepositories: number;
  tags: number;
  platforms: number;
  /** A public repository with many tags, one with few, a private one, and a public namespace. */
  samples: { large: string; small: string; hidden: string; namespace: string; tag: string; digest: string };
}

/** Fills a freshly migrated catalog file, then gathers statistics as the indexer does after a reconcile. */
export function fillCatalog(file: string, scale: CatalogScale): ScaleSummary {
  const db = new Database(file);
  // A fresh file nobody else has open: no journal while filling, WAL (as the catalog runs) afterwards.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  const rand = random(10);
  const namespaces = Math.max(4, Math.round(scale.repositories / 40));
  const now = Date.UTC(2026, 11, 1);
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

  const insertPublisher = db.prepare("INSERT INTO Publisher (id, displayName, verified, official) VALUES (?, ?, ?, ?)");
  const insertNamespace = db.prepare("INSERT INTO Namespace (name, publisherId) VALUES (?, ?)");
  const insertRepository = db.prepare(
    `INSERT INTO Repository (id, path, namespaceName, name, visibility, inRegistry, shortDescription, about, pulls, createdAt, updatedAt, revision)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const insertCategory = db.prepare("INSERT INTO RepositoryCategory (repositoryId, category) VALUES (?, ?)");
  const insertTag = db.prepare(
    `INSERT INTO Tag (id, repositoryId, name, digest, mediaType, kind, totalSize, annotations, files, pushedAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`,
  );
  const insertPlatform = db.prepare(
    "INSERT INTO Platform (tagId, os, architecture, variant, digest, mediaType, compressedSize) VALUES (?, 'linux', ?, ?, ?, ?, ?)",
  );
  const insertDetails = db.prepare("INSERT INTO PlatformDetails (digest, details) VALUES (?, ?)");
  const insertPulls = db.prepare("INSERT INTO DailyPulls (repositoryId, day, count) VALUES (?, ?, ?)");

  // Indexes are built once after the rows rather than kept up to date row by row: several times faster.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Tag', 'Platform', 'DailyPulls')")
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  let tagId = 0;
  let platforms = 0;
  let publicRepositories = 0;
  const samples = {} as ScaleSummary["samples"];
  db.transaction(() => {
    for (let n = 0; n < namespaces; n++) {
      const publisher = n % 5 === 4 ? null : n + 1;
      if (publisher) insertPublisher.run(publisher, `Publisher ${n}`, n % 7 === 0 ? 1 : 0, n % 50 === 0 ? 1 : 0);
      insertNamespace.run(`ns${n}`, publisher);
    }
    for (let id = 1; id <= scale.repositories; id++) {
      // Squaring skews repositories towards the first namespaces, as real organisations are.
      const n = Math.floor(rand() * rand() * namespaces);
      const namespace = `ns${n}`;
      const name = `repository-${id}`;
      // Every tenth namespace is wholly private; elsewhere one repository in eight is, and one in 30 left the registry.
      const visible = n % 10 !== 9 && id % 8 !== 3;
      const inRegistry = id % 30 !== 7;
      if (visible && inRegistry) publicRepositories++;
      const updated = now - Math.floor(rand() * 400 * 86_400_000);
      insertRepository.run(id, `${namespace}/${name}`, namespace, name, visible ? "PUBLIC" : "PRIVATE", inRegistry ? 1 : 0,
        `Short description of ${name}`, `# ${name}\n\nAbout ${name}.`, Math.floor(rand() * rand() * 1e7), iso(updated), iso(updated));
      if (rand() < 0.8) insertCategory.run(id, CATEGORIES[id % CATEGORIES.length]!);
      if (rand() < 0.2) insertCategory.run(id, CATEGORIES[(id + 3) % CATEGORIES.length]!);
      if (id % 50 === 0) for (let d = 0; d < 30; d++) insertPulls.run(id, iso(now - d * 86_400_000).slice(0, 10), 1 + d);

      const large = id % 500 === 1;
      const tags = large ? scale.largeRepositoryTags : 1 + Math.floor(rand() * scale.maxTags);
      const width = rand() < 0.45 ? 1 : rand() < 0.82 ? 2 : 3;
      if (large && visible && inRegistry) samples.large ??= `${namespace}/${name}`;
      if (!large && visible && inRegistry) samples.small ??= `${namespace}/${name}`;
      if (!visible) samples.hidden ??= `${namespace}/${name}`;
      // Two tags per release ("1.4.2" and "1.4"), so manifests are shared as in real repositories.
      for (let t = 0; t < tags; t++) {
        const release = Math.floor(t / 2);
        const manifest = id * 100_000 + release;
        const index = width > 1;
        const digest = hex(manifest, index ? "1d" : "0a");
        const pushed = updated - (tags - t) * 3_600_000;
        tagId++;
        insertTag.run(tagId, id, t % 2 === 0 ? `1.${release}.0` : `1.${release}`, digest,
          index ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json",
          index ? "oci-index" : "oci-image", 30_000_000 * width,
          `{"org.opencontainers.image.description":"${name}"}`, iso(pushed), iso(pushed));
        for (let p = 0; p < width; p++) {
          const platformDigest = index ? hex(manifest * 4 + p, "0b") : digest;
          const [architecture, variant] = ARCHITECTURES[p]!;
          insertPlatform.run(tagId, architecture, variant, platformDigest, "application/vnd.oci.image.manifest.v1+json", 30_000_000);
          platforms++;
          if (scale.details && t % 2 === 0) insertDetails.run(platformDigest, JSON.stringify(imageDetails(manifest * 4 + p, rand)));
        }
        if (!samples.tag && samples.large === `${namespace}/${name}`) samples.tag = `1.${release}.0`;
        if (!samples.digest && index && visible && inRegistry) samples.digest = digest;
      }
      if (!samples.namespace && visible && inRegistry && n < 5) samples.namespace = namespace;
    }
  })();
  for (const index of indexes) db.exec(index.sql);
  // What the indexer runs after each reconcile (lib/catalog/maintenance.ts).
  db.exec("PRAGMA optimize=0x10002");
  db.pragma("journal_mode = WAL");
  db.close();
  return { namespaces, repositories: scale.repositories, publicRepositories, tags: tagId, platforms, samples };
}
