/**
 * The OpenAPI document is valid OpenAPI 3.1 and matches the routes on disk:
 * a new endpoint without documentation, or documentation without an
 * endpoint, fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { siteUrl } from "@/lib/config/environment";
import { HTTP_METHODS, openApiDocument } from "@/lib/http/openapi";
import { proxy } from "@/proxy";
import { undocumentedAnswer, undocumentedIn } from "./support/documented-refusals";

const API_DIR = path.join(process.cwd(), "app/api");

type SegmentKind = "static" | "dynamic" | "catch-all";
interface Route {
  file: string;
  segments: Array<{ kind: SegmentKind; text: string }>;
  methods: string[];
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** The HTTP methods a route file exports, as Next reads them. */
function exportedMethods(source: string): string[] {
  const names = [
    ...source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g),
    ...source.matchAll(/\bas\s+([A-Z]+)\b/g),
  ].map((m) => m[1]!.toLowerCase());
  return [...new Set(names.filter((name) => (HTTP_METHODS as readonly string[]).includes(name)))];
}

const routes: Route[] = routeFiles(API_DIR).map((file) => ({
  file: path.relative(process.cwd(), file),
  segments: path
    .relative(path.dirname(API_DIR), path.dirname(file))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not in the URL
    .map((segment) => ({
      kind: segment.startsWith("[...") || segment.startsWith("[[...") ? "catch-all" : segment.startsWith("[") ? "dynamic" : "static",
      text: segment,
    })),
  methods: exportedMethods(readFileSync(file, "utf8")),
}));

function matches(route: Route, url: string[]): boolean {
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === "catch-all") return url.length > i;
    if (i >= url.length || (segment.kind === "static" && segment.text !== url[i])) return false;
  }
  return url.length === route.segments.length;
}

const RANK: Record<SegmentKind, number> = { static: 0, dynamic: 1, "catch-all": 2 };

/** The route Next serves a URL from: static segments win over dynamic ones, dynamic over catch-alls. */
function routeFor(url: string): Route | undefined {
  const parts = url.split("/").filter(Boolean);
  const candidates = routes.filter((route) => matches(route, parts));
  const specificity = (route: Route) => route.segments.map((s) => RANK[s.kind]);
  return candidates.sort((a, b) => {
    const [x, y] = [specificity(a), specificity(b)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return y.length - x.length;
  })[0];
}

/** A URL the documented path describes: each {parameter} filled in. */
const sampleUrl = (documented: string) => documented.replace(/\{[^}]+\}/g, "p1");

const documented = Object.entries(openApiDocument.paths).flatMap(([documentedPath, item]) =>
  Object.keys(item).map((method) => ({ path: documentedPath, method })),
);

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and every reference resolves", async () => {
    const validator = new Validator();
    // A copy: the validator may annotate what it is given.
    const result = await validator.validate(structuredClone(openApiDocument) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("is what GET /api/v1/openapi.json serves", async () => {
    const response = GET();
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it("finds the route files it checks against", () => {
    expect(routes.map((r) => r.file)).toContain("app/api/v1/search/route.ts");
    expect(routes.find((r) => r.file.includes("[...path]"))?.methods).toContain("get");
  });

  it("describes every method of every route under app/api", () => {
    const undocumented = routes.flatMap((route) =>
      route.methods
        .filter((method) => !documented.some((d) => d.method === method && routeFor(sampleUrl(d.path)) === route))
        .map((method) => `${method.toUpperCase()} ${route.file}`),
    );
    expect(undocumented).toEqual([]);
  });

  it("describes only endpoints that exist", () => {
    const missing = documented
      .filter((d) => !routeFor(sampleUrl(d.path))?.methods.includes(d.method))
      .map((d) => `${d.method.toUpperCase()} ${d.path}`);
    expect(missing).toEqual([]);
  });

  it("gives every operation a unique id, and an error schema to every refusal", () => {
    const operations = Object.values(openApiDocument.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) expect(response).toEqual({ $ref: `#/components/responses/E${status}` });
      }
    }
  });
});

describe("the refusals that come before any operation (proxy.ts)", () => {
  const operations = Object.entries(openApiDocument.paths).flatMap(([documentedPath, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path: documentedPath, method, responses: operation.responses })),
  );

  it("are documented on every operation they can reach", () => {
    const missing = operations.flatMap(({ path: documentedPath, method, responses }) => [
      ...(documentedPath.includes("{") && !responses["400"] ? [`400 on ${method} ${documentedPath}`] : []),
      ...(["post", "put", "delete", "patch"].includes(method) && !responses["403"] ? [`403 on ${method} ${documentedPath}`] : []),
    ]);
    expect(missing).toEqual([]);
    expect(openApiDocument.components.responses.E405?.headers).toHaveProperty("Allow");
  });

  it("answer as documented: an undecodable path 400, another site's page 403, a wrong method 405 with Allow", async () => {
    const own = siteUrl().origin;
    const cases = [
      { status: 400, method: "GET", path: "/api/v1/repositories/%zz/x" },
      { status: 400, method: "PUT", path: "/api/v1/repositories/acme/%E0%A4%A/catalog-data" },
      { status: 403, method: "POST", path: "/api/v1/markdown/preview", origin: "https://evil.example" },
      { status: 403, method: "DELETE", path: "/api/v1/repositories/acme/tools/cli/logo", origin: "null" },
      { status: 405, method: "PATCH", path: "/api/v1/repositories/library/nginx" },
      { status: 405, method: "POST", path: "/api/v1/search" },
      { status: 405, method: "GET", path: "/api/v1/markdown/preview" },
    ];
    for (const { status, method, path: requested, origin } of cases) {
      const response = await proxy(new NextRequest(`${own}${requested}`, { method, headers: origin ? { origin } : {} }));
      const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
      expect(answer.status, `${method} ${requested}`).toBe(status);
      expect(undocumentedIn(openApiDocument, answer), `${method} ${requested}`).toEqual([]);
    }
  });

  it("fails an answer the document does not describe", () => {
    const json = { "content-type": "application/json" };
    expect(undocumentedIn(openApiDocument, { status: 405, headers: json, body: '{"error":"no"}' })).toEqual(["the Allow header is missing"]);
    expect(undocumentedIn(openApiDocument, { status: 400, headers: json, body: '{"message":"no"}' })).not.toEqual([]);
    expect(undocumentedIn(openApiDocument, { status: 403, headers: { "content-type": "text/plain" }, body: "no" })).not.toEqual([]);
  });

  it("fails an operation's answer its documented schema does not describe", () => {
    const json = { "content-type": "application/json" };
    const suggestions = { query: { q: "ng", limit: 5 }, suggestions: [] };
    const answer = (status: number, body: unknown) => ({ status, headers: json, body: JSON.stringify(body) });
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/suggest?q=ng", answer(200, suggestions))).toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/suggest", answer(200, { ...suggestions, query: { q: 1 } }))).not.toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/search", answer(200, suggestions))).not.toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/repositories/a/b/c/tags", answer(404, { error: "no" }))).toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/repositories/a/b/c/tags", answer(418, { error: "no" }))).not.toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "post", "/api/v1/search", answer(200, {}))).toEqual(["POST /api/v1/search is not documented"]);
    // A search hit with a field the document does not name (hits are closed objects).
    const result = { query: { q: "", filters: {}, sort: "relevance", page: 1, pageSize: 20 }, total: 0, totalCapped: false, page: 1, pageSize: 20 };
    const facets = { os: {}, architecture: {}, categories: {}, namespace: {}, verified: 0, official: 0, signed: 0, sbom: 0 };
    const empty = { ...result, hits: [], facets, tagMatch: null, digestMatches: null };
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/search", answer(200, empty))).toEqual([]);
    expect(undocumentedAnswer(openApiDocument, "get", "/api/v1/search", answer(200, { ...empty, hits: [{ secret: true }] }))).not.toEqual([]);
  });
});
