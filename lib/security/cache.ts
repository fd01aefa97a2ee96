/**
 * Cache-Control for the proxy. Galleon itself reads the catalog per request,
 * so a repository made private disappears from its own answers at once; a
 * shared cache in front (CDN, reverse proxy) may keep an anonymous answer for
 * GALLEON_PUBLIC_CACHE_SECONDS more, and never keeps a signed-in one
 * (docs/decisions/0026).
 */
import { IMAGE_PROXY_PATH } from "@/lib/markdown/images";
import { isPublicPath } from "./routes";

const DEFAULT_PUBLIC_CACHE_SECONDS = 30;

/** GALLEON_PUBLIC_CACHE_SECONDS: 0 to 3600, default 30. */
export function publicCacheSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GALLEON_PUBLIC_CACHE_SECONDS;
  if (raw === undefined || raw === "") return DEFAULT_PUBLIC_CACHE_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(`GALLEON_PUBLIC_CACHE_SECONDS must be an integer from 0 to 3600, got "${raw}"`);
  }
  return seconds;
}

export interface CacheableRequest {
  method: string;
  pathname: string;
  /** A session cookie or an Authorization header came with it. */
  credentials: boolean;
}

/**
 * Anonymous reads of public paths may be shared for a short time; everything
 * else (signed in, tokens, the console, the admin side, forms, writes) is
 * `private, no-store`. Next's static assets and the image proxy, the same
 * for everyone, set their own (null).
 */
export function cacheControl(request: CacheableRequest, env: NodeJS.ProcessEnv = process.env): string | null {
  if (request.pathname.startsWith("/_next/static/") || request.pathname === IMAGE_PROXY_PATH) return null;
  const shareable =
    !request.credentials && (request.method === "GET" || request.method === "HEAD") && isPublicPath(request.pathname);
  if (!shareable) return "private, no-store";
  const seconds = publicCacheSeconds(env);
  // Shared caches only (s-maxage): a browser asks again each time, so a visitor's own
  // reload, a sign-in or a push never shows them an older page.
  return seconds === 0 ? "no-cache" : `public, max-age=0, s-maxage=${seconds}`;
}
