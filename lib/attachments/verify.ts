/**
 * Checks cosign signatures against the public key the operator trusts. A
 * signature counts as verified only when it verifies over its payload with
 * that key and the payload names the very image digest it is attached to.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { CosignSignature } from "./types";

export type Verification =
  | { state: "verified" }
  | { state: "not-verified"; reason: string }
  | { state: "failed"; reason: string };

/** The configured cosign public key (PEM), or null when none is set; a key that cannot be read is an error. */
export function cosignKey(pem: string | undefined): KeyObject | null {
  if (!pem?.trim()) return null;
  return createPublicKey(pem.replace(/\\n/g, "\n"));
}

export function verifyCosignSignature(signature: CosignSignature, subjectDigest: string, key: KeyObject | null): Verification {
  if (!key) return { state: "not-verified", reason: "no signing key is configured" };
  if (signature.payload === null) return { state: "not-verified", reason: "the signed payload was too large to keep" };
  const payload = Buffer.from(signature.payload, "base64");
  let valid: boolean;
  try {
    valid = verify(key.asymmetricKeyType === "ed25519" ? null : "sha256", payload, key, Buffer.from(signature.signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) return { state: "failed", reason: "the signature does not match the configured key" };
  if (signature.imageDigest !== subjectDigest) {
    return { state: "failed", reason: `the signed payload names ${signature.imageDigest ?? "no digest"}, not this image` };
  }
  return { state: "verified" };
}

/** Keyless signatures would be checked against Fulcio's authority and Rekor, which Galleon does not do. */
const KEYLESS_NOT_VERIFIED: Verification = {
  state: "not-verified",
  reason: "Galleon checks keyless certificates against no certificate authority",
};

/** Notation's trust policies and certificate stores are not Galleon's: its signatures are shown, never verified. */
export const NOTATION_NOT_VERIFIED: Verification = { state: "not-verified", reason: "Galleon does not verify Notation signatures" };

/** What Galleon says of a cosign signature: a key check where one was configured, never a claim about keyless ones. */
export function signatureVerification(signature: CosignSignature, subjectDigest: string, key: KeyObject | null): Verification {
  return signature.certificate ? KEYLESS_NOT_VERIFIED : verifyCosignSignature(signature, subjectDigest, key);
}
