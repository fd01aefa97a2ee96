/**
 * Where artifacts attached to an image are found on registries without the
 * referrers API: the referrers tag schema (OCI 1.1: a `sha256-<hex>` tag
 * holding an index of the referrers of that digest) and cosign's tags
 * (`sha256-<hex>.sig`, `.att`, `.sbom`).
 */

const ATTACHED_TAG = /^sha256-([0-9a-f]{64})(?:\.(?:sig|att|sbom))?$/;

/** The digest a tag of either convention is attached to; null for any other tag. */
export function attachedTagSubject(tag: string): string | null {
  const hex = ATTACHED_TAG.exec(tag)?.[1];
  return hex === undefined ? null : `sha256:${hex}`;
}

/** A referrers tag schema tag (`sha256-<hex>`), not one of cosign's. */
export function isReferrersTag(tag: string): boolean {
  return attachedTagSubject(tag) !== null && !tag.includes(".");
}

/** The referrers tag schema's tag for a digest. */
export function referrersTagOf(digest: string): string {
  return digest.replace(":", "-");
}
