import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret (256 bits, base64url) with a readable prefix, e.g. "glt_…" for API tokens. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** How secrets are stored: they are random and long, so a plain SHA-256 is enough (no password hashing needed). */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
