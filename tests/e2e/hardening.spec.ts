/**
 * Issue 14 against the built app: every page type under the
 * Content-Security-Policy with no violation and no console error, the headers
 * and Cache-Control, malformed requests answered 4xx, the Origin check, and
 * the health and metrics endpoints.
 */
import { request as httpRequest } from "node:http";
import type { APIRequestContext, Page } from "@playwright/test";
import type { OpenApiDocument } from "@/lib/http/openapi";
import { undocumentedIn } from "../support/documented-refusals";
import { HOSTILE_REPOSITORY, expect, isUnreachableAboutImage, test } from "./fixtures";
import { e2eCatalog, signInAs } from "./sessions";

const PUBLIC_PAGES = [
  "/",
  "/search?q=nginx",
  "/library/nginx",
  "/library/nginx?tab=usage",
  "/library/nginx?tab=tags",
  "/library/nginx/tags/1.27.3",
  "/acme/legacy-app/tags/0.9",
  `/${HOSTILE_REPOSITORY}`,
  "/acme",
  "/categories",
  "/categories/web-servers",
  "/acme/never-existed",
  "/auth/sign-in",
];

const ownOrigin = () => new URL(process.env.GALLEON_E2E_URL!).origin;

/**
 * Records the page's CSP violations, console errors, uncaught errors and
 * requests to any other origin (visitors must never contact third parties),
 * from before its first script.
 */
async function watchForProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(ownOrigin()) && !request.url().startsWith("data:")) problems.push(`third party: ${request.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !isUnreachableAboutImage(message)) {
      problems.push(`console: ${message.text()} ${message.location().url}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** What is not a fault: a 404 page's own status. */
function expected(problem: string, path: string, status: number | undefined): boolean {
  return status === 404 && problem.endsWith(`404 (Not Found) ${ownOrigin()}${path}`);
}

async function visitAll(page: Page, paths: string[]): Promise<void> {
  const problems = await watchForProblems(page);
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    // Hydration, then anything the scripts do after it.
    await page.waitForLoadState("networkidle");
    expect(problems.filter((p) => !expected(p, path, response?.status())), path).toEqual([]);
    problems.length = 0;
  }
}

// One test per page: each waits for network idle after Next's prefetches of every visible link.
for (const path of PUBLIC_PAGES) {
  test(`${path} runs under the policy with no violation and no console error`, async ({ page }) => {
    await visitAll(page, [path]);
  });
}

test("a publisher's console pages run under the policy with no violation and no console error", async ({ page, context }) => {
  const db = e2eCatalog();
  const acme = await db.publisher.findFirstOrThrow({ where: { namespaces: { some: { name: "acme" } } } }).finally(() => db.$disconnect());
  await signInAs(context, "owner@acme.test");
  await visitAll(page, ["/console", `/console/publishers/${acme.id}`, "/console/repositories/acme/tools/cli", "/library/nginx"]);
});

test("the admin page runs under the policy with no violation and no console error", async ({ page, context }) => {
  await signInAs(context, "admin@galleon.test");
  await visitAll(page, ["/admin"]);
});

test("every answer carries the security headers, with a fresh nonce that Next's scripts carry", async ({ request }) => {
  const first = await request.get("/library/nginx");
  const second = await request.get("/library/nginx");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)![1];
  const nonce = nonceOf(first.headers()["content-security-policy"]!);
  expect(nonceOf(second.headers()["content-security-policy"]!)).not.toBe(nonce);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  // Next's scripts carry the nonce; the pull box's inline script is allowed by its hash.
  for (const script of scripts) if (!script.includes(`nonce="${nonce}"`)) expect(script).toBe("<script>");
  for (const response of [first, await request.get("/api/v1/search?q=nginx"), await request.get("/nope/%zz")]) {
    expect(response.headers()).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-opener-policy": "same-origin",
      "x-frame-options": "DENY",
    });
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()["permissions-policy"]).toContain("camera=()");
    // The browser tests serve over http: no HSTS.
    expect(response.headers()["strict-transport-security"]).toBeUndefined();
  }
});

test("anonymous public answers may be shared briefly; signed-in and private ones never", async ({ request, context, page }) => {
  for (const path of ["/", "/library/nginx", "/api/v1/search?q=nginx", "/api/v1/repositories/library/nginx"]) {
    expect((await request.get(path)).headers()["cache-control"], path).toBe("public, max-age=0, s-maxage=30");
  }
  expect((await request.get("/auth/sign-in")).headers()["cache-control"]).toBe("private, no-store");
  await signInAs(context, "owner@acme.test");
  for (const path of ["/", "/library/nginx", "/console", "/api/v1/search?q=nginx"]) {
    expect((await page.request.get(path)).headers()["cache-control"], path).toBe("private, no-store");
  }
});

/** A raw request, so paths go out exactly as written and any method can be sent. */
function raw(method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(process.env.GALLEON_E2E_URL!);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method, path }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    outgoing.on("error", reject).end();
  });
}

/** The OpenAPI document the app serves, which the API's refusals must match. */
async function servedDocument(request: APIRequestContext): Promise<OpenApiDocument> {
  return (await request.get("/api/v1/openapi.json")).json();
}

test("malformed requests are answered 4xx, never 5xx, and the API's in JSON as its OpenAPI document says", async ({ request }) => {
  const document = await servedDocument(request);
  for (const path of ["/%zz", "/xss/%E0%A4%A", "/library/nginx/tags/%ff"]) {
    const answer = await raw("GET", path);
    expect(answer.status, path).toBe(400);
  }
  const api = await raw("GET", "/api/v1/repositories/%zz/x");
  expect(api.status).toBe(400);
  expect(undocumentedIn(document, api)).toEqual([]);

  for (const [method, path, allow] of [
    ["TRACE", "/api/v1/search", "GET, HEAD, OPTIONS"],
    ["POST", "/api/v1/search", "GET, HEAD, OPTIONS"],
    ["PATCH", "/api/v1/repositories/library/nginx", "GET, PUT, DELETE, HEAD, OPTIONS"],
    ["GET", "/api/v1/markdown/preview", "POST, OPTIONS"],
  ] as const) {
    const answer = await raw(method, path);
    expect(answer.status, `${method} ${path}`).toBe(405);
    expect(answer.headers.allow, `${method} ${path}`).toBe(allow);
    expect(JSON.parse(answer.body).error, `${method} ${path}`).toContain(method);
    expect(undocumentedIn(document, answer), `${method} ${path}`).toEqual([]);
  }
  for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "POST"]) {
    for (const path of ["/", "/library/nginx", "/feeds/library/nginx.atom", "/search?q=x"]) {
      const answer = await raw(method, path);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.allow, `${method} ${path}`).toBe(path.startsWith("/feeds") ? "GET, HEAD, OPTIONS" : "GET, HEAD");
    }
  }
});

test("a signed-in session's state-changing request from another origin is refused, forms and API alike", async ({ page, context, baseURL, request }) => {
  const document = await servedDocument(request);
  const csrfToken = await signInAs(context, "owner@acme.test");
  await page.goto("/");
  const preview = (origin?: string) =>
    page.request.post("/api/v1/markdown/preview", {
      data: { markdown: "# hi" },
      headers: { "x-csrf-token": csrfToken, ...(origin ? { origin } : {}) },
    });
  expect((await preview(baseURL)).status()).toBe(200);
  for (const origin of ["https://evil.example", "null"]) {
    const refused = await preview(origin);
    expect(refused.status(), origin).toBe(403);
    expect((await refused.json()).error).toContain("another site");
    expect(undocumentedIn(document, { status: 403, headers: refused.headers(), body: await refused.text() }), origin).toEqual([]);
  }
  const signOut = await page.request.post("/auth/sign-out", { form: { csrf: csrfToken }, headers: { origin: "https://evil.example" } });
  expect(signOut.status()).toBe(403);
  await page.reload();
  await expect(page.getByText("owner@acme.test")).toBeVisible();
});

test("health, readiness and metrics", async ({ request }) => {
  expect(await (await request.get("/healthz")).json()).toEqual({ status: "ok" });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", checks: { catalog: "ok", search: "ok" } });
  await request.get("/library/nginx");
  await request.get("/api/v1/search?q=nginx");
  const metrics = await (await request.get("/metrics")).text();
  expect(metrics).toMatch(/galleon_http_request_duration_seconds_count\{route="\/\[\.\.\.path\]",method="GET",status="200"\} [1-9]/);
  expect(metrics).toMatch(/galleon_http_request_duration_seconds_count\{route="\/api\/v1\/search",method="GET",status="200"\} [1-9]/);
  expect(metrics).toMatch(/galleon_search_duration_seconds_count\{operation="search",engine="embedded"\} [1-9]/);
  expect(metrics).toContain("process_resident_memory_bytes");
});

test("the image proxy refuses internal addresses, with its own sandboxing policy", async ({ request }) => {
  for (const target of [process.env.GALLEON_E2E_URL!, "http://169.254.169.254/latest/meta-data", "http://[::1]/x.png"]) {
    const answer = await request.get(`/images?url=${encodeURIComponent(target)}`);
    expect(answer.status(), target).toBe(403);
    expect(answer.headers()["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(answer.headers()["x-content-type-options"]).toBe("nosniff");
  }
  expect((await request.get("/images?url=javascript:alert(1)")).status()).toBe(400);
});
