import { expect, test } from "@playwright/test";
import { openApiDocument, type Schema } from "@/lib/http/openapi";
import { undocumentedAnswer } from "../support/documented-refusals";

test.describe("public JSON API", () => {
  test("search answers with hits, totals and facets, like the page", async ({ request }) => {
    const response = await request.get("/api/v1/search?q=database&arch=arm64");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect([body.total, body.totalCapped]).toEqual([1, false]);
    expect(body.hits.map((h: { fullName: string }) => h.fullName)).toEqual(["library/redis"]);
    expect(body.facets.architecture).toMatchObject({ arm64: 1 });
  });

  test("search hits carry what the OpenAPI document says: an excerpt of About, never all of it", async ({ request }) => {
    const documented = openApiDocument.components.schemas.SearchHit as Schema & { properties: Record<string, Schema> };
    const keys = (schema: Schema) => Object.keys((schema as { properties: object }).properties).sort();
    const { about } = await (await request.get("/api/v1/repositories/library/nginx")).json();
    for (const q of ["", "nginx", "reverse proxy"]) {
      const { hits } = await (await request.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
      const nginx = hits.find((hit: { fullName: string }) => hit.fullName === "library/nginx");
      expect(Object.keys(nginx).sort()).toEqual(keys(documented));
      expect(Object.keys(nginx.highlights).sort()).toEqual(keys(documented.properties.highlights!));
      const excerpt = nginx.highlights.about.map((segment: { text: string }) => segment.text).join("");
      expect(excerpt.length).toBeGreaterThan(0);
      expect(excerpt.length).toBeLessThan(about.length / 3);
    }
  });

  test("every public answer is what the OpenAPI document says of its endpoint and status", async ({ request }) => {
    const { digest } = await (await request.get("/api/v1/repositories/library/nginx/tags/1.27.3")).json();
    const urls = [
      "/api/v1/search",
      "/api/v1/search?q=database&arch=arm64&sort=pulls&verified=true",
      "/api/v1/search?q=nginx:1.27",
      "/api/v1/search?q=nginx:9.9",
      `/api/v1/search?q=${digest.slice(0, "sha256:".length + 16)}`,
      "/api/v1/search?sort=sideways",
      "/api/v1/suggest?q=ng",
      "/api/v1/suggest?limit=99",
      "/api/v1/repositories/library/nginx",
      "/api/v1/repositories/acme/tools/cli",
      "/api/v1/repositories/acme/nothing-here",
      "/api/v1/repositories/library/nginx/tags?pageSize=2&page=2",
      "/api/v1/repositories/library/nginx/tags?sort=size",
      "/api/v1/repositories/library/nginx/tags/1.27.3",
      "/api/v1/repositories/acme/tools/cli/tags/v2.3.1",
      "/api/v1/repositories/library/nginx/tags/no-such-tag",
      "/api/v1/openapi.json",
    ];
    const statuses = new Set<number>();
    for (const url of urls) {
      const response = await request.get(url);
      statuses.add(response.status());
      const answer = { status: response.status(), headers: response.headers(), body: await response.text() };
      expect(undocumentedAnswer(openApiDocument, "get", url, answer), url).toEqual([]);
    }
    expect([...statuses].sort()).toEqual([200, 400, 404]);
  });

  for (const [params, message] of [
    ["sort=sideways", /sort/],
    ["page=0", /page/],
    ["page=abc", /page/],
    ["pageSize=1000", /pageSize/],
    [`q=${"x".repeat(201)}`, /200/],
    ["arch=%3Cscript%3E", /arch/],
    ["colour=blue", /unknown parameter/],
    ["verified=maybe", /verified/],
    ["arch=amd46", /unknown arch "amd46"/],
    ["os=linxu", /unknown os "linxu"/],
    ["category=cooking", /unknown category "cooking"/],
  ] as const) {
    test(`refuses ${params.slice(0, 30)} with a 400 that says why`, async ({ request }) => {
      const response = await request.get(`/api/v1/search?${params}`);
      expect(response.status()).toBe(400);
      expect((await response.json()).error).toMatch(message);
    });
  }

  test("a repository and its tags, public data only", async ({ request }) => {
    const repository = await (await request.get("/api/v1/repositories/library/nginx")).json();
    expect(repository).toMatchObject({
      namespace: "library",
      name: "nginx",
      registryPath: "nginx",
      publisher: { displayName: "Galleon Official Images", official: true, verified: true },
      defaultTag: "latest",
    });
    expect(repository.about).toContain("Supported tags");

    const { tags } = await (await request.get("/api/v1/repositories/library/nginx/tags")).json();
    const tag = tags.find((t: { name: string }) => t.name === "1.27.3");
    expect(tag.kind).toBe("oci-index");
    expect(tag.platforms.map((p: { architecture: string }) => p.architecture)).toEqual(["amd64", "arm64"]);
    expect(tag.compressedSize).toBeGreaterThan(0);

    const byVersion = await (await request.get("/api/v1/repositories/library/nginx/tags?pageSize=2")).json();
    expect(byVersion).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(byVersion.tags.map((t: { name: string }) => t.name)).toEqual(["1.27.3", "1.27"]);
    const page2 = await (await request.get("/api/v1/repositories/library/nginx/tags?pageSize=2&page=2")).json();
    expect(page2.tags.map((t: { name: string }) => t.name)).toEqual(["1.26.2", "1.26"]);
    const bad = await request.get("/api/v1/repositories/library/nginx/tags?sort=size");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/sort must be one of semver, pushed, name/);

    const nested = await request.get("/api/v1/repositories/acme/tools/cli/tags");
    expect((await nested.json()).tags.map((t: { name: string }) => t.name)).toContain("v2.3.1");
  });
});
