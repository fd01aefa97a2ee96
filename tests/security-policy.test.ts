/**
 * The proxy's knowledge of the app: its method table matches the route
 * files' exports, and the headers and Cache-Control it chooses. The built
 * app's answers are checked in tests/e2e/hardening.spec.ts.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheControl, publicCacheSeconds } from "@/lib/security/cache";
import { contentSecurityPolicy, staticSecurityHeaders } from "@/lib/security/headers";
import { allowedMethods, ROUTE_HANDLERS, routeOf } from "@/lib/security/routes";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(file) : entry.name === "route.ts" ? [file] : [];
  });
}

describe("the proxy's route table", () => {
  it("names every route handler of app/ with the methods its file exports", () => {
    const exported = Object.fromEntries(
      routeFiles("app").map((file) => [
        `/${path.dirname(path.relative("app", file))}`.replace(/\/\.$/, ""),
        [...readFileSync(file, "utf8").matchAll(/export (?:async )?(?:function|const) (GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS)\b/g)]
          .map((m) => m[1])
          .sort(),
      ]),
    );
    const table = Object.fromEntries(Object.entries(ROUTE_HANDLERS).map(([route, methods]) => [route, [...methods].sort()]));
    expect(table).toEqual(exported);
  });

  it("answers pages with GET and HEAD, handlers with theirs, and labels paths by route", () => {
    expect(allowedMethods("/acme/tools/cli")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods("/api/v1/search")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/auth/sign-out")).toEqual(["POST", "OPTIONS"]);
    expect(routeOf("/api/v1/publishers/7/tokens/9")).toBe("/api/v1/publishers/[id]/tokens/[tokenId]");
    expect(routeOf("/api/v1/publishers/7/tokens")).toBe("/api/v1/publishers/[id]/tokens");
    expect(routeOf("/auth/sign-in")).toBe("/auth/sign-in");
    expect(routeOf("/acme/tools/cli/tags/v1")).toBe("/[...path]");
    expect(routeOf("/console/repositories/acme/tools/cli")).toBe("/console/repositories/[namespace]/[...name]");
  });
});

describe("security headers", () => {
  const http = env({ GALLEON_PUBLIC_URL: "http://127.0.0.1:3000" });
  const https = env({ GALLEON_PUBLIC_URL: "https://gallery.example.com" });

  it("writes a strict policy with the request's nonce and the OpenID provider as a form target", () => {
    const policy = contentSecurityPolicy("bm9uY2U=", env({ ...http, GALLEON_OIDC_ISSUER: "https://id.example.com/realms/x" }));
    const directives = Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(directives["script-src"]).toEqual(expect.arrayContaining(["'nonce-bm9uY2U='", "'strict-dynamic'"]));
    expect(directives["script-src"]).not.toContain("'unsafe-inline'");
    expect(directives["img-src"]).toEqual(["'self'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    expect(directives["base-uri"]).toEqual(["'none'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["form-action"]).toEqual(["'self'", "https://id.example.com"]);
    expect(directives["upgrade-insecure-requests"]).toBeUndefined();
    expect(contentSecurityPolicy("x", https)).toContain("upgrade-insecure-requests");
  });

  it("sends HSTS only when the gallery is served over https", () => {
    expect(staticSecurityHeaders(http)["Strict-Transport-Security"]).toBeUndefined();
    expect(staticSecurityHeaders(https)["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(staticSecurityHeaders(http)).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });
});

describe("Cache-Control", () => {
  const anonymous = (pathname: string, method = "GET") => cacheControl({ method, pathname, credentials: false }, env({}));

  it("lets shared caches keep anonymous public answers for GALLEON_PUBLIC_CACHE_SECONDS", () => {
    for (const pathname of ["/", "/search", "/acme/tools/cli", "/api/v1/search", "/api/v1/repositories/acme/tools/cli", "/feeds/acme.atom"]) {
      expect(anonymous(pathname), pathname).toBe("public, max-age=0, s-maxage=30");
    }
    expect(cacheControl({ method: "GET", pathname: "/", credentials: false }, env({ GALLEON_PUBLIC_CACHE_SECONDS: "0" }))).toBe("no-cache");
    expect(publicCacheSeconds(env({ GALLEON_PUBLIC_CACHE_SECONDS: "120" }))).toBe(120);
    expect(() => publicCacheSeconds(env({ GALLEON_PUBLIC_CACHE_SECONDS: "-1" }))).toThrow(/GALLEON_PUBLIC_CACHE_SECONDS/);
  });

  it("keeps everything signed in, private, operational or written out of shared caches", () => {
    expect(cacheControl({ method: "GET", pathname: "/acme/tools/cli", credentials: true }, env({}))).toBe("private, no-store");
    for (const pathname of ["/console", "/admin", "/auth/sign-in", "/api/v1/repositories/acme/tools/cli/catalog-data", "/api/v1/publishers/1/tokens", "/metrics", "/readyz"]) {
      expect(anonymous(pathname), pathname).toBe("private, no-store");
    }
    expect(anonymous("/api/v1/markdown/preview", "POST")).toBe("private, no-store");
    expect(anonymous("/_next/static/chunks/app.js")).toBeNull();
    expect(anonymous("/images")).toBeNull();
  });
});
