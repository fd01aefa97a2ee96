import "server-only";
import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { catalogLocalPath } from "@/lib/catalog/database-path";

const MIN_LENGTH = 32;
const generated = new Map<string, Buffer>();

/**
 * The key the web app signs its short-lived tokens with (anonymous forms'
 * CSRF tokens): GALLEON_SECRET, else a random one generated once and kept
 * beside the catalog as `secret` (mode 0600), so tokens survive restarts.
 */
export function siteSecret(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.GALLEON_SECRET) {
    if (env.GALLEON_SECRET.length < MIN_LENGTH) throw new Error(`GALLEON_SECRET needs at least ${MIN_LENGTH} characters`);
    return Buffer.from(env.GALLEON_SECRET);
  }
  const file = path.join(path.dirname(catalogLocalPath(env)), "secret");
  let secret = generated.get(file);
  if (!secret) {
    createOnce(file);
    secret = Buffer.from(readFileSync(file, "utf8").trim());
    generated.set(file, secret);
  }
  return secret;
}

/** Writes a new secret to `file` unless one is there; linking a complete file in is atomic, so processes agree. */
function createOnce(file: string): void {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, randomBytes(32).toString("base64url"), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(draft);
  }
}
