/** Bounds of what is read from an attached artifact and kept. */
export const ATTACHMENT_BOUNDS = {
  /** A blob read to summarize it (an SBOM, a report, a signature payload). */
  blobBytes: 8 << 20,
  /** Blobs read per artifact. */
  blobs: 4,
  /** Signatures kept per cosign signature manifest. */
  signatures: 16,
  /** Simple signing payloads kept for verification. */
  payloadBytes: 16 << 10,
  /** Packages listed by name on the tag page. */
  packages: 10,
  /** An SBOM document kept for download. */
  documentBytes: 1 << 20,
  /** Characters of any string shown. */
  text: 512,
  /** Referrers followed per subject. */
  referrers: 64,
} as const;

export function text(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  return value.length <= ATTACHMENT_BOUNDS.text ? value : `${value.slice(0, ATTACHMENT_BOUNDS.text)}…`;
}

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
