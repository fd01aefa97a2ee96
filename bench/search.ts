/**
 * Embedded search benchmark: builds an index of BENCH_DOCS (default 100,000)
 * generated repositories in a temporary file, then times ~200 queries per
 * kind and prints latency percentiles and hit@1. Figures only, no assertions.
 *
 *   tsx bench/search.ts                 # 100k documents, a few minutes
 *   BENCH_DOCS=20000 tsx bench/search.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedSearchEngine } from "@/lib/search/embedded/engine";
import type { SearchDocument, SearchFilters, SearchQuery, SearchSort } from "@/lib/search/types";

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const QUERIES_PER_KIND = 200;
const SEED = 20_240_601;

// ---------------------------------------------------------------- generator

/** mulberry32: small, fast and deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (max: number) => Math.floor(random() * max);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
/** Zipf-ish pick: low indexes are much more frequent, the more so the higher the skew. */
const pickSkewed = <T>(items: readonly T[], skew = 2.5): T => items[Math.floor(items.length * random() ** skew)]!;
const chance = (p: number) => random() < p;

const PRODUCTS = (
  "nginx redis postgres mysql mariadb mongo kafka zookeeper alpine ubuntu debian fedora python node golang rust " +
  "openjdk tomcat jetty traefik envoy haproxy consul vault grafana prometheus loki tempo jaeger elastic kibana " +
  "logstash fluentd memcached rabbitmq nats etcd coredns minio keycloak jenkins gitlab gitea sonarqube nexus " +
  "airflow spark flink hadoop cassandra couchdb influxdb clickhouse timescale neo4j solr wordpress drupal joomla " +
  "ghost nextcloud mattermost rocketchat superset metabase redash jupyter tensorflow pytorch triton onnx ollama " +
  "vllm caddy httpd varnish squid bind dnsmasq openvpn wireguard postfix dovecot certbot registry harbor argocd " +
  "tekton buildkit kaniko podman skopeo terraform ansible packer vector telegraf collectd netdata zabbix nagios " +
  "sentry posthog matomo plausible umami strapi directus hasura supabase appwrite pocketbase keydb valkey dragonfly"
).split(" ");
const ROLES = (
  "api server proxy gateway worker runtime exporter operator agent controller cli tools sdk builder runner web " +
  "app service cache queue stream auth metrics logs backup sync scheduler inference training notebook pipeline " +
  "dashboard console portal bridge relay adapter connector plugin sidecar daemon monitor scanner validator " +
  "migrator seeder loader indexer crawler renderer compiler bundler tester debugger profiler analyzer"
).split(" ");
const QUALIFIERS = "unprivileged slim minimal debug legacy nightly edge lts enterprise community lite distroless".split(" ");
const CATEGORIES = (
  "web-servers databases caching messaging monitoring logging security networking storage developer-tools " +
  "machine-learning data-science operating-systems languages ci-cd content-management analytics api-management " +
  "identity backup streaming search observability infrastructure integration"
).split(" ");
/** Platform sets as multi-platform builds produce them, most common first. */
const ARCHITECTURES = [
  ["amd64"],
  ["amd64", "arm64"],
  ["amd64", "arm64", "arm"],
  ["arm64"],
  ["amd64", "arm64", "ppc64le", "s390x"],
  ["amd64", "arm64", "arm", "386", "ppc64le", "s390x"],
  ["amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64"],
  ["amd64", "386"],
];
const COMMON = (
  "the a an and or of to in for with on by from as is are be this that it its can use using used run runs " +
  "container image images docker build built version versions release latest stable support supports default " +
  "configuration config file files directory environment variable variables port ports volume volumes network " +
  "service services application applications data database server client clients user users access secure " +
  "security performance fast lightweight production ready open source project community license documentation " +
  "install installation start started setup example examples command commands option options start stop " +
  "deploy deployment cluster kubernetes helm chart charts cloud native scalable reliable available high " +
  "features feature including include includes based base layer layers package packages dependency update " +
  "updates maintained official upstream compatible compatibility platform platforms linux windows arm " +
  "memory storage cache request requests response responses log logs logging metric metrics monitor health " +
  "check checks endpoint endpoints http https tls certificate certificates authentication authorization token " +
  "tokens key keys secret secrets password mount mounted path paths host hosts local remote connect connection"
).split(" ");

/** Frequent content words of COMMON (past the function words): each is in 40-90% of About texts. */
const COMMON_QUERY_WORDS = COMMON.slice(20, 80).filter((word) => word.length >= 3);

/** Pronounceable made-up words: the long tail of an About vocabulary. */
function makeWords(count: number): string[] {
  const onsets = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr ch sh th".split(" ");
  const vowels = "a e i o u ai ea io ou".split(" ");
  const codas = ["", "", "n", "r", "s", "t", "l", "m", "x", "nd", "st", "rk"];
  const result = new Set<string>();
  while (result.size < count) {
    let word = "";
    for (let syllables = 1 + int(3); syllables > 0; syllables--) word += pick(onsets) + pick(vowels) + pick(codas);
    result.add(word);
  }
  return [...result];
}
const TAIL = makeWords(20_000);
const NAMESPACES = makeWords(3_000).map((word, i) => (i % 7 === 0 ? `${word}-labs` : word));

function makeName(): string {
  const product = pickSkewed(PRODUCTS, 1.5);
  const shape = random();
  if (shape < 0.25) return product;
  if (shape < 0.6) return `${product}-${pick(ROLES)}`;
  if (shape < 0.7) return `${product}_${pick(ROLES)}`;
  if (shape < 0.8) return `${product}-${pick(QUALIFIERS)}`;
  if (shape < 0.9) return `${pick(ROLES)}/${product}`;
  return `${product}-${pick(ROLES)}-${pick(ROLES)}`;
}

function sentence(nameWords: string[]): string {
  const length = 8 + int(12);
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const r = random();
    if (r < 0.03) parts.push(pick(nameWords));
    else if (r < 0.04) parts.push(pick(PRODUCTS));
    else if (r < 0.06) parts.push(pick(ROLES));
    else if (r < 0.66) parts.push(pickSkewed(COMMON));
    else parts.push(pickSkewed(TAIL));
  }
  return `${parts.join(" ")}.`;
}

function makeDocument(taken: Set<string>): SearchDocument {
  let namespace = pickSkewed(NAMESPACES);
  let name = makeName();
  while (taken.has(`${namespace}/${name}`)) name = `${name}-${int(100)}`;
  taken.add(`${namespace}/${name}`);
  const nameWords = name.split(/[-_/]/);
  const sentences: string[] = [];
  for (let words = 0; words < 280; words += sentences.at(-1)!.split(" ").length) sentences.push(sentence(nameWords));
  const about = sentences.join(" ");
  const operatingSystems = chance(0.92) ? (chance(0.08) ? ["linux", "windows"] : ["linux"]) : ["windows"];
  const official = chance(0.01);
  return {
    fullName: `${namespace}/${name}`,
    namespace,
    name,
    publisher: chance(0.3) ? `${namespace[0]!.toUpperCase()}${namespace.slice(1)} Inc.` : "",
    shortDescription: sentence(nameWords),
    about,
    tags: ["latest", ...Array.from({ length: int(6) }, () => `${1 + int(9)}.${int(30)}${chance(0.3) ? "-alpine" : ""}`)],
    categories: [...new Set(Array.from({ length: 1 + int(2) }, () => pickSkewed(CATEGORIES, 1.5)))],
    operatingSystems,
    architectures: [...pickSkewed(ARCHITECTURES, 1.5)],
    verified: official || chance(0.1),
    official,
    signed: chance(0.2),
    sbom: chance(0.1),
    // Pareto: most repositories have a few pulls, a handful have billions.
    pulls: Math.floor(10 * random() ** -1.6),
    updatedAt: Date.UTC(2026, 0, 1) - int(3 * 365 * 86_400_000),
  };
}

// ---------------------------------------------------------------- queries

interface BenchQuery {
  kind: string;
  /** A search, or the text of the search box as typed so far for suggestions. */
  query: SearchQuery | { suggest: string };
  /** fullName expected first, when known. */
  expected?: string;
}

const nameWordsOf = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** The repository a name query should return first: exact name (or full name), then most pulls, official, verified. */
function bestByName(documents: SearchDocument[], key: string): string | undefined {
  let best: SearchDocument | undefined;
  for (const doc of documents) {
    if (nameWordsOf(doc.name).join(" ") !== key && nameWordsOf(doc.fullName).join(" ") !== key) continue;
    if (!best || popularity(doc, best) < 0) best = doc;
  }
  return best?.fullName;
}
const popularity = (a: SearchDocument, b: SearchDocument) =>
  b.pulls - a.pulls || Number(b.official) - Number(a.official) || Number(b.verified) - Number(a.verified);

/** One typo that keeps the first letter: a swap, a substitution, a deletion or an insertion. */
function typo(word: string): string {
  const at = 1 + int(word.length - 2);
  const letter = pick("abcdefghijklmnopqrstuvwxyz".split(""));
  switch (int(4)) {
    case 0:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return word.slice(0, at) + letter + word.slice(at);
  }
}

function makeQueries(documents: SearchDocument[]): BenchQuery[] {
  const base = { filters: {}, sort: "relevance" as SearchSort, page: 1, pageSize: 20 };
  const queries: BenchQuery[] = [];
  // Users look for repositories people use: pick targets weighted towards popular ones.
  const byPulls = [...documents].sort(popularity);
  const target = () => pickSkewed(byPulls);

  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    const key = nameWordsOf(target().name).join(" ");
    queries.push({ kind: "exact", query: { ...base, q: key }, expected: bestByName(documents, key) });
  }
  for (let i = 0; i < QUERIES_PER_KIND; ) {
    const words = nameWordsOf(target().name);
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length < 5) continue;
    const misspelt = typo(longest);
    // Words under 5 letters allow no typo; a "typo" that is itself a name word has another answer.
    if (misspelt.length < 5 || PRODUCTS.includes(misspelt) || ROLES.includes(misspelt)) continue;
    const q = words.map((word) => (word === longest ? misspelt : word)).join(" ");
    queries.push({ kind: "typo", query: { ...base, q }, expected: bestByName(documents, words.join(" ")) });
    i++;
  }
  for (let i = 0; i < QUERIES_PER_KIND; ) {
    const word = pick(nameWordsOf(target().name));
    if (word.length < 5) continue;
    const prefix = word.slice(0, 3 + int(word.length - 3));
    // Expected: the most popular repository with a name word starting with the prefix.
    const expected = byPulls.find((doc) => nameWordsOf(doc.name).some((w) => w.startsWith(prefix)));
    queries.push({ kind: "prefix", query: { ...base, q: prefix }, expected: expected?.fullName });
    i++;
  }
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    // The search box after each keystroke: every prefix length, one letter included.
    const name = target().name;
    queries.push({ kind: "suggest", query: { suggest: name.slice(0, 1 + int(name.length)) } });
  }
  for (const { query, expected } of queries.filter((q) => q.kind === "typo").slice(0, QUERIES_PER_KIND)) {
    queries.push({ kind: "suggest-typo", query: { suggest: (query as SearchQuery).q }, expected });
  }
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    // Words most About texts hold ("build", "image", "docker"), alone, as a visitor tries them.
    queries.push({ kind: "common-word", query: { ...base, q: pick(COMMON_QUERY_WORDS) } });
  }
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    const doc = target();
    const q = [...nameWordsOf(doc.name), pick(nameWordsOf(doc.shortDescription))].join(" ");
    queries.push({ kind: "multi-word", query: { ...base, q } });
  }
  const randomFilters = (): SearchFilters => {
    const filters: SearchFilters = {};
    const r = random();
    if (r < 0.3) filters.architecture = chance(0.5) ? ["arm64"] : ["arm64", "s390x"];
    else if (r < 0.5) filters.os = ["windows"];
    else if (r < 0.8) filters.categories = [pickSkewed(CATEGORIES)];
    else filters.verified = true;
    if (chance(0.3)) filters.official = true;
    return filters;
  };
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    queries.push({
      kind: "filtered",
      query: { ...base, q: pick(nameWordsOf(target().name)), filters: randomFilters(), sort: pick(["pulls", "updated"] as const) },
    });
  }
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    queries.push({
      kind: "browse",
      query: {
        ...base,
        q: "",
        filters: chance(0.5) ? randomFilters() : {},
        sort: pick(["relevance", "pulls", "updated"] as const),
        page: 1 + int(5),
      },
    });
  }
  return queries;
}

// ---------------------------------------------------------------- run

const KINDS = ["exact", "typo", "prefix", "common-word", "multi-word", "filtered", "browse", "suggest", "suggest-typo"];
/** Suggestions the search box asks for. */
const SUGGESTIONS = 8;

/** Interleaves the kinds, so a burst of load on the machine does not land on one kind. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (value: number) => value.toFixed(1).padStart(7);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "galleon-bench-"));
  const path = join(dir, "search.db");
  try {
    console.log(`Generating ${DOCS.toLocaleString("en")} documents (seed ${SEED})...`);
    const taken = new Set<string>();
    const documents = Array.from({ length: DOCS }, () => makeDocument(taken));

    const writer = new EmbeddedSearchEngine(path);
    await writer.setup();
    let started = performance.now();
    for (let start = 0; start < documents.length; start += 5_000) {
      await writer.replace(documents.slice(start, start + 5_000));
    }
    const buildSeconds = (performance.now() - started) / 1000;
    await writer.close();
    const size = statSync(path).size;
    console.log(`Build: ${buildSeconds.toFixed(1)} s, on disk ${(size / 1024 ** 2).toFixed(0)} MB`);

    // Query through a separate reader, as the web app does.
    started = performance.now();
    const reader = new EmbeddedSearchEngine(path);
    await reader.setup();
    await reader.search({ q: "warm", filters: {}, sort: "relevance", page: 1, pageSize: 20 });
    console.log(`Reader start + first query: ${(performance.now() - started).toFixed(0)} ms\n`);

    const queries = shuffle(makeQueries(documents));
    const timings = new Map<string, number[]>();
    const hits = new Map<string, { first: number; known: number }>();
    const sizes = new Map<string, number[]>();
    for (const { kind, query, expected } of queries) {
      const t0 = performance.now();
      const answer = "suggest" in query ? await reader.suggest(query.suggest, SUGGESTIONS) : await reader.search(query);
      const elapsed = performance.now() - t0;
      const first = Array.isArray(answer) ? answer[0]?.fullName : answer.hits[0]?.document.fullName;
      if (!timings.has(kind)) timings.set(kind, []);
      timings.get(kind)!.push(elapsed);
      // What the engine hands the API for a page of 20 hits (or 8 suggestions), as JSON.
      if (!sizes.has(kind)) sizes.set(kind, []);
      sizes.get(kind)!.push(JSON.stringify(answer).length);
      if (expected !== undefined) {
        const score = hits.get(kind) ?? { first: 0, known: 0 };
        score.known++;
        if (first === expected) score.first++;
        hits.set(kind, score);
      }
    }
    await reader.close();

    console.log("kind          p50 ms  p95 ms  max ms  KB p50  KB max  hit@1");
    const row = (kind: string, values: number[], bytes: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const kb = [...bytes].sort((a, b) => a - b).map((n) => n / 1024);
      const score = hits.get(kind);
      const hit = score ? `${score.first}/${score.known}` : "";
      console.log(
        `${kind.padEnd(12)} ${ms(percentile(sorted, 0.5))} ${ms(percentile(sorted, 0.95))} ${ms(sorted.at(-1)!)} ` +
          `${ms(percentile(kb, 0.5))} ${ms(kb.at(-1)!)}  ${hit}`,
      );
    };
    for (const kind of KINDS) row(kind, timings.get(kind)!, sizes.get(kind)!);
    row("overall", [...timings.values()].flat(), [...sizes.values()].flat());
    // Latency on a shared machine depends on what else runs: show it next to the figures.
    console.log(`\nLoad average (1 min) at the end: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
