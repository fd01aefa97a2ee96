/**
 * The headers every response carries (set by proxy.ts): a Content-Security-Policy
 * with a fresh script nonce per request, and the browser protections that cost
 * nothing. README "Security headers"; docs/decisions/0015.
 */
import { createHash, randomUUID } from "node:crypto";
import { siteUrl } from "@/lib/config/environment";
import { PULL_RESTORE_SCRIPT } from "@/lib/pull/restore-script";

/** 122 random bits from a UUID (drawn from a pool, cheaper than randomBytes per request), in hex. */
export function newNonce(): string {
  return randomUUID().replaceAll("-", "");
}

const hashSource = (script: string) => `'sha256-${createHash("sha256").update(script).digest("base64")}'`;
// Galleon's own inline scripts that React renders without a nonce (client components cannot read one).
const INLINE_SCRIPT_HASHES = [PULL_RESTORE_SCRIPT].map(hashSource).join(" ");

/**
 * The policy for one request. Scripts: Next's own (framework, chunks, inline
 * payload) carry the nonce, which Next reads from this header on the request;
 * 'strict-dynamic' lets them load their chunks. Styles allow inline because
 * React writes style attributes. Images only from the gallery itself: About
 * and Usage images come through the image proxy (/images). Forms post to the
 * gallery, and to the OpenID Connect provider the sign-in form redirects to.
 */
export function contentSecurityPolicy(nonce: string, env: NodeJS.ProcessEnv = process.env): string {
  const development = env.NODE_ENV === "development";
  const formTargets = ["'self'", ...(env.GALLEON_OIDC_ISSUER ? [new URL(env.GALLEON_OIDC_ISSUER).origin] : [])];
  return [
    "default-src 'self'",
    // React uses eval only in development, for its error overlays.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${INLINE_SCRIPT_HASHES}${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action ${formTargets.join(" ")}`,
    ...(isHttps(env) ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The image proxy's answers: an SVG opened on its own runs nothing, in an opaque origin. */
export const IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const isHttps = (env: NodeJS.ProcessEnv) => siteUrl(env).protocol === "https:";

/** Features Galleon never uses, off for its pages and anything they could embed. */
const PERMISSIONS_POLICY = [
  "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
  "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "usb", "xr-spatial-tracking",
].map((feature) => `${feature}=()`).join(", ");

/** The headers besides the CSP, the same on every response. */
export function staticSecurityHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    // Older browsers without frame-ancestors.
    "X-Frame-Options": "DENY",
    // Only over https: a browser ignores it on http, and a site on http must stay reachable.
    ...(isHttps(env) ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
