import "server-only";
import type { KeyObject } from "node:crypto";
import { cosignKey } from "./verify";

/** What the operator told Galleon to trust for cosign signatures (GALLEON_COSIGN_PUBLIC_KEY, a PEM public key). */
export type CosignTrust = { key: KeyObject | null; error: string | null };

let cached: { pem: string | undefined; trust: CosignTrust } | undefined;

/** Read once per key text; a key that cannot be read verifies nothing and says why. */
export function cosignTrust(env: NodeJS.ProcessEnv = process.env): CosignTrust {
  const pem = env.GALLEON_COSIGN_PUBLIC_KEY;
  if (cached && cached.pem === pem) return cached.trust;
  let trust: CosignTrust;
  try {
    trust = { key: cosignKey(pem), error: null };
  } catch (error) {
    trust = { key: null, error: `GALLEON_COSIGN_PUBLIC_KEY cannot be read (${(error as Error).message})` };
  }
  cached = { pem, trust };
  return trust;
}
