/**
 * The search contract, run against every engine: the embedded engine always,
 * Meilisearch when MEILI_URL is set. Plus unit tests of the pure pieces
 * (query parsing, Meilisearch filter escaping, highlight splitting).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedSearchEngine } from "@/lib/search/embedded/engine";
import { SearchThreads, searchThreadCount } from "@/lib/search/embedded/search-threads";
import { FencedOutError } from "@/lib/search/fence";
import { typoDistance } from "@/lib/search/embedded/text";
import { splitHighlight } from "@/lib/search/highlight";
import { buildFilter, documentId, MeilisearchSearchEngine, quoteFilterValue } from "@/lib/search/meilisearch";
import { parseSearchQuery, SearchQueryError } from "@/lib/search/query";
import { MAX_TOTAL_HITS } from "@/lib/search/rules";
import type {
  Highlight,
  SearchDocument,
  SearchEngine,
  SearchFacets,
  SearchFilters,
  SearchHitDocument,
  SearchQuery,
  SearchResult,
} from "@/lib/search/types";
import { TEST_NOW, testDocument } from "./support/search-documents";

// ---------------------------------------------------------------- fixtures

const DAY = 86_400_000;
const ALL_ARCHES = ["amd64", "arm64", "arm", "386", "ppc64le", "s390x"];


const ML_ABOUT = [
  "Nimbus ML Runtime packages everything needed to serve trained models behind a stable HTTP and gRPC interface.",
  "It loads models from object storage at start-up, keeps them warm in memory and spreads workers over nodes as requests grow.",
  ...Array.from(
    { length: 12 },
    (_, i) =>
      `Section ${i + 1} of the operator guide covers deployment topics such as health checks, rolling upgrades, ` +
      "resource limits, observability through structured logs and metrics, and recovery after node failures in a cluster.",
  ),
  "Supports int8 quantization for smaller models and faster inference on commodity hardware.",
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `Appendix ${i + 1} lists configuration keys, environment variables and their defaults, ` +
      "together with examples for Kubernetes manifests and compose files used in production deployments.",
  ),
].join(" ");

const FIXTURES: SearchDocument[] = [
  testDocument("library/nginx", {
    publisher: "Docker",
    shortDescription: "Official build of Nginx.",
    about:
      'Nginx (pronounced "engine-x") is an open source reverse proxy server for HTTP, HTTPS, SMTP, POP3, and IMAP ' +
      "protocols, as well as a load balancer, HTTP cache, and a web server (origin server).",
    tags: ["latest", "1.27", "1.27-alpine", "stable"],
    categories: ["web-servers"],
    architectures: ALL_ARCHES,
    verified: true,
    official: true,
    signed: true,
    sbom: true,
    pulls: 1_000_000_000,
    updatedAt: TEST_NOW - 2 * DAY,
  }),
  testDocument("bitnami/nginx", {
    publisher: "Bitnami",
    shortDescription: "Bitnami container image for NGINX Open Source",
    about: "A hardened web server image maintained by Bitnami, built on a minimal base and rebuilt daily.",
    categories: ["web-servers"],
    architectures: ["amd64", "arm64"],
    verified: true,
    signed: true,
    pulls: 200_000_000,
    updatedAt: TEST_NOW - 1 * DAY,
  }),
  testDocument("nginxinc/nginx-unprivileged", {
    publisher: "NGINX, Inc.",
    shortDescription: "Unprivileged NGINX Dockerfiles",
    about: "Runs nginx as a non-root user, listening on port 8080 instead of port 80.",
    categories: ["web-servers", "security"],
    architectures: ["amd64", "arm64", "ppc64le", "s390x"],
    verified: true,
    sbom: true,
    // More pulls than bitnami/nginx: only the exact-name rank puts that one first for "nginx".
    pulls: 250_000_000,
    updatedAt: TEST_NOW - 5 * DAY,
  }),
  testDocument("library/alpine", {
    publisher: "Docker",
    shortDescription: "A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!",
    about: "Alpine Linux is a Linux distribution built around musl libc and BusyBox.",
    categories: ["operating-systems"],
    architectures: [...ALL_ARCHES, "riscv64"],
    verified: true,
    official: true,
    pulls: 900_000_000,
    updatedAt: TEST_NOW - 10 * DAY,
  }),
  testDocument("library/redis", {
    publisher: "Docker",
    shortDescription: "Redis is the world's fastest data platform for caching, vector search, and NoSQL databases.",
    about: "Redis is an in-memory data structure store, used as a database, cache and message broker.",
    categories: ["databases", "caching"],
    architectures: ["amd64", "arm64", "arm", "s390x"],
    verified: true,
    official: true,
    pulls: 800_000_000,
    updatedAt: TEST_NOW - 3 * DAY,
  }),
  testDocument("library/postgres", {
    publisher: "Docker",
    shortDescription: "The PostgreSQL object-relational database system provides reliability and data integrity.",
    about: "PostgreSQL, often simply Postgres, is an object-relational database management system.",
    categories: ["databases"],
    architectures: ["amd64", "arm64", "ppc64le", "s390x"],
    verified: true,
    official: true,
    pulls: 700_000_000,
    updatedAt: TEST_NOW - 4 * DAY,
  }),
  testDocument("library/python", {
    publisher: "Docker",
    shortDescription: "Python is an interpreted, interactive, object-oriented, open-source programming language.",
    about: "Python is a programming language that lets you work quickly and integrate systems more effectively.",
    categories: ["languages"],
    operatingSystems: ["linux", "windows"],
    architectures: ["amd64", "arm64"],
    verified: true,
    official: true,
    pulls: 600_000_000,
    updatedAt: TEST_NOW - 6 * DAY,
  }),
  testDocument("library/traefik", {
    publisher: "Docker",
    shortDescription: "Traefik, the cloud native edge router",
    about: "Traefik is a modern reverse proxy and load balancer that makes deploying microservices easy.",
    categories: ["networking", "web-servers"],
    operatingSystems: ["linux", "windows"],
    architectures: ["amd64", "arm64", "arm"],
    verified: true,
    official: true,
    pulls: 400_000_000,
    updatedAt: TEST_NOW - 8 * DAY,
  }),
  testDocument("grafana/grafana", {
    publisher: "Grafana Labs",
    shortDescription: "The open and composable observability and data visualization platform.",
    about: "Query, visualize, alert on and understand your metrics no matter where they are stored.",
    categories: ["monitoring"],
    architectures: ["amd64", "arm64", "arm"],
    verified: true,
    pulls: 500_000_000,
    updatedAt: TEST_NOW - 12 * DAY,
  }),
  testDocument("prom/node-exporter", {
    publisher: "Prometheus",
    shortDescription: "Exporter for machine metrics",
    about: "Prometheus exporter for hardware and OS metrics exposed by *NIX kernels.",
    categories: ["monitoring"],
    architectures: ["amd64", "arm64", "arm", "ppc64le", "s390x"],
    verified: true,
    pulls: 300_000_000,
    updatedAt: TEST_NOW - 20 * DAY,
  }),
  testDocument("microsoft/windows-servercore", {
    publisher: "Microsoft",
    shortDescription: "Windows Server Core base OS container image",
    about: "The Windows Server Core base image for containers.",
    categories: ["operating-systems"],
    operatingSystems: ["windows"],
    verified: true,
    pulls: 30_000_000,
    updatedAt: TEST_NOW - 30 * DAY,
  }),
  testDocument("acme/api-server", {
    publisher: "Acme Corp",
    shortDescription: "REST API server for the Acme platform",
    about: "Serves the Acme REST API. Configure it with environment variables.",
    categories: ["developer-tools"],
    pulls: 12_000,
    updatedAt: TEST_NOW - 40 * DAY,
  }),
  testDocument("acme/tools/cli", {
    publisher: "Acme Corp",
    shortDescription: "Command-line client for the Acme platform",
    about: "Manage Acme resources from your terminal.",
    categories: ["developer-tools"],
    operatingSystems: ["linux", "windows"],
    architectures: ["amd64", "arm64"],
    pulls: 3_400,
    updatedAt: TEST_NOW - 50 * DAY,
  }),
  testDocument("nimbus/ml-runtime", {
    publisher: "Nimbus AI",
    shortDescription: "GPU-ready runtime for serving machine learning models",
    about: ML_ABOUT,
    categories: ["machine-learning"],
    architectures: ["amd64", "arm64"],
    verified: true,
    pulls: 45_000,
    updatedAt: TEST_NOW - 7 * DAY,
  }),
  testDocument("library/busybox", {
    publisher: "Docker",
    shortDescription: "Busybox base image.",
    about: "BusyBox combines tiny versions of many common UNIX utilities into a single small executable.",
    categories: ["operating-systems"],
    architectures: [...ALL_ARCHES, "riscv64"],
    verified: true,
    official: true,
    pulls: 100_000_000,
    updatedAt: TEST_NOW - 15 * DAY,
  }),
  testDocument("library/memcached", {
    publisher: "Docker",
    shortDescription: "Free & open source, high-performance, distributed memory object caching system.",
    about: "Memcached is an in-memory key-value store for small chunks of arbitrary data.",
    categories: ["caching"],
    architectures: ["amd64", "arm64"],
    verified: true,
    official: true,
    pulls: 150_000_000,
    updatedAt: TEST_NOW - 9 * DAY,
  }),
];

/** A private repository: the indexer never hands it to an engine. */
const PRIVATE = testDocument("secretcorp/payroll-db", {
  shortDescription: "Internal payroll database",
  about: "Salaries and payroll history.",
  categories: ["databases"],
  pulls: 999_999_999_999,
});

// ---------------------------------------------------------------- helpers

function query(fields: Partial<SearchQuery> = {}): SearchQuery {
  return { q: "", filters: {}, sort: "relevance", page: 1, pageSize: 100, ...fields };
}

const names = (result: SearchResult) => result.hits.map((hit) => hit.document.fullName);
const byName = (result: SearchResult, fullName: string) => result.hits.find((hit) => hit.document.fullName === fullName);
const text = (highlight: Highlight) => highlight.map((segment) => segment.text).join("");
const matched = (highlight: Highlight) => highlight.filter((segment) => segment.match).map((segment) => segment.text.toLowerCase());

/** What filters select, computed from the fixtures independently of any engine. */
function oracle(docs: SearchDocument[], filters: SearchFilters): SearchDocument[] {
  const any = (values: string[], wanted?: string[]) => !wanted?.length || values.some((value) => wanted.includes(value));
  return docs.filter(
    (d) =>
      any(d.operatingSystems, filters.os) &&
      any(d.architectures, filters.architecture) &&
      any(d.categories, filters.categories) &&
      any([d.namespace], filters.namespace) &&
      (filters.verified === undefined || d.verified === filters.verified) &&
      (filters.official === undefined || d.official === filters.official) &&
      (filters.signed === undefined || d.signed === filters.signed) &&
      (filters.sbom === undefined || d.sbom === filters.sbom),
  );
}

function facetsOf(docs: SearchHitDocument[]): SearchFacets {
  const count = (values: string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  return {
    os: count(docs.flatMap((d) => d.operatingSystems)),
    architecture: count(docs.flatMap((d) => d.architectures)),
    categories: count(docs.flatMap((d) => d.categories)),
    namespace: count(docs.map((d) => d.namespace)),
    verified: docs.filter((d) => d.verified).length,
    official: docs.filter((d) => d.official).length,
    signed: docs.filter((d) => d.signed).length,
    sbom: docs.filter((d) => d.sbom).length,
  };
}

const sortedNames = (docs: SearchDocument[]) => docs.map((d) => d.fullName).sort();
const fixture = (fullName: string) => FIXTURES.find((d) => d.fullName === fullName)!;
const EMPTY_FACETS: SearchFacets = { os: {}, architecture: {}, categories: {}, namespace: {}, verified: 0, official: 0, signed: 0, sbom: 0 };

// ---------------------------------------------------------------- the contract

interface EngineUnderTest {
  engine: SearchEngine;
  /** Another engine on the same index, as a second process opens it; disposed with the first. */
  writer(): SearchEngine;
  dispose(): Promise<void>;
}

/** The contract every engine meets. `open` returns a new, empty engine each call. */
function searchContract(kind: string, open: () => Promise<EngineUnderTest>) {
  describe(`${kind} search engine`, () => {
    let subject: EngineUnderTest;
    let engine: SearchEngine;
    const search = (fields: Partial<SearchQuery>) => engine.search(query(fields));

    beforeAll(async () => {
      subject = await open();
      engine = subject.engine;
      await engine.setup();
      await engine.setup(); // idempotent
      await engine.replace(FIXTURES);
    });
    afterAll(async () => subject?.dispose());

    /** A fresh engine with the fixtures, for tests that change documents. */
    async function scratch(): Promise<EngineUnderTest> {
      const fresh = await open();
      await fresh.engine.setup();
      await fresh.engine.replace(FIXTURES);
      return fresh;
    }

    it("lists exactly the documents it was handed", async () => {
      expect(await engine.listFullNames()).toEqual(sortedNames(FIXTURES));
    });

    it("browses everything on an empty query, by pulls, official, verified", async () => {
      const result = await search({});
      expect(result.total).toBe(FIXTURES.length);
      expect(names(result)).toEqual([...FIXTURES].sort((a, b) => b.pulls - a.pulls).map((d) => d.fullName));
      expect(result.facets).toEqual(facetsOf(FIXTURES));
    });

    it("returns the document unchanged in a hit, but for About, which it only excerpts", async () => {
      const hit = byName(await search({ q: "runtime" }), "nimbus/ml-runtime");
      const { about: _about, ...document } = fixture("nimbus/ml-runtime");
      expect(hit?.document).toEqual(document);
      expect(hit?.document).not.toHaveProperty("about");
    });

    it("ranks an exact name first, equally exact names by pulls", async () => {
      expect(names(await search({ q: "redis" }))[0]).toBe("library/redis");
      expect(names(await search({ q: "alpine" }))[0]).toBe("library/alpine");
      expect(names(await search({ q: "python" }))[0]).toBe("library/python");
      expect(names(await search({ q: "nginx" })).slice(0, 3)).toEqual([
        "library/nginx",
        "bitnami/nginx",
        "nginxinc/nginx-unprivileged",
      ]);
      expect(names(await search({ q: "acme/tools/cli" }))[0]).toBe("acme/tools/cli");
    });

    it("ranks by field weights (bm25) before popularity outside the name", async () => {
      // node-exporter has "metrics" in its short description, grafana (more pulls) only in About.
      expect(names(await search({ q: "metrics" })).slice(0, 2)).toEqual(["prom/node-exporter", "grafana/grafana"]);
    });

    it("splits names into words: tools/cli, api-server, ml-runtime", async () => {
      expect(names(await search({ q: "cli" }))[0]).toBe("acme/tools/cli");
      expect(names(await search({ q: "tools" }))[0]).toBe("acme/tools/cli");
      expect(names(await search({ q: "api" }))[0]).toBe("acme/api-server");
      expect(names(await search({ q: "server" }))).toContain("acme/api-server");
      expect(names(await search({ q: "ml" }))[0]).toBe("nimbus/ml-runtime");
    });

    it("tolerates typos: 1 from 5 letters, 2 from 9, a swap is one", async () => {
      expect(names(await search({ q: "ngnix" }))[0]).toBe("library/nginx");
      expect(names(await search({ q: "redsi" }))[0]).toBe("library/redis");
      expect(names(await search({ q: "postgers" }))[0]).toBe("library/postgres");
      // "servercore" with two swaps.
      expect(names(await search({ q: "sevrerocre" }))[0]).toBe("microsoft/windows-servercore");
    });

    it("allows no typo in words under 5 letters, nor in the first letter", async () => {
      const short = await search({ q: "ngix" });
      expect(short.total).toBe(0);
      expect(short.hits).toEqual([]);
      expect((await search({ q: "mginx" })).total).toBe(0);
      expect((await search({ q: "nignx" })).total).toBeGreaterThan(0); // the same letters, first one kept
    });

    it("ranks exact spellings before typo matches", async () => {
      // "nodes" is only in ml-runtime's About; node-exporter (more pulls, "node" in its name) is one typo away.
      const result = await search({ q: "nodes" });
      expect(names(result)[0]).toBe("nimbus/ml-runtime");
      expect(names(result)).toContain("prom/node-exporter");
    });

    it("matches the last word as a prefix, and only the last", async () => {
      expect(names(await search({ q: "ngi" }))[0]).toBe("library/nginx");
      expect(names(await search({ q: "postg" }))[0]).toBe("library/postgres");
      expect(names(await search({ q: "busy" }))[0]).toBe("library/busybox");
      expect(names(await search({ q: "acme ap" }))[0]).toBe("acme/api-server");
      expect((await search({ q: "ngi server" })).total).toBe(0);
    });

    it("requires every word of a multi-word query", async () => {
      expect(names(await search({ q: "api server" }))[0]).toBe("acme/api-server");
      expect(names(await search({ q: "alpine linux" }))[0]).toBe("library/alpine");
      expect(names(await search({ q: "machine learning models" }))).toEqual(["nimbus/ml-runtime"]);
      expect((await search({ q: "nginx payroll" })).total).toBe(0);
    });

    it.each<[string, SearchFilters]>([
      ["os", { os: ["windows"] }],
      ["architecture, OR within the field", { architecture: ["s390x", "riscv64"] }],
      ["os AND architecture", { os: ["windows"], architecture: ["arm64"] }],
      ["categories", { categories: ["databases"] }],
      ["categories OR", { categories: ["caching", "monitoring"] }],
      ["namespace", { namespace: ["acme"] }],
      ["namespaces OR", { namespace: ["acme", "nimbus"] }],
      ["verified", { verified: true }],
      ["official", { official: true }],
      ["not official", { official: false }],
      ["signed", { signed: true }],
      ["with an SBOM", { sbom: true }],
      ["signed AND with an SBOM", { signed: true, sbom: true }],
      ["not signed", { signed: false }],
      ["everything at once", { os: ["linux"], architecture: ["arm"], categories: ["web-servers"], verified: true, official: true }],
    ])("filters by %s, with facet counts of exactly the filtered hits", async (_, filters) => {
      const expected = oracle(FIXTURES, filters);
      expect(expected.length).toBeGreaterThan(0);
      const result = await search({ filters });
      expect(result.total).toBe(expected.length);
      expect(names(result).sort()).toEqual(sortedNames(expected));
      expect(result.facets).toEqual(facetsOf(expected));
      expect(result.facets).toEqual(facetsOf(result.hits.map((hit) => hit.document)));
    });

    it("filters text queries and counts their facets over the matches", async () => {
      const filters: SearchFilters = { architecture: ["arm64"] };
      const result = await search({ q: "server", filters });
      const hits = result.hits.map((hit) => hit.document);
      expect(result.total).toBe(hits.length);
      expect(hits.length).toBeGreaterThan(1);
      expect(hits.every((d) => d.architectures.includes("arm64"))).toBe(true);
      expect(names(result)).not.toContain("acme/api-server"); // amd64 only
      expect(result.facets).toEqual(facetsOf(hits));
    });

    it("sorts by pulls and by update time over all matches", async () => {
      const byPulls = await search({ q: "server", sort: "pulls" });
      const pulls = byPulls.hits.map((hit) => hit.document.pulls);
      expect(pulls.length).toBeGreaterThan(2);
      expect(pulls).toEqual([...pulls].sort((a, b) => b - a));

      const byUpdate = await search({ sort: "updated" });
      expect(names(byUpdate)).toEqual([...FIXTURES].sort((a, b) => b.updatedAt - a.updatedAt).map((d) => d.fullName));

      // Relevance puts the exact name library/nginx first; sort=updated puts the newer bitnami/nginx first.
      const nginx = await search({ q: "nginx", sort: "updated" });
      const updated = nginx.hits.map((hit) => hit.document.updatedAt);
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
      expect(names(nginx)[0]).toBe("bitnami/nginx");
    });

    it("pages with a stable total and disjoint pages", async () => {
      const pages = await Promise.all([1, 2, 3, 4, 5].map((page) => search({ page, pageSize: 5 })));
      expect(pages.map((page) => page.total)).toEqual([16, 16, 16, 16, 16]);
      expect(pages.map((page) => page.hits.length)).toEqual([5, 5, 5, 1, 0]);
      expect(pages.map((page) => [page.page, page.pageSize])).toEqual([1, 2, 3, 4, 5].map((page) => [page, 5]));
      const all = pages.flatMap(names);
      expect(new Set(all).size).toBe(16);
      expect(all).toEqual(names(await search({})));

      // Text queries page through the same order as one big page, across rank tiers.
      for (const q of ["nginx", "server", "metrics", "ngnix", "nodes"]) {
        const whole = names(await search({ q }));
        const paged = await Promise.all([1, 2, 3, 4, 5].map((page) => search({ q, page, pageSize: 2 })));
        expect(paged.flatMap(names)).toEqual(whole.slice(0, 10));
      }

      const first = await search({ q: "nginx", pageSize: 1 });
      const second = await search({ q: "nginx", pageSize: 1, page: 2 });
      expect([names(first), names(second)]).toEqual([["library/nginx"], ["bitnami/nginx"]]);
      expect(second.total).toBe(first.total);
    });

    it("marks the matched words in name, short description and About", async () => {
      const nginx = byName(await search({ q: "nginx" }), "library/nginx")!;
      expect(nginx.highlights.name).toEqual([{ text: "nginx", match: true }]);
      expect(text(nginx.highlights.shortDescription)).toBe("Official build of Nginx.");
      expect(matched(nginx.highlights.shortDescription)).toEqual(["nginx"]);

      const cli = byName(await search({ q: "cli" }), "acme/tools/cli")!;
      expect(cli.highlights.name).toEqual([
        { text: "tools/", match: false },
        { text: "cli", match: true },
      ]);

      const ml = byName(await search({ q: "quantization" }), "nimbus/ml-runtime")!;
      expect(matched(ml.highlights.about)).toEqual(["quantization"]);
      expect(text(ml.highlights.about).length).toBeLessThan(ML_ABOUT.length / 3);
      expect(matched(ml.highlights.name)).toEqual([]);
      expect(ml.highlights.shortDescription).toEqual([{ text: fixture("nimbus/ml-runtime").shortDescription, match: false }]);

      const typo = byName(await search({ q: "ngnix" }), "library/nginx")!;
      expect(matched(typo.highlights.name)).toEqual(["nginx"]);
    });

    it("takes every hit's highlights from its own document, on any page and under filters", async () => {
      const queries: Array<Partial<SearchQuery>> = [
        { q: "database" },
        { q: "database", filters: { architecture: ["s390x"] } },
        { q: "platform", pageSize: 1, page: 2 },
        { q: "nginx", filters: { official: true } },
        { q: "machine", sort: "pulls" },
      ];
      let checked = 0;
      for (const query of queries) {
        for (const hit of (await search(query)).hits) {
          expect(text(hit.highlights.name)).toBe(hit.document.name);
          expect(text(hit.highlights.shortDescription)).toBe(hit.document.shortDescription);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5);
    });

    it("excerpts About's first sentences, unmarked, on an empty query or an About without matches", async () => {
      const browse = await search({});
      const redis = byName(browse, "library/redis")!;
      expect(redis.highlights.name).toEqual([{ text: "redis", match: false }]);
      expect(matched(redis.highlights.shortDescription)).toEqual([]);
      // A short About is its own excerpt.
      expect(redis.highlights.about).toEqual([{ text: fixture("library/redis").about, match: false }]);
      const cli = byName(await search({ q: "cli" }), "acme/tools/cli")!;
      expect(cli.highlights.about).toEqual([{ text: "Manage Acme resources from your terminal.", match: false }]);
      // A long one ends with its first sentence, whether browsed or found by its short description.
      const firstSentence = ML_ABOUT.slice(0, ML_ABOUT.indexOf(".") + 1);
      for (const result of [browse, await search({ q: "gpu" })]) {
        expect(byName(result, "nimbus/ml-runtime")!.highlights.about).toEqual([{ text: firstSentence, match: false }]);
      }
      const { engine: fresh, dispose } = await scratch();
      try {
        await fresh.replace([testDocument("acme/bare", { about: "" })]);
        expect(byName(await fresh.search(query({ q: "bare" })), "acme/bare")!.highlights.about).toEqual([]);
      } finally {
        await dispose();
      }
    });

    it("never returns a whole long About, on any page of any query", async () => {
      for (const fields of [{}, { q: "runtime" }, { q: "deployment" }, { q: "quantization", sort: "updated" as const }]) {
        const hit = byName(await search(fields), "nimbus/ml-runtime")!;
        expect(JSON.stringify(hit).length).toBeLessThan(ML_ABOUT.length / 3);
      }
    });

    it("never shows documents it was not handed", async () => {
      expect((await search({ q: "payroll" })).total).toBe(0);
      const browse = await search({});
      expect(names(browse)).not.toContain(PRIVATE.fullName);
      expect(browse.facets.namespace).not.toHaveProperty("secretcorp");
      const filtered = await search({ filters: { namespace: ["secretcorp"] } });
      expect([filtered.total, filtered.facets]).toEqual([0, EMPTY_FACETS]);
    });

    it.each<[string, SearchFilters]>([
      ["quotes", { os: ['linux" OR "1"="1'] }],
      ["SQL", { namespace: ["acme' OR '1'='1"] }],
      ["SQL comment", { categories: ['databases") OR 1=1 --'] }],
      ["filter syntax", { architecture: ["amd64 OR architectures EXISTS"] }],
      ["IN list syntax", { os: ['linux", "windows'] }],
      ["wildcards", { namespace: ["%"], categories: ["*"] }],
      ["backslash", { os: ["linux\\"] }],
    ])("treats hostile filter values as plain values (%s)", async (_, filters) => {
      const result = await search({ filters });
      expect([result.total, result.hits, result.facets]).toEqual([0, [], EMPTY_FACETS]);
      expect((await search({ q: "nginx", filters })).total).toBe(0);
    });

    it("matches a hostile value next to a real one as nothing more than itself", async () => {
      const result = await search({ filters: { os: ["windows", 'linux" OR "1"="1', "linux' --"] } });
      expect(names(result).sort()).toEqual(sortedNames(oracle(FIXTURES, { os: ["windows"] })));
    });

    it.each<[string, Partial<SearchQuery>]>([
      ["a long query", { q: "x".repeat(201) }],
      ["an unknown sort", { sort: "stars" as SearchQuery["sort"] }],
      ["page 0", { page: 0 }],
      ["page 101", { page: 101 }],
      ["a fractional page", { page: 1.5 }],
      ["pageSize 0", { pageSize: 0 }],
      ["pageSize 101", { pageSize: 101 }],
      ["an empty filter value", { filters: { os: [""] } }],
      ["an unknown filter", { filters: { color: ["red"] } as SearchFilters }],
    ])("rejects %s", async (_, fields) => {
      await expect(search(fields)).rejects.toBeInstanceOf(SearchQueryError);
    });

    it("replaces a document in place", async () => {
      const { engine: fresh, dispose } = await scratch();
      try {
        const changed = {
          ...fixture("library/redis"),
          shortDescription: "Valkey-compatible key-value store",
          categories: ["caching"],
          pulls: 5,
        };
        await fresh.replace([changed]);
        const docs = FIXTURES.map((d) => (d.fullName === changed.fullName ? changed : d));

        expect(names(await fresh.search(query({ q: "valkey" })))).toEqual(["library/redis"]);
        expect(names(await fresh.search(query({ q: "fastest" })))).toEqual([]);
        const databases = await fresh.search(query({ filters: { categories: ["databases"] } }));
        expect(names(databases)).toEqual(["library/postgres"]);
        const browse = await fresh.search(query({}));
        expect(browse.total).toBe(FIXTURES.length);
        expect(names(browse).at(-1)).toBe("library/redis");
        expect(browse.facets).toEqual(facetsOf(docs));
        expect(await fresh.listFullNames()).toEqual(sortedNames(FIXTURES));
      } finally {
        await dispose();
      }
    });

    it("removes documents, ignoring unknown names", async () => {
      const { engine: fresh, dispose } = await scratch();
      try {
        await fresh.remove(["library/busybox", "does/not-exist"]);
        const docs = FIXTURES.filter((d) => d.fullName !== "library/busybox");
        expect((await fresh.search(query({ q: "busybox" }))).hits.map((hit) => hit.document.fullName)).not.toContain(
          "library/busybox",
        );
        const browse = await fresh.search(query({}));
        expect(browse.total).toBe(docs.length);
        expect(browse.facets).toEqual(facetsOf(docs));
        const riscv = await fresh.search(query({ filters: { architecture: ["riscv64"] } }));
        expect([names(riscv), riscv.facets.architecture.riscv64]).toEqual([["library/alpine"], 1]);
        expect(await fresh.listFullNames()).toEqual(sortedNames(docs));
      } finally {
        await dispose();
      }
    });

    it("refuses writes under a fence older than the index's, keeping the newer writer's", async () => {
      const { engine: older, writer, dispose } = await scratch();
      try {
        const refused: FencedOutError[] = [];
        older.fenceWrites(1, (error) => refused.push(error));
        await older.replace([testDocument("fence/old-1")]);
        // A newer lease holder opens the index: its setup records fence 2.
        const newer = writer();
        newer.fenceWrites(2, (error) => expect.fail(`the newer writer was refused: ${error.message}`));
        await newer.setup();
        await newer.replace([testDocument("fence/new-1")]);

        await expect(older.replace([testDocument("fence/old-2")])).rejects.toBeInstanceOf(FencedOutError);
        await expect(older.remove(["fence/new-1"])).rejects.toThrow(/fence 1\b.*fence 2\b/);
        await expect(older.setup()).rejects.toBeInstanceOf(FencedOutError);
        expect(refused.map(({ token, newer }) => [token, newer])).toEqual([
          [1, 2],
          [1, 2],
          [1, 2],
        ]);
        // The newer one still writes; so does a writer without a fence (the web app unlisting a repository made private).
        await newer.remove(["fence/old-1"]);
        await writer().replace([testDocument("fence/unfenced")]);
        expect(await newer.listFullNames()).toEqual(sortedNames([...FIXTURES, testDocument("fence/new-1"), testDocument("fence/unfenced")]));
      } finally {
        await dispose();
      }
    });

    it(`stops counting at MAX_TOTAL_HITS (${MAX_TOTAL_HITS}) and reaches no hit past it`, async () => {
      const { engine: fresh, dispose } = await scratch();
      try {
        const many = Array.from({ length: MAX_TOTAL_HITS + 50 }, (_, i) =>
          testDocument(`bulk/widget-${i}`, { shortDescription: "A widget", pulls: i + 1, verified: i % 2 === 0 }),
        );
        await fresh.replace(many);
        const byPulls = [...many].sort((a, b) => b.pulls - a.pulls).map((d) => d.fullName);
        const pageOf = (page: number) => fresh.search(query({ q: "widget", page, pageSize: 100 }));
        const [first, last, past] = await Promise.all([pageOf(1), pageOf(MAX_TOTAL_HITS / 100), pageOf(MAX_TOTAL_HITS / 100 + 1)]);
        expect([first.total, last.total, past.total]).toEqual([MAX_TOTAL_HITS, MAX_TOTAL_HITS, MAX_TOTAL_HITS]);
        expect(names(first)).toEqual(byPulls.slice(0, 100));
        expect(names(last)).toEqual(byPulls.slice(MAX_TOTAL_HITS - 100, MAX_TOTAL_HITS));
        expect(past.hits).toEqual([]);
        // Facets count every match, or only the first MAX_TOTAL_HITS by pulls (half of them verified).
        expect(first.facets.verified).toBeGreaterThanOrEqual(MAX_TOTAL_HITS / 2);
        expect(first.facets.verified).toBeLessThanOrEqual(many.filter((d) => d.verified).length);
        expect((await fresh.search(query({}))).total).toBe(MAX_TOTAL_HITS);
        const bulk = await fresh.search(query({ filters: { namespace: ["bulk"] }, pageSize: 100 }));
        expect([bulk.total, names(bulk)]).toEqual([MAX_TOTAL_HITS, byPulls.slice(0, 100)]);
      } finally {
        await dispose();
      }
    });

    it("counts facets with a document that has no facet value at all", async () => {
      const { engine: fresh, dispose } = await scratch();
      try {
        // No platform (no tags yet), no category, no badge.
        const bare = testDocument("acme/bare", { operatingSystems: [], architectures: [], tags: [] });
        await fresh.replace([bare]);
        const browse = await fresh.search(query({}));
        expect(browse.total).toBe(FIXTURES.length + 1);
        expect(browse.facets).toEqual(facetsOf([...FIXTURES, bare]));
      } finally {
        await dispose();
      }
    });

    describe("suggestions", () => {
      const suggested = async (q: string, limit = 10) => (await engine.suggest(q, limit)).map((s) => s.fullName);

      it("complete the last word of a name or namespace, ranked as search ranks names", async () => {
        // A prefix alone goes by popularity; once the name is complete, exact names come first.
        expect(await suggested("ngi", 3)).toEqual(["library/nginx", "nginxinc/nginx-unprivileged", "bitnami/nginx"]);
        expect(await suggested("nginx", 3)).toEqual(["library/nginx", "bitnami/nginx", "nginxinc/nginx-unprivileged"]);
        expect((await suggested("postg"))[0]).toBe("library/postgres");
        expect((await suggested("m"))[0]).toBe("library/memcached"); // one letter is enough
        expect(await suggested("acme/to")).toEqual(["acme/tools/cli"]);
        expect(await suggested("acme ap")).toEqual(["acme/api-server"]);
        expect(await suggested("bitnami")).toEqual(["bitnami/nginx"]);
      });

      it("tolerate typos as search does: 1 from 5 letters, 2 from 9, a swap is one, also while typing", async () => {
        expect((await suggested("ngnix"))[0]).toBe("library/nginx");
        expect((await suggested("postgrse"))[0]).toBe("library/postgres");
        expect((await suggested("postgrs"))[0]).toBe("library/postgres"); // a typo in a prefix of "postgres"
        expect((await suggested("memcahcde"))[0]).toBe("library/memcached");
        expect(await suggested("ngix")).toEqual([]); // under 5 letters: no typo
        expect(await suggested("mginx")).toEqual([]); // not in the first letter
      });

      it("match names and namespaces only, every word, at most limit", async () => {
        expect(await suggested("database")).toEqual([]); // only in descriptions
        expect(await suggested("nginx redis")).toEqual([]);
        expect(await suggested("li", 2)).toEqual(["library/nginx", "library/alpine"]);
      });

      it("carry what a list of suggestions shows", async () => {
        expect(await engine.suggest("redis", 1)).toEqual([
          {
            fullName: "library/redis",
            namespace: "library",
            name: "redis",
            shortDescription: fixture("library/redis").shortDescription,
            verified: true,
            official: true,
          },
        ]);
      });

      it("are empty without a word, and refuse an over-long query or a bad limit", async () => {
        for (const q of ["", "   ", "/:-"]) expect(await engine.suggest(q, 5)).toEqual([]);
        await expect(engine.suggest("n".repeat(201), 5)).rejects.toThrow(SearchQueryError);
        for (const limit of [0, 11, 1.5, Number.NaN]) {
          await expect(engine.suggest("nginx", limit)).rejects.toThrow(SearchQueryError);
        }
      });

      it("never offer a document that was removed or never handed over", async () => {
        expect(await suggested("payroll")).toEqual([]);
        expect(await suggested("secretcorp")).toEqual([]);
        const { engine: fresh, dispose } = await scratch();
        try {
          await fresh.remove(["library/redis"]);
          // More writes after the removal, so the index has merged and rewritten its segments.
          await fresh.replace([fixture("library/alpine"), testDocument("acme/redistribute", { pulls: 1 })]);
          for (const q of ["redis", "redi", "redsi", "library red"]) {
            expect((await fresh.suggest(q, 10)).map((s) => s.fullName)).not.toContain("library/redis");
          }
          expect((await fresh.suggest("redi", 10)).map((s) => s.fullName)).toEqual(["acme/redistribute"]);
        } finally {
          await dispose();
        }
      });
    });
  });
}

/** The embedded index in a new file, each engine on it opened by `open`. */
const embeddedUnderTest = (open: (path: string) => SearchEngine) => async (): Promise<EngineUnderTest> => {
  const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
  const engines = [open(join(dir, "search.db"))];
  return {
    engine: engines[0]!,
    writer: () => {
      engines.push(open(join(dir, "search.db")));
      return engines.at(-1)!;
    },
    dispose: async () => {
      for (const engine of engines) await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

searchContract("embedded", embeddedUnderTest((path) => new EmbeddedSearchEngine(path)));
// As the web app runs it: searches and suggestions in worker threads.
searchContract("embedded, searching in threads,", embeddedUnderTest((path) => new SearchThreads(path, {}, 2)));

const meiliUrl = process.env.MEILI_URL;
if (meiliUrl) {
  searchContract("meilisearch", async () => {
    const index = `galleon-test-${randomUUID()}`;
    const open = () => new MeilisearchSearchEngine({ host: meiliUrl, apiKey: process.env.MEILI_API_KEY, index });
    return {
      engine: open(),
      writer: open,
      dispose: async () => {
        const client = new Meilisearch({ host: meiliUrl, apiKey: process.env.MEILI_API_KEY });
        // The fence's index exists only once a fenced writer wrote: deleting a missing index is a failed task, not an error.
        for (const uid of [index, `${index}_fence`]) await client.deleteIndex(uid).waitTask();
      },
    };
  });
} else {
  console.warn("Meilisearch contract suite skipped: set MEILI_URL to run it");
  describe.skip("meilisearch search engine (set MEILI_URL to run)", () => {
    it("meets the search contract", () => {});
  });
}

// ---------------------------------------------------------------- embedded only

describe("embedded engine on a shared file", () => {
  it("shows a separate writer's changes to a reader on its next query", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const writer = new EmbeddedSearchEngine(join(dir, "search.db"));
    const reader = new EmbeddedSearchEngine(join(dir, "search.db"));
    try {
      await writer.setup();
      await reader.setup();
      await writer.replace(FIXTURES.slice(0, 3));
      expect((await reader.search(query({}))).total).toBe(3);
      expect((await reader.search(query({ q: "redis" }))).total).toBe(0);

      await writer.replace([fixture("library/redis")]);
      const redis = await reader.search(query({ q: "redis" }));
      expect(names(redis)).toEqual(["library/redis"]);
      expect(redis.facets.categories).toEqual({ databases: 1, caching: 1 });

      await writer.remove(["library/redis"]);
      expect((await reader.search(query({ q: "redis" }))).total).toBe(0);
      expect((await reader.search(query({}))).facets).toEqual(facetsOf(FIXTURES.slice(0, 3)));
    } finally {
      await reader.close();
      await writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("embedded engine searching in threads", () => {
  /** Whether `call`'s promise settles within the caller's current turn (its microtasks), that is, on the caller's thread. */
  async function settlesInTurn(call: () => Promise<unknown>): Promise<boolean> {
    let settled = false;
    const answer = call().finally(() => (settled = true));
    for (let tick = 0; tick < 10; tick++) await Promise.resolve();
    const inTurn = settled;
    await answer;
    return inTurn;
  }

  it("answers searches and suggestions off the caller's thread, so its event loop runs meanwhile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const direct = new EmbeddedSearchEngine(join(dir, "search.db"));
    const threads = new SearchThreads(join(dir, "search.db"), {}, 1);
    try {
      await direct.setup();
      await direct.replace(FIXTURES);
      await threads.setup();
      // The engine on the caller's thread runs the whole query before it returns: the check can fail.
      expect(await settlesInTurn(() => direct.search(query({ q: "redis" })))).toBe(true);
      expect(await settlesInTurn(() => threads.search(query({ q: "redis" })))).toBe(false);
      expect(await settlesInTurn(() => threads.suggest("red", 5))).toBe(false);
      expect(names(await threads.search(query({ q: "redis" })))).toEqual(["library/redis"]);
    } finally {
      await threads.close();
      await direct.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails a call its thread could not answer with the engine's error, and answers the next", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const threads = new SearchThreads(join(dir, "search.db"), {}, 2);
    try {
      // Not set up: the threads' connections find no index.
      await expect(threads.search(query({ q: "redis" }))).rejects.toThrow(/no such table/);
      await threads.setup();
      await threads.replace(FIXTURES);
      expect(names(await threads.search(query({ q: "redis" })))).toEqual(["library/redis"]);
    } finally {
      await threads.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the calls of a thread that died, and starts another for the next call", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const threads = new SearchThreads(join(dir, "search.db"), {}, 1);
    // A thread starts at its first call and opens the path: gone, it throws, uncaught, and exits.
    rmSync(dir, { recursive: true, force: true });
    try {
      await expect(threads.search(query({ q: "redis" }))).rejects.toThrow(/directory does not exist/);
      // Sent to the failed thread, this call would be lost: it reaches a new one, which fails the same way.
      await expect(threads.suggest("red", 5)).rejects.toThrow(/directory does not exist/);
    } finally {
      await threads.close();
    }
  });

  it("takes its thread count from GALLEON_SEARCH_THREADS, refusing what is not 1 to 16", () => {
    const count = (value?: string) => searchThreadCount((value === undefined ? {} : { GALLEON_SEARCH_THREADS: value }) as NodeJS.ProcessEnv);
    expect(count()).toBeGreaterThanOrEqual(1);
    expect(count("3")).toBe(3);
    for (const value of ["0", "17", "1.5", "two"]) {
      expect(() => count(value)).toThrow(/GALLEON_SEARCH_THREADS must be an integer from 1 to 16/);
    }
  });
});

describe("embedded engine and words most About texts hold", () => {
  it("finds them outside About alone, unless another word of the query is uncommon", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const engine = new EmbeddedSearchEngine(join(dir, "search.db"));
    try {
      await engine.setup();
      // 1,200 repositories whose About says "build"; one says it in its description, one has a rare About word.
      const filler = Array.from({ length: 1_200 }, (_, i) =>
        testDocument(`filler/app-${i}`, { about: `Images we build every night, number ${i}.`, pulls: i }),
      );
      await engine.replace([
        ...filler,
        testDocument("acme/builder", { shortDescription: "Build images in CI", pulls: 1 }),
        testDocument("acme/rare", { about: "We build it with zyxomatic care." }),
      ]);
      const build = await engine.search(query({ q: "build" }));
      expect([build.total, names(build)]).toEqual([1, ["acme/builder"]]);
      // "zyxomatic" is in one About: About is searched for both words, so the query is as selective as it.
      expect(names(await engine.search(query({ q: "build zyxomatic" })))).toEqual(["acme/rare"]);
      expect(names(await engine.search(query({ q: "night 7" })))).toEqual(["filler/app-7"]);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("embedded engine and a word in the short fields of thousands of documents", () => {
  it("ranks its first hits as if it had ranked every match, and counts facets over the first MAX_TOTAL_HITS by the sort's key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const engine = new EmbeddedSearchEngine(join(dir, "search.db"));
    try {
      await engine.setup();
      // More matches than the engine ranks in full (5,000), in every tier of the rank.
      const filler = Array.from({ length: 5_200 }, (_, i) =>
        testDocument(`bulk/app-${i}`, { shortDescription: "A widget for things", pulls: 1_000 + i, verified: i % 3 === 0 }),
      );
      const tiers = [
        testDocument("acme/widget", { pulls: 1 }), // the exact name
        testDocument("acme/widget-tools", { pulls: 5 }), // in the name
        testDocument("acme/widget-ui", { pulls: 3, updatedAt: TEST_NOW + DAY }),
        testDocument("acme/about", { about: "Holds a widget somewhere.", pulls: 1_000_000 }), // in About only
      ];
      await engine.replace([...filler, ...tiers]);
      const fillers = [...filler].sort((a, b) => b.pulls - a.pulls).map((d) => d.fullName);
      const ranked = ["acme/widget", "acme/widget-tools", "acme/widget-ui", ...fillers, "acme/about"];
      for (const page of [1, 2, 50]) {
        const result = await engine.search(query({ q: "widget", page, pageSize: 20 }));
        expect([result.total, names(result)]).toEqual([MAX_TOTAL_HITS, ranked.slice((page - 1) * 20, page * 20)]);
      }
      const top = await engine.search(query({ q: "widget", pageSize: 20 }));
      const firstByPulls = ["acme/about", ...fillers].slice(0, MAX_TOTAL_HITS);
      const verified = filler.filter((d) => d.verified && firstByPulls.includes(d.fullName)).length;
      expect(top.facets.verified).toBe(verified);
      expect(top.facets.namespace).toEqual({ bulk: MAX_TOTAL_HITS - 1, acme: 1 });

      const byPulls = await engine.search(query({ q: "widget", sort: "pulls", pageSize: 20 }));
      expect(names(byPulls)).toEqual(firstByPulls.slice(0, 20));
      const updated = await engine.search(query({ q: "widget", sort: "updated", pageSize: 20 }));
      // The newest first, then relevance among equally new ones.
      expect(names(updated)).toEqual(["acme/widget-ui", "acme/widget", "acme/widget-tools", ...fillers.slice(0, 17)]);
      const filtered = await engine.search(query({ q: "widget", filters: { verified: true }, pageSize: 20 }));
      expect(names(filtered)).toEqual(filler.filter((d) => d.verified).sort((a, b) => b.pulls - a.pulls).slice(0, 20).map((d) => d.fullName));
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------- pure pieces

describe("embedded engine opening an index from before suggestions and short_fts", () => {
  it("fills both from the documents it holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "galleon-search-"));
    const file = join(dir, "search.db");
    try {
      const old = new EmbeddedSearchEngine(file);
      await old.setup();
      await old.replace(FIXTURES);
      await old.close();
      const raw = new Database(file);
      raw.exec("DROP TABLE suggest_terms; DROP TABLE suggest_fts; DROP TABLE short_fts;");
      raw.close();

      const reopened = new EmbeddedSearchEngine(file);
      await reopened.setup();
      expect((await reopened.suggest("ngnix", 1)).map((s) => s.fullName)).toEqual(["library/nginx"]);
      // short_fts holds the short fields of every document, not About.
      const db = new Database(file);
      const count = (word: string) => db.prepare("SELECT count(*) FROM short_fts WHERE short_fts MATCH ?").pluck().get(word);
      expect([count("nginx"), count("quantization")]).toEqual([3, 0]);
      db.close();
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parseSearchQuery", () => {
  const parse = (params: string) => parseSearchQuery(new URLSearchParams(params));

  it("applies defaults", () => {
    expect(parse("")).toEqual({ q: "", filters: {}, sort: "relevance", page: 1, pageSize: 20 });
  });

  it("reads every parameter, repeated filters OR-ed", () => {
    expect(
      parse(
        "q=+nginx+proxy+&os=linux&arch=arm64&arch=amd64&category=web-servers&namespace=acme&namespace=library" +
          "&verified=true&official=true&signed=true&sbom=true&sort=pulls&page=3&pageSize=50",
      ),
    ).toEqual({
      q: "nginx proxy",
      filters: {
        os: ["linux"],
        architecture: ["arm64", "amd64"],
        categories: ["web-servers"],
        namespace: ["acme", "library"],
        verified: true,
        official: true,
        signed: true,
        sbom: true,
      },
      sort: "pulls",
      page: 3,
      pageSize: 50,
    });
  });

  it("treats empty filter values as absent and drops duplicates", () => {
    expect(parse("os=&namespace=acme/tools&namespace=acme/tools").filters).toEqual({ namespace: ["acme/tools"] });
  });

  it.each([
    [`q=${"a".repeat(201)}`, "q must be at most 200 characters"],
    ["sort=stars", "sort must be one of relevance, pulls, updated"],
    ["page=0", "page must be an integer from 1 to 100"],
    ["page=101", "page must be an integer from 1 to 100"],
    ["page=1.5", "page must be an integer from 1 to 100"],
    ["page=1e1", "page must be an integer from 1 to 100"],
    ["page=", "page must be an integer from 1 to 100"],
    ["pageSize=0", "pageSize must be an integer from 1 to 100"],
    ["pageSize=500", "pageSize must be an integer from 1 to 100"],
    ["os=linux%20OR%201%3D1", "os values may only contain"],
    ["namespace=" + "a".repeat(65), "namespace values may only contain"],
    ["category=%22x%22", "category values may only contain"],
    ["verified=yes", 'verified must be "true" when given'],
    ["color=red", 'unknown parameter "color"'],
    ["q=a&q=b", "q may be given only once"],
  ])("rejects %s", (params, message) => {
    expect(() => parse(params)).toThrow(SearchQueryError);
    expect(() => parse(params)).toThrow(message);
  });
});

describe("Meilisearch filters", () => {
  /** Reads a quoted filter literal back the way Meilisearch's parser does. */
  function unquote(literal: string): string {
    expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
    const inner = literal.slice(1, -1);
    expect(inner).not.toMatch(/(^|[^\\])(\\\\)*"/); // no unescaped quote can end the literal early
    return inner.replace(/\\(.)/g, "$1");
  }

  it.each(["linux", 'linux" OR verified = 0 OR os = "x', "back\\slash", 'trailing\\', '\\"', "a,b] OR x IN [c"])(
    "quotes %s as one string literal",
    (value) => {
      expect(unquote(quoteFilterValue(value))).toBe(value);
    },
  );

  it("builds one clause per field: IN within a field, AND across fields", () => {
    expect(
      buildFilter({ os: ["linux"], architecture: ["arm64", 'x"y'], namespace: ["acme"], verified: true, official: false, signed: true, sbom: false }),
    ).toEqual([
      'operatingSystems IN ["linux"]',
      'architectures IN ["arm64", "x\\"y"]',
      'namespace IN ["acme"]',
      "verified = 1",
      "official = 0",
      "signed = true",
      "sbom = false",
    ]);
    expect(buildFilter({ os: [], categories: [] })).toEqual([]);
  });

  it("derives document ids Meilisearch accepts, one per full name", () => {
    const ids = FIXTURES.map((d) => documentId(d.fullName));
    expect(ids.every((id) => /^[A-Za-z0-9_-]{1,511}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("highlights and typo distance", () => {
  it("splits marked text into segments", () => {
    expect(splitHighlight("a \u0001b\u0002 c \u0001d\u0002")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
      { text: " c ", match: false },
      { text: "d", match: true },
    ]);
    expect(splitHighlight("")).toEqual([]);
  });

  it("counts a swapped pair as one edit", () => {
    expect(typoDistance("ngnix", "nginx", 2)).toBe(1);
    expect(typoDistance("redsi", "redis", 2)).toBe(1);
    expect(typoDistance("sevrerocre", "servercore", 2)).toBe(2);
    expect(typoDistance("nginx", "apache", 2)).toBe(3);
  });
});
