/**
 * The sample content of the demo registry, as data: publishers, repositories
 * with their catalog pages, and the images behind every tag. scripts/seed/registry.ts
 * turns the images into real blobs and manifests; the catalog seeding reads the rest.
 */
import type { ManifestKind } from "@/lib/registry/types";
import type { Platform } from "@/lib/registry/manifest";
import type { Role } from "@/lib/auth/policy";
import type { ContainerConfig, TarFile } from "./oci";

export interface SamplePublisher {
  namespace: string;
  displayName: string;
  verified: boolean;
  official: boolean;
}

/** Demo and test accounts: the passwords are public, so never seed them into a real gallery. */
export interface SampleAccount {
  email: string;
  password: string;
  admin: boolean;
  memberships: Array<{ namespace: string; role: Role }>;
}

export interface SampleCatalogData {
  shortDescription: string;
  about: string;
  usage: string;
  categories: string[];
  defaultTag: string;
}

export interface SampleLayer {
  /** The image history's `created_by` for this layer. */
  createdBy: string;
  files: TarFile[];
}

/** One runnable image (a platform). */
export interface SampleImage {
  platform: Platform;
  created: string;
  /** Bottom first. */
  layers: SampleLayer[];
  config: ContainerConfig;
  /** Manifest annotations; OCI manifests only (Docker formats have none). */
  annotations?: Record<string, string>;
}

/** What a set of tags points at. */
export type SampleManifest = { tags: string[] } & (
  | { kind: Extract<ManifestKind, "oci-image" | "docker-schema2">; image: SampleImage }
  /** Schema1 records its tag inside the manifest: each tag gets its own manifest and digest. */
  | { kind: "docker-schema1"; image: SampleImage }
  | {
      kind: "oci-index";
      images: SampleImage[];
      /** Add a BuildKit-style attestation manifest (platform unknown/unknown) per image. */
      attestations: boolean;
      annotations?: Record<string, string>;
    }
  | { kind: "docker-manifest-list"; images: SampleImage[] }
  | {
      kind: "artifact";
      artifactType: string;
      config: { mediaType: string; data: unknown };
      layers: Array<{ mediaType: string; files: TarFile[] }>;
      annotations?: Record<string, string>;
    }
);

export interface SampleRepository {
  /** Registry path, e.g. "nginx" (namespace library), "acme/tools/cli". */
  path: string;
  visibility: "PUBLIC" | "PRIVATE";
  catalog: SampleCatalogData | null;
  manifests: SampleManifest[];
}

export const SAMPLE_PUBLISHERS: SamplePublisher[] = [
  { namespace: "library", displayName: "Galleon Official Images", verified: true, official: true },
  { namespace: "acme", displayName: "Acme Corp", verified: true, official: false },
  { namespace: "nimbus", displayName: "Nimbus Labs", verified: false, official: false },
];

export const SAMPLE_ACCOUNTS: SampleAccount[] = [
  { email: "admin@galleon.test", password: "admin-password-demo", admin: true, memberships: [] },
  { email: "owner@acme.test", password: "owner-password-demo", admin: false, memberships: [{ namespace: "acme", role: "OWNER" }] },
  { email: "editor@acme.test", password: "editor-password-demo", admin: false, memberships: [{ namespace: "acme", role: "EDITOR" }] },
  { email: "owner@nimbus.test", password: "owner-password-demo", admin: false, memberships: [{ namespace: "nimbus", role: "OWNER" }] },
];

// --- Helpers that keep the data below short ----------------------------------

const AMD64: Platform = { os: "linux", architecture: "amd64" };
const ARM64: Platform = { os: "linux", architecture: "arm64", variant: "v8" };
const ARMV7: Platform = { os: "linux", architecture: "arm", variant: "v7" };

const OCI = "org.opencontainers.image";

interface OciAnnotationInput {
  title: string;
  description: string;
  source: string;
  licenses: string;
  vendor: string;
  url: string;
  documentation: string;
  created: string;
  version?: string;
}

/** The standard `org.opencontainers.image.*` annotations. */
function ociAnnotations(input: OciAnnotationInput): Record<string, string> {
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [`${OCI}.${key}`, value]));
}

/** A small text-file layer. */
function files(createdBy: string, entries: Record<string, string>): SampleLayer {
  return { createdBy, files: Object.entries(entries).map(([path, content]) => ({ path, content })) };
}

/** A base OS layer; the platform file makes each architecture's layer (and digest) distinct. */
function osLayer(distro: string, version: string, platform: Platform): SampleLayer {
  return files(`ADD ${distro}-minirootfs-${version}.tar.gz / # buildkit`, {
    "etc/os-release": `NAME="${distro}"\nVERSION_ID=${version}\nID=${distro.toLowerCase()}\n`,
    "etc/galleon-platform": `${[platform.os, platform.architecture, platform.variant].filter(Boolean).join("/")}\n`,
  });
}

interface DocsInput {
  title: string;
  /** Registry path used in the examples. */
  path: string;
  tag: string;
  logo: string;
  intro: string;
  features: string[];
  tags: Array<[tag: string, notes: string]>;
  /** The first link is also the usage page's pointer to the full documentation. */
  links: [first: [label: string, url: string], ...rest: Array<[label: string, url: string]>];
  run: string;
  settings: Array<[name: string, defaultValue: string, description: string]>;
  compose: string;
}

/** About and usage pages in the shape real image docs have: headings, tables, code, links, an image. */
function docs(input: DocsInput): Pick<SampleCatalogData, "about" | "usage"> {
  const table = (head: string[], rows: string[][]) =>
    [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
  const about = [
    `# ${input.title}`,
    `![${input.title} logo](${input.logo})`,
    input.intro,
    `## Features`,
    input.features.map((feature) => `- ${feature}`).join("\n"),
    `## Supported tags`,
    table(["Tag", "Notes"], input.tags.map(([tag, notes]) => [`\`${tag}\``, notes])),
    `## Links`,
    input.links.map(([label, url]) => `- [${label}](${url})`).join("\n"),
  ];
  const usage = [
    `## Quick start`,
    "```sh\n" + `docker pull registry.example.com/${input.path}:${input.tag}\n${input.run}\n` + "```",
    `## Configuration`,
    table(
      ["Setting", "Default", "Description"],
      input.settings.map(([name, value, text]) => [`\`${name}\``, value ? `\`${value}\`` : "none", text]),
    ),
    `### Docker Compose`,
    "```yaml\n" + input.compose.trim() + "\n```",
    `See the [documentation](${input.links[0][1]}) for every option.`,
  ];
  return { about: about.join("\n\n") + "\n", usage: usage.join("\n\n") + "\n" };
}

// --- library (official images) ---------------------------------------------

function alpine(version: string, created: string): SampleImage {
  return {
    platform: AMD64,
    created,
    layers: [osLayer("Alpine", version, AMD64)],
    config: {
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["/bin/sh"],
      Labels: { [`${OCI}.version`]: version },
    },
    annotations: ociAnnotations({
      title: "alpine",
      description: `Alpine Linux ${version}, a minimal image of about 5 MB.`,
      source: "https://github.com/alpinelinux/docker-alpine",
      licenses: "MIT",
      vendor: "Galleon Official Images",
      url: "https://alpinelinux.org",
      documentation: "https://wiki.alpinelinux.org",
      created,
      version,
    }),
  };
}

function nginx(tags: string[], version: string, created: string, revision: string): SampleManifest {
  const description = "Official build of nginx, the high-performance web server and reverse proxy.";
  return {
    kind: "oci-index",
    tags,
    attestations: true,
    // Index annotations win over the manifests' and the config labels' (see the description and revision keys).
    annotations: ociAnnotations({
      title: "nginx",
      description,
      source: "https://github.com/nginxinc/docker-nginx",
      licenses: "BSD-2-Clause",
      vendor: "Galleon Official Images",
      url: "https://nginx.org",
      documentation: "https://nginx.org/en/docs/",
      created,
      version,
    }),
    images: [AMD64, ARM64].map((platform) => ({
      platform,
      created,
      layers: [
        osLayer("Alpine", "3.21", platform),
        files("RUN /bin/sh -c apk add --no-cache nginx # buildkit", {
          "etc/nginx/nginx.conf": "events {}\nhttp { server { listen 80; root /usr/share/nginx/html; } }\n",
          "usr/share/nginx/html/index.html": `<h1>Welcome to nginx ${version}</h1>\n`,
        }),
      ],
      config: {
        Env: [`NGINX_VERSION=${version}`],
        Entrypoint: ["/docker-entrypoint.sh"],
        Cmd: ["nginx", "-g", "daemon off;"],
        ExposedPorts: ["80/tcp"],
        Labels: {
          maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>",
          [`${OCI}.description`]: "nginx (from the image config label)",
          [`${OCI}.revision`]: "config-label-revision",
        },
      },
      annotations: {
        [`${OCI}.description`]: "nginx (from the platform manifest)",
        [`${OCI}.revision`]: revision,
        [`${OCI}.created`]: created,
      },
    })),
  };
}

function redis(version: string, created: string): SampleImage[] {
  return [AMD64, ARMV7, ARM64].map((platform) => ({
    platform,
    created,
    layers: [
      osLayer("Debian", "12", platform),
      files("RUN /bin/sh -c set -eux; make install # buildkit", {
        "usr/local/bin/redis-server": `#!/bin/sh\necho "redis ${version}"\n`,
        "usr/local/etc/redis/redis.conf": "bind 0.0.0.0\nprotected-mode no\n",
      }),
    ],
    config: {
      Env: [`REDIS_VERSION=${version}`],
      Entrypoint: ["docker-entrypoint.sh"],
      Cmd: ["redis-server"],
      ExposedPorts: ["6379/tcp"],
      WorkingDir: "/data",
      Labels: { [`${OCI}.title`]: "redis", [`${OCI}.version`]: version },
    },
  }));
}

function postgres(version: string, created: string): SampleImage {
  return {
    platform: AMD64,
    created,
    layers: [
      osLayer("Debian", "12", AMD64),
      files("RUN /bin/sh -c apt-get install -y postgresql # buildkit", {
        "usr/lib/postgresql/bin/postgres": `#!/bin/sh\necho "postgres ${version}"\n`,
      }),
      files("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", {
        "usr/local/bin/docker-entrypoint.sh": "#!/bin/sh\nexec \"$@\"\n",
      }),
    ],
    config: {
      Env: [`PG_VERSION=${version}`, "PGDATA=/var/lib/postgresql/data"],
      Entrypoint: ["docker-entrypoint.sh"],
      Cmd: ["postgres"],
      ExposedPorts: ["5432/tcp"],
      User: "postgres",
      Labels: {
        [`${OCI}.title`]: "postgres",
        [`${OCI}.description`]: "The PostgreSQL object-relational database.",
        [`${OCI}.version`]: version,
        [`${OCI}.licenses`]: "PostgreSQL",
      },
    },
  };
}

// --- acme --------------------------------------------------------------------

function acmeCli(version: string, created: string): SampleImage {
  return {
    platform: AMD64,
    created,
    layers: [
      osLayer("Alpine", "3.21", AMD64),
      files("COPY acme /usr/local/bin/acme # buildkit", {
        "usr/local/bin/acme": `#!/bin/sh\necho "acme cli ${version}"\n`,
      }),
    ],
    config: { Entrypoint: ["/usr/local/bin/acme"], Cmd: ["--help"], User: "1000:1000", WorkingDir: "/work" },
    annotations: ociAnnotations({
      title: "acme-cli",
      description: "The Acme command line: deploy, inspect and roll back Acme services.",
      source: "https://github.com/acme/cli",
      licenses: "Apache-2.0",
      vendor: "Acme Corp",
      url: "https://acme.example.com/cli",
      documentation: "https://docs.acme.example.com/cli",
      created,
      version,
    }),
  };
}

function webappChart(tags: string[], version: string, created: string): SampleManifest {
  const chart = {
    apiVersion: "v2",
    name: "webapp",
    version,
    appVersion: "2.3.1",
    description: "A Helm chart for the Acme web application",
    type: "application",
  };
  return {
    kind: "artifact",
    tags,
    artifactType: "application/vnd.cncf.helm.config.v1+json",
    config: { mediaType: "application/vnd.cncf.helm.config.v1+json", data: chart },
    layers: [
      {
        mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
        files: [
          { path: "webapp/Chart.yaml", content: Object.entries(chart).map(([k, v]) => `${k}: ${v}\n`).join("") },
          { path: "webapp/values.yaml", content: "replicaCount: 2\nimage:\n  repository: acme/webapp\n" },
          { path: "webapp/templates/deployment.yaml", content: "apiVersion: apps/v1\nkind: Deployment\n" },
        ],
      },
    ],
    annotations: ociAnnotations({
      title: "webapp",
      description: chart.description,
      source: "https://github.com/acme/charts",
      licenses: "Apache-2.0",
      vendor: "Acme Corp",
      url: "https://acme.example.com/charts",
      documentation: "https://docs.acme.example.com/charts/webapp",
      created,
      version,
    }),
  };
}

function acmeService(
  name: string,
  version: string,
  created: string,
  platform: Platform = AMD64,
  extra: ContainerConfig = {},
): SampleImage {
  return {
    platform,
    created,
    layers: [
      osLayer("Debian", "12", platform),
      files(`COPY ${name} /srv/${name} # buildkit`, { [`srv/${name}/server`]: `#!/bin/sh\necho "${name} ${version}"\n` }),
    ],
    config: {
      Cmd: [`/srv/${name}/server`],
      ExposedPorts: ["8080/tcp"],
      Labels: { [`${OCI}.vendor`]: "Acme Corp", [`${OCI}.version`]: version },
      ...extra,
    },
  };
}

// --- nimbus --------------------------------------------------------------------

function nimbusImage(name: string, version: string, created: string, platform: Platform, cmd: string[]): SampleImage {
  return {
    platform,
    created,
    layers: [
      osLayer("Ubuntu", "24.04", platform),
      files(`COPY dist/ /opt/${name}/ # buildkit`, { [`opt/${name}/VERSION`]: `${version}\n` }),
    ],
    config: {
      Env: [`NIMBUS_VERSION=${version}`],
      Cmd: cmd,
      Labels: { [`${OCI}.vendor`]: "Nimbus Labs", [`${OCI}.version`]: version },
    },
  };
}

// --- The repositories ---------------------------------------------------------

export const SAMPLE_REPOSITORIES: SampleRepository[] = [
  {
    path: "alpine",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "A minimal Docker image based on Alpine Linux with a complete package index, only 5 MB in size.",
      categories: ["operating-systems"],
      defaultTag: "latest",
      ...docs({
        title: "Alpine Linux",
        path: "alpine",
        tag: "3.21",
        logo: "https://alpinelinux.org/alpinelinux-logo.svg",
        intro: "Alpine Linux is a security-oriented, lightweight Linux distribution based on **musl libc** and **busybox**.",
        features: ["Small: about 5 MB", "Package manager `apk` with thousands of packages", "Rolling security fixes"],
        tags: [
          ["3.21", "Current release (also `latest`)"],
          ["3.20", "Previous stable release"],
        ],
        links: [
          ["Alpine wiki", "https://wiki.alpinelinux.org"],
          ["Package search", "https://pkgs.alpinelinux.org"],
        ],
        run: "docker run --rm -it registry.example.com/alpine:3.21 sh",
        settings: [["TZ", "UTC", "Time zone, with the `tzdata` package installed"]],
        compose: "services:\n  shell:\n    image: registry.example.com/alpine:3.21\n    command: sleep infinity\n",
      }),
    },
    manifests: [
      { kind: "oci-image", tags: ["3.20"], image: alpine("3.20", "2024-09-06T12:00:00Z") },
      { kind: "oci-image", tags: ["3.21", "latest"], image: alpine("3.21", "2025-01-08T12:00:00Z") },
    ],
  },
  {
    path: "nginx",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Official build of nginx, the high-performance web server, reverse proxy and load balancer.",
      categories: ["web-servers", "networking"],
      defaultTag: "latest",
      ...docs({
        title: "nginx",
        path: "nginx",
        tag: "1.27",
        logo: "https://nginx.org/nginx.png",
        intro: "nginx (pronounced *engine-x*) is an HTTP and reverse proxy server, a mail proxy server, and a generic TCP/UDP proxy server.",
        features: ["Static files with zero-copy sendfile", "Reverse proxy with caching", "HTTP/2 and TLS 1.3"],
        tags: [
          ["1.27.3", "Mainline (also `1.27`, `latest`); linux/amd64, linux/arm64/v8"],
          ["1.26.2", "Stable"],
        ],
        links: [
          ["nginx documentation", "https://nginx.org/en/docs/"],
          ["Source", "https://github.com/nginxinc/docker-nginx"],
        ],
        run: "docker run -d -p 8080:80 -v $PWD/site:/usr/share/nginx/html:ro registry.example.com/nginx:1.27",
        settings: [
          ["NGINX_PORT", "80", "Port the default server listens on"],
          ["NGINX_ENTRYPOINT_QUIET_LOGS", "", "Set to `1` to silence the entrypoint"],
        ],
        compose: "services:\n  web:\n    image: registry.example.com/nginx:1.27\n    ports: [\"8080:80\"]\n",
      }),
    },
    manifests: [
      nginx(["1.27.3", "1.27", "latest"], "1.27.3", "2024-11-26T18:42:08Z", "a1b2c3d"),
      nginx(["1.26.2", "1.26"], "1.26.2", "2024-08-14T09:30:00Z", "e4f5a6b"),
    ],
  },
  {
    path: "redis",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Redis is the in-memory data store used as a database, cache, streaming engine and message broker.",
      categories: ["databases", "messaging"],
      defaultTag: "latest",
      ...docs({
        title: "Redis",
        path: "redis",
        tag: "7.4",
        logo: "https://redis.io/images/redis-logo.svg",
        intro: "Redis keeps data structures (strings, hashes, lists, sets, streams) in memory, with optional persistence.",
        features: ["Sub-millisecond latency", "Pub/Sub and Streams", "Snapshots and append-only file persistence"],
        tags: [["7.4.1", "Also `7.4`, `latest`; linux/amd64, linux/arm/v7, linux/arm64/v8"]],
        links: [
          ["Redis documentation", "https://redis.io/docs/"],
          ["Source", "https://github.com/redis/docker-library-redis"],
        ],
        run: "docker run -d -p 6379:6379 registry.example.com/redis:7.4 redis-server --save 60 1",
        settings: [["REDIS_ARGS", "", "Extra arguments for `redis-server`"]],
        compose: "services:\n  cache:\n    image: registry.example.com/redis:7.4\n    volumes: [\"redis-data:/data\"]\nvolumes:\n  redis-data: {}\n",
      }),
    },
    manifests: [{ kind: "docker-manifest-list", tags: ["7.4.1", "7.4", "latest"], images: redis("7.4.1", "2024-10-03T10:00:00Z") }],
  },
  {
    path: "postgres",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "PostgreSQL, the world's most advanced open source object-relational database.",
      categories: ["databases", "storage"],
      defaultTag: "latest",
      ...docs({
        title: "PostgreSQL",
        path: "postgres",
        tag: "16",
        logo: "https://www.postgresql.org/media/img/about/press/elephant.png",
        intro: "PostgreSQL is a powerful object-relational database system with over 35 years of active development.",
        features: ["ACID transactions", "JSONB, full-text search and extensions", "Logical replication"],
        tags: [
          ["16.4", "Also `16`, `latest`"],
          ["15.8", "Previous major version"],
        ],
        links: [["PostgreSQL documentation", "https://www.postgresql.org/docs/"]],
        run: "docker run -d -e POSTGRES_PASSWORD=secret -p 5432:5432 registry.example.com/postgres:16",
        settings: [
          ["POSTGRES_PASSWORD", "", "Superuser password (required)"],
          ["POSTGRES_DB", "postgres", "Database created at first start"],
          ["PGDATA", "/var/lib/postgresql/data", "Data directory"],
        ],
        compose: "services:\n  db:\n    image: registry.example.com/postgres:16\n    environment:\n      POSTGRES_PASSWORD: secret\n",
      }),
    },
    manifests: [
      { kind: "docker-schema2", tags: ["16.4", "16", "latest"], image: postgres("16.4", "2024-08-08T08:00:00Z") },
      { kind: "docker-schema2", tags: ["15.8"], image: postgres("15.8", "2024-08-08T07:00:00Z") },
    ],
  },
  {
    path: "acme/tools/cli",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "The Acme command line: deploy, inspect and roll back Acme services from any CI.",
      categories: ["developer-tools"],
      defaultTag: "latest",
      ...docs({
        title: "Acme CLI",
        path: "acme/tools/cli",
        tag: "v2",
        logo: "https://acme.example.com/logo.png",
        intro: "`acme` talks to the Acme control plane. Use this image in CI jobs instead of installing the binary.",
        features: ["Single static binary", "Runs as an unprivileged user", "Reads credentials from the environment"],
        tags: [["v2.3.1", "Also `v2`, `latest`"]],
        links: [
          ["CLI reference", "https://docs.acme.example.com/cli"],
          ["Changelog", "https://github.com/acme/cli/releases"],
        ],
        run: "docker run --rm -e ACME_TOKEN registry.example.com/acme/tools/cli:v2 deploy --service web",
        settings: [
          ["ACME_TOKEN", "", "API token"],
          ["ACME_ENDPOINT", "https://api.acme.example.com", "Control plane URL"],
        ],
        compose: "services:\n  deploy:\n    image: registry.example.com/acme/tools/cli:v2\n    command: status\n",
      }),
    },
    manifests: [{ kind: "oci-image", tags: ["v2.3.1", "v2", "latest"], image: acmeCli("2.3.1", "2025-02-11T15:20:00Z") }],
  },
  {
    path: "acme/charts/webapp",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Helm chart that deploys the Acme web application on Kubernetes.",
      categories: ["developer-tools", "web-servers"],
      defaultTag: "1.2.0",
      ...docs({
        title: "webapp Helm chart",
        path: "acme/charts/webapp",
        tag: "1.2.0",
        logo: "https://helm.sh/img/helm.svg",
        intro: "This repository holds a **Helm chart** stored as an OCI artifact, not a container image.",
        features: ["Deployment, Service and Ingress", "Horizontal pod autoscaling", "Values schema"],
        tags: [
          ["1.2.0", "Current chart"],
          ["1.1.0", "Previous chart"],
        ],
        links: [["Helm OCI support", "https://helm.sh/docs/topics/registries/"]],
        run: "helm install web oci://registry.example.com/acme/charts/webapp --version 1.2.0",
        settings: [
          ["replicaCount", "2", "Number of pods"],
          ["image.repository", "acme/webapp", "Image to deploy"],
        ],
        compose: "# Helm charts are not run with Compose; see the Quick start.\n",
      }),
    },
    manifests: [
      webappChart(["1.2.0"], "1.2.0", "2025-03-01T09:00:00Z"),
      webappChart(["1.1.0"], "1.1.0", "2024-12-01T09:00:00Z"),
    ],
  },
  {
    path: "acme/legacy-app",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "The old Acme storefront, kept for customers on the 0.x API. Pushed with Docker schema 1.",
      categories: ["web-servers"],
      defaultTag: "latest",
      ...docs({
        title: "Acme legacy app",
        path: "acme/legacy-app",
        tag: "0.9",
        logo: "https://acme.example.com/legacy.png",
        intro: "This image predates OCI: its manifests use the **Docker Image Manifest V2, Schema 1** format.",
        features: ["Serves the 0.x storefront API", "No longer receives features"],
        tags: [["0.9", "Last release (also `latest`)"]],
        links: [["Migration guide", "https://docs.acme.example.com/legacy/migrate"]],
        run: "docker run -d -p 8080:8080 registry.example.com/acme/legacy-app:0.9",
        settings: [["LEGACY_MODE", "strict", "Compatibility mode"]],
        compose: "services:\n  legacy:\n    image: registry.example.com/acme/legacy-app:0.9\n",
      }),
    },
    manifests: [
      {
        kind: "docker-schema1",
        tags: ["0.9", "latest"],
        image: acmeService("legacy-app", "0.9", "2017-05-04T10:00:00Z", AMD64, { Env: ["LEGACY_MODE=strict"] }),
      },
    ],
  },
  {
    path: "acme/api-gateway",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Acme API gateway: TLS termination, authentication and rate limiting in front of your services.",
      categories: ["networking", "security"],
      defaultTag: "latest",
      ...docs({
        title: "Acme API gateway",
        path: "acme/api-gateway",
        tag: "3.1",
        logo: "https://acme.example.com/gateway.png",
        intro: "A small gateway that terminates TLS, checks JWTs and applies per-client rate limits.",
        features: ["JWT and mTLS authentication", "Token-bucket rate limits", "Prometheus metrics on `/metrics`"],
        tags: [["3.1.0", "Also `3.1`, `latest`; linux/amd64, linux/arm64/v8"]],
        links: [["Gateway guide", "https://docs.acme.example.com/gateway"]],
        run: "docker run -d -p 443:8443 -v $PWD/gateway.yaml:/etc/gateway.yaml registry.example.com/acme/api-gateway:3.1",
        settings: [
          ["GATEWAY_CONFIG", "/etc/gateway.yaml", "Configuration file"],
          ["GATEWAY_LOG_LEVEL", "info", "Log verbosity"],
        ],
        compose: "services:\n  gateway:\n    image: registry.example.com/acme/api-gateway:3.1\n    ports: [\"443:8443\"]\n",
      }),
    },
    manifests: [
      {
        kind: "oci-index",
        tags: ["3.1.0", "3.1", "latest"],
        attestations: false,
        images: [AMD64, ARM64].map((platform) => acmeService("api-gateway", "3.1.0", "2025-01-20T11:00:00Z", platform)),
      },
    ],
  },
  {
    path: "acme/secret-billing",
    visibility: "PRIVATE",
    catalog: null,
    manifests: [{ kind: "oci-image", tags: ["1.0.0", "latest"], image: acmeService("secret-billing", "1.0.0", "2025-02-02T02:02:02Z") }],
  },
  {
    path: "nimbus/inference-server",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Serve ONNX and GGUF models over HTTP with batching and streaming responses.",
      categories: ["machine-learning"],
      defaultTag: "latest",
      ...docs({
        title: "Nimbus inference server",
        path: "nimbus/inference-server",
        tag: "0.4.2",
        logo: "https://nimbus.example.com/logo.svg",
        intro: "An inference server for small models. Mount a model directory and call `/v1/generate`.",
        features: ["Dynamic batching", "Server-sent events streaming", "CPU and GPU builds"],
        tags: [["0.4.2", "Also `latest`"]],
        links: [["Nimbus docs", "https://docs.nimbus.example.com/inference"]],
        run: "docker run -d -p 9000:9000 -v $PWD/models:/models registry.example.com/nimbus/inference-server:0.4.2",
        settings: [
          ["MODEL_DIR", "/models", "Where models are loaded from"],
          ["MAX_BATCH", "8", "Largest batch"],
        ],
        compose: "services:\n  inference:\n    image: registry.example.com/nimbus/inference-server:0.4.2\n    volumes: [\"./models:/models\"]\n",
      }),
    },
    manifests: [
      {
        kind: "docker-schema2",
        tags: ["0.4.2", "latest"],
        image: nimbusImage("inference-server", "0.4.2", "2025-03-10T16:00:00Z", AMD64, ["serve", "--port", "9000"]),
      },
    ],
  },
  {
    path: "nimbus/metrics-agent",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Lightweight agent that ships host and container metrics to Prometheus-compatible backends.",
      categories: ["monitoring"],
      defaultTag: "latest",
      ...docs({
        title: "Nimbus metrics agent",
        path: "nimbus/metrics-agent",
        tag: "1.8.0",
        logo: "https://nimbus.example.com/agent.svg",
        intro: "Collects CPU, memory, disk and network metrics and pushes them with remote write.",
        features: ["cgroup v2 aware", "Remote write with retries", "Runs on amd64 and arm64"],
        tags: [["1.8.0", "Also `latest`; linux/amd64, linux/arm64/v8"]],
        links: [["Agent docs", "https://docs.nimbus.example.com/agent"]],
        run: "docker run -d --pid host -v /:/host:ro registry.example.com/nimbus/metrics-agent:1.8.0",
        settings: [["REMOTE_WRITE_URL", "", "Prometheus remote write endpoint"]],
        compose: "services:\n  agent:\n    image: registry.example.com/nimbus/metrics-agent:1.8.0\n    pid: host\n",
      }),
    },
    manifests: [
      {
        kind: "oci-index",
        tags: ["1.8.0", "latest"],
        attestations: true,
        images: [AMD64, ARM64].map((platform) =>
          nimbusImage("metrics-agent", "1.8.0", "2025-02-20T13:00:00Z", platform, ["agent"]),
        ),
      },
    ],
  },
  {
    path: "nimbus/internal-tools",
    visibility: "PRIVATE",
    catalog: null,
    manifests: [
      {
        kind: "docker-schema2",
        tags: ["2025.03", "latest"],
        image: nimbusImage("internal-tools", "2025.03", "2025-03-03T03:03:03Z", AMD64, ["bash"]),
      },
    ],
  },
  {
    // A namespace no publisher owns.
    path: "scratch/tmp",
    visibility: "PUBLIC",
    catalog: {
      shortDescription: "Scratch space for experiments; nothing here is supported.",
      categories: ["developer-tools"],
      defaultTag: "latest",
      ...docs({
        title: "scratch/tmp",
        path: "scratch/tmp",
        tag: "latest",
        logo: "https://galleon.example.com/placeholder.png",
        intro: "Throwaway images pushed while testing. They may disappear at any time.",
        features: ["No guarantees"],
        tags: [["latest", "Whatever was pushed last"]],
        links: [["Galleon", "https://galleon.example.com"]],
        run: "docker run --rm registry.example.com/scratch/tmp",
        settings: [["DEBUG", "0", "Verbose output"]],
        compose: "services:\n  tmp:\n    image: registry.example.com/scratch/tmp\n",
      }),
    },
    // alpine:3.21 retagged: the same manifest digest as in another repository.
    manifests: [{ kind: "oci-image", tags: ["latest"], image: alpine("3.21", "2025-01-08T12:00:00Z") }],
  },
];
