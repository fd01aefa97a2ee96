/**
 * What the proxy knows of the app's routes before Next does: the methods each
 * route handler exports (tests/security-policy.test.ts checks this table
 * against app/**\/route.ts), which paths are the public's, and which answer
 * JSON. Every other path is a page: GET and HEAD only.
 */

type Method = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS";

/** Route handlers by their app/ folder, and the methods their files export. */
export const ROUTE_HANDLERS: Record<string, readonly Method[]> = {
  "/api/v1/admin/namespaces/[namespace]": ["PUT"],
  "/api/v1/admin/publishers/[id]/badges/[badge]": ["PUT", "DELETE"],
  "/api/v1/admin/publishers/[id]/members/[userId]": ["PUT", "DELETE"],
  "/api/v1/admin/publishers/[id]/members": ["POST"],
  "/api/v1/admin/publishers": ["POST"],
  "/api/v1/attachments/[id]/sbom": ["GET"],
  "/api/v1/markdown/preview": ["POST"],
  "/api/v1/namespaces/[namespace]/settings": ["PUT"],
  "/api/v1/openapi.json": ["GET"],
  "/api/v1/publishers/[id]/audit": ["GET"],
  "/api/v1/publishers/[id]/tokens/[tokenId]": ["DELETE"],
  "/api/v1/publishers/[id]/tokens": ["GET", "POST"],
  "/api/v1/registry/token": ["GET", "POST"],
  "/api/v1/repositories/[...path]": ["GET", "PUT", "DELETE"],
  "/api/v1/search": ["GET"],
  "/api/v1/suggest": ["GET"],
  "/auth/invitations/[token]/accept": ["POST"],
  "/auth/invitations/[token]/account": ["POST"],
  "/auth/oidc/callback": ["GET"],
  "/auth/oidc/start": ["POST"],
  "/auth/sign-in/password": ["POST"],
  "/auth/sign-out": ["POST"],
  "/auth/sign-up/account": ["POST"],
  "/feeds/[...path]": ["GET"],
  "/images": ["GET"],
  "/logos/[...path]": ["GET"],
  "/sitemap.xml": ["GET"],
  "/sitemap.xml/[file]": ["GET"],
  "/healthz": ["GET"],
  "/readyz": ["GET"],
  "/metrics": ["GET"],
};

const PAGE_METHODS: readonly Method[] = ["GET", "HEAD"];

/** Pages by their app/ folder; the catch-all is the public namespace, repository and tag pages. */
const PAGES = [
  "/", "/search", "/categories", "/categories/[category]", "/console", "/console/publishers/[id]",
  "/console/repositories/[namespace]/[...name]", "/admin", "/auth/sign-in", "/auth/sign-up", "/auth/invitations/[token]",
  "/robots.txt", "/_next/[...path]", "/[...path]",
];

function patternOf(route: string): RegExp {
  const source = route
    .split("/")
    .map((segment) => (segment.startsWith("[...") ? ".+" : segment.startsWith("[") ? "[^/]+" : segment.replace(/\./g, "\\.")))
    .join("/");
  return new RegExp(`^${source}$`);
}

const rank = (route: string) => (route.includes("[...") ? 2 : route.includes("[") ? 1 : 0);
// Static paths before dynamic ones and catch-alls last, as Next matches them.
const ROUTES = [
  ...Object.entries(ROUTE_HANDLERS).map(([route, methods]) => ({ route, methods, handler: true })),
  ...PAGES.map((route) => ({ route, methods: PAGE_METHODS, handler: false })),
]
  .sort((a, b) => rank(a.route) - rank(b.route))
  .map((entry) => ({ ...entry, pattern: patternOf(entry.route) }));

const routeFor = (pathname: string) => ROUTES.find((r) => r.pattern.test(pathname)) ?? ROUTES.at(-1)!;

/** The route template a path falls under ("/api/v1/search", "/[...path]"), a metric's label. */
export const routeOf = (pathname: string) => routeFor(pathname).route;

/**
 * The methods `pathname` answers. A handler's GET also answers HEAD and Next
 * answers OPTIONS for handlers; pages answer GET and HEAD.
 */
export function allowedMethods(pathname: string): readonly string[] {
  const { methods, handler } = routeFor(pathname);
  if (!handler) return methods;
  return [...new Set([...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"])];
}

/** Paths that answer JSON, refusals included. */
export const answersJson = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

/** Anything only a signed-in user or an operator sees: never stored by a shared cache. */
const PRIVATE_PREFIXES = [
  "/console", "/admin", "/auth", "/api/v1/admin", "/api/v1/publishers", "/api/v1/namespaces", "/api/v1/markdown",
  "/api/v1/registry", "/healthz", "/readyz", "/metrics",
];
const PUBLISHER_REPOSITORY_PATHS = /^\/api\/v1\/repositories\/.+\/(catalog-data|visibility|logo)$/;

/** Whether the path is a public page or public API answer, the same for every anonymous visitor. */
export function isPublicPath(pathname: string): boolean {
  if (pathname.startsWith("/_next/")) return false;
  if (PRIVATE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false;
  return !PUBLISHER_REPOSITORY_PATHS.test(pathname);
}
