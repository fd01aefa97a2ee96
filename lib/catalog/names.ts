/**
 * Registry paths map to gallery names: the first segment is the namespace,
 * the rest the repository name ("acme/tools/cli" → acme, tools/cli).
 * Top-level paths ("nginx") belong to the "library" namespace, as on Docker Hub.
 */
export const ROOT_NAMESPACE = "library";

/**
 * First path segments the web app routes itself (/search, /categories,
 * /feeds, /api, the publisher side's /console, /admin, /auth and /logos,
 * the image proxy /images, the operator's /healthz, /readyz and /metrics,
 * Next's /_next), so a namespace of that name would have no reachable pages:
 * its repositories can never be public.
 */
export const RESERVED_NAMESPACES = [
  "search",
  "categories",
  "feeds",
  "api",
  "console",
  "admin",
  "auth",
  "logos",
  "images",
  "healthz",
  "readyz",
  "metrics",
  "_next",
  "sitemap.xml",
] as const;

/** The sitemap's files at the root: /sitemap-pages.xml, /sitemap-repositories-3.xml (lib/feeds/sitemap.server.ts). */
const SITEMAP_FILE = /^sitemap-.+\.xml$/;

export function isReservedNamespace(namespace: string): boolean {
  return (RESERVED_NAMESPACES as readonly string[]).includes(namespace) || SITEMAP_FILE.test(namespace);
}

// One path component of the distribution spec's repository name grammar.
const NAMESPACE_PATTERN = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
export const NAMESPACE_MAX_LENGTH = 64;

/** Whether `namespace` can be the first segment of registry paths (it may still be reserved). */
export function isValidNamespace(namespace: string): boolean {
  return namespace.length <= NAMESPACE_MAX_LENGTH && NAMESPACE_PATTERN.test(namespace);
}

export interface RepositoryName {
  namespace: string;
  name: string;
}

export function splitRepositoryPath(path: string): RepositoryName {
  const slash = path.indexOf("/");
  if (slash === -1) return { namespace: ROOT_NAMESPACE, name: path };
  return { namespace: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** "<namespace>/<name>": the repository's key in pages and in search. */
export function fullNameOf({ namespace, name }: RepositoryName): string {
  return `${namespace}/${name}`;
}
