/**
 * What the HTTP bench's repositories say and hold: names, About and Usage
 * Markdown of realistic length, tags with multi-platform indexes and image
 * details. Pure functions of a Random, so a catalog can be rebuilt identically.
 */
import { createHash } from "node:crypto";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import type { ImageDetails, PlatformImage, ResolvedTag } from "@/lib/registry/types";
import type { Random } from "./random";

/**
 * Every private repository's name and About carry this word and nothing
 * public does, so a response containing it has leaked a private repository.
 */
export const PRIVATE_MARKER = "confidential";

export const PRODUCTS = (
  "nginx redis postgres mysql mariadb mongo kafka zookeeper alpine ubuntu debian python node golang rust openjdk " +
  "tomcat traefik envoy haproxy consul vault grafana prometheus loki jaeger elastic kibana fluentd memcached " +
  "rabbitmq nats etcd coredns minio keycloak jenkins gitea sonarqube airflow spark flink cassandra couchdb " +
  "influxdb clickhouse neo4j solr wordpress drupal ghost nextcloud mattermost superset metabase jupyter " +
  "tensorflow pytorch triton ollama caddy httpd varnish squid dnsmasq wireguard postfix certbot harbor argocd " +
  "tekton buildkit kaniko terraform ansible vector telegraf netdata zabbix sentry matomo strapi directus hasura"
).split(" ");
const ROLES = (
  "api server proxy gateway worker runtime exporter operator agent controller cli tools sdk builder runner web " +
  "app cache queue stream auth metrics backup scheduler inference notebook pipeline dashboard console bridge " +
  "relay connector plugin sidecar daemon monitor scanner migrator loader indexer renderer compiler"
).split(" ");
const QUALIFIERS = "slim minimal debug legacy nightly edge lts enterprise community lite distroless".split(" ");
/** Words of About text, the frequent ones first. */
export const COMMON_WORDS = (
  "the and to of a in for is with this image on can be you by from as it or are build container run docker " +
  "server version use data configuration default release support file port environment application service " +
  "network production stable latest volume security performance client cluster deployment kubernetes cloud " +
  "native open source project documentation install command example options features logging metrics health " +
  "endpoint certificate authentication token secret storage memory request response update upstream package"
).split(" ");
const RARE_SYLLABLES = "ka lo mi ne ru ta vo zi pe sa du fa gi ho ju ke li mo nu po".split(" ");
const ARCHITECTURE_SETS = [
  ["amd64"],
  ["amd64", "arm64"],
  ["amd64", "arm64", "arm"],
  ["amd64", "arm64", "ppc64le", "s390x"],
  ["arm64"],
  ["amd64", "arm64", "arm", "386", "ppc64le", "s390x"],
];

/** A made-up word (project names, the long tail of a vocabulary). */
export function coined(random: Random, syllables = 2 + random.int(2)): string {
  return Array.from({ length: syllables }, () => random.pick(RARE_SYLLABLES)).join("");
}

export function repositoryName(random: Random): string {
  const product = random.skewed(PRODUCTS, 1.6);
  const shape = random.next();
  if (shape < 0.25) return product;
  if (shape < 0.6) return `${product}-${random.pick(ROLES)}`;
  if (shape < 0.7) return `${product}-${random.pick(QUALIFIERS)}`;
  if (shape < 0.85) return `${random.pick(ROLES)}/${product}`;
  return `${product}-${random.pick(ROLES)}-${coined(random)}`;
}

function sentence(random: Random, topic: string[]): string {
  const words = Array.from({ length: 8 + random.int(14) }, () => {
    const r = random.next();
    if (r < 0.05) return random.pick(topic);
    if (r < 0.7) return random.skewed(COMMON_WORDS, 2);
    if (r < 0.8) return random.pick(PRODUCTS);
    return coined(random);
  });
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const paragraph = (random: Random, topic: string[]) =>
  Array.from({ length: 2 + random.int(5) }, () => sentence(random, topic)).join(" ");

/** README-like Markdown of about `length` characters: headings, paragraphs, lists, code, a table, links. */
export function markdownDocument(random: Random, title: string, topic: string[], length: number): string {
  const parts = [`# ${title}`, paragraph(random, topic)];
  let size = parts.join("\n\n").length;
  const sections = ["Features", "Quick start", "Configuration", "Tags", "Volumes", "Upgrading", "Troubleshooting"];
  for (let section = 0; size < length; section++) {
    let block: string;
    switch (section % 5) {
      case 0:
        block = `## ${sections[section % sections.length]}\n\n${paragraph(random, topic)}`;
        break;
      case 1:
        block = Array.from({ length: 3 + random.int(5) }, () => `- **${random.pick(COMMON_WORDS)}**: ${sentence(random, topic)}`).join("\n");
        break;
      case 2:
        block = `\`\`\`sh\ndocker run -d --name ${topic[0]} -p ${1000 + random.int(9000)}:80 \\\n  -e ${topic[0]!.toUpperCase().replace(/\W/g, "_")}_MODE=production \\\n  -v data:/var/lib/${topic[0]} ${title}:latest\n\`\`\``;
        break;
      case 3:
        block = `| Variable | Default | Meaning |\n| --- | --- | --- |\n${Array.from(
          { length: 3 + random.int(6) },
          () => `| \`${coined(random).toUpperCase()}_${random.pick(COMMON_WORDS).toUpperCase()}\` | \`${random.int(100)}\` | ${sentence(random, topic)} |`,
        ).join("\n")}`;
        break;
      default:
        block = `${paragraph(random, topic)} See [the ${random.pick(COMMON_WORDS)} guide](https://docs.example.com/${topic[0]}/${coined(random)}) and *${random.pick(topic)}* notes.`;
    }
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join("\n\n");
}

/** About lengths as registries have them: mostly a few KB, some short, a few near the 25 KB limit (~20 KB). */
export function aboutLength(random: Random): number {
  const r = random.next();
  if (r < 0.1) return 200 + random.int(400);
  if (r < 0.7) return 1_000 + random.int(3_000);
  if (r < 0.95) return 4_000 + random.int(6_000);
  return 18_000 + random.int(4_000);
}

export function categoriesOf(random: Random): string[] {
  return [...new Set(Array.from({ length: 1 + random.int(2) }, () => random.skewed(CATEGORIES, 1.5)))];
}

export const digestOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

function imageDetails(random: Random, seed: string): ImageDetails {
  const layers = 3 + random.int(7);
  return {
    layers: Array.from({ length: layers }, (_, i) => ({
      digest: digestOf(`${seed}/layer/${i}`),
      mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      size: 1_000 + random.int(60_000_000),
    })),
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: [seed.split("/")[0]!, "--config", "/etc/app/config.yaml"],
    envNames: ["PATH", "APP_VERSION", "APP_HOME", ...(random.chance(0.5) ? ["LANG", "TZ"] : [])],
    exposedPorts: random.chance(0.7) ? [`${1000 + random.int(9000)}/tcp`] : [],
    workingDir: "/app",
    user: random.chance(0.5) ? "10001" : null,
    labels: { "org.opencontainers.image.source": `https://git.example.com/${seed.split(":")[0]}` },
    history: Array.from({ length: layers + 2 }, (_, i) => ({
      created: "2026-01-01T00:00:00Z",
      createdBy: i < 2 ? `/bin/sh -c #(nop) ENV APP_STEP=${i}` : `RUN /bin/sh -c apk add --no-cache ${coined(random)} ${coined(random)} && make install # buildkit`,
      emptyLayer: i < 2,
      comment: "buildkit.dockerfile.v0",
    })),
    truncated: false,
  };
}

/** A tag as the registry client resolves it: an index over `architectures`, or an image for one. */
export function resolvedTag(random: Random, path: string, tag: string, architectures: string[]): ResolvedTag {
  const seed = `${path}:${tag}`;
  const platforms: PlatformImage[] = architectures.map((architecture) => ({
    os: "linux",
    architecture,
    variant: architecture === "arm" ? "v7" : null,
    digest: digestOf(`${seed}/${architecture}`),
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    compressedSize: 5_000_000 + random.int(200_000_000),
    details: imageDetails(random, seed),
  }));
  const index = platforms.length > 1;
  return {
    tag,
    digest: index ? digestOf(seed) : platforms[0]!.digest,
    mediaType: index ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json",
    kind: index ? "oci-index" : "oci-image",
    artifactType: null,
    platforms,
    subject: null,
    attachments: [],
    totalSize: platforms.reduce((total, p) => total + (p.compressedSize ?? 0), 0),
    created: null,
    annotations: {},
    files: [],
  };
}

/** The tag names of an ordinary repository: latest plus a few versions, ~5 on most. */
export function tagNames(random: Random): string[] {
  const count = random.chance(0.1) ? 1 : random.chance(0.9) ? 3 + random.int(5) : 10 + random.int(30);
  const names = new Set(["latest"]);
  const major = 1 + random.int(9);
  for (let minor = random.int(20); names.size < count; minor++) {
    names.add(`${major}.${minor}.${random.int(10)}`);
    if (names.size < count && random.chance(0.3)) names.add(`${major}.${minor}-alpine`);
  }
  return [...names];
}

export const architecturesOf = (random: Random) => random.skewed(ARCHITECTURE_SETS, 1.7);
