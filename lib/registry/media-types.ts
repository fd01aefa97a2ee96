/** Manifest and config media types, and what each one means to the gallery. */

import type { ManifestKind } from "./types";

export const MediaTypes = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  ociImageConfig: "application/vnd.oci.image.config.v1+json",
  dockerImageConfig: "application/vnd.docker.container.image.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  /** BuildKit attestations (SBOM, provenance). */
  inToto: "application/vnd.in-toto+json",
} as const;

/** How a manifest's bytes are shaped; decides how it is parsed and followed. */
export type ManifestFormat = "index" | "image" | "schema1";

const MANIFEST_TYPES: Record<string, { format: ManifestFormat; kind: ManifestKind }> = {
  [MediaTypes.ociIndex]: { format: "index", kind: "oci-index" },
  [MediaTypes.dockerManifestList]: { format: "index", kind: "docker-manifest-list" },
  [MediaTypes.ociManifest]: { format: "image", kind: "oci-image" },
  [MediaTypes.dockerManifest]: { format: "image", kind: "docker-schema2" },
  [MediaTypes.dockerSchema1Signed]: { format: "schema1", kind: "docker-schema1" },
  [MediaTypes.dockerSchema1]: { format: "schema1", kind: "docker-schema1" },
};

/**
 * Every manifest type, sent on each manifest request: distribution 2.8 answers
 * 404 for an OCI manifest whose type is missing, and downgrades a Docker
 * schema2 manifest to schema1 (with another digest) when Accept is absent.
 */
export const MANIFEST_ACCEPT = Object.keys(MANIFEST_TYPES).join(", ");

/** Null for a media type that is not a manifest the gallery reads. */
export function manifestFormat(mediaType: string): ManifestFormat | null {
  return MANIFEST_TYPES[mediaType]?.format ?? null;
}

export function isImageConfig(mediaType: string): boolean {
  return mediaType === MediaTypes.ociImageConfig || mediaType === MediaTypes.dockerImageConfig;
}

/**
 * What an OCI manifest carries when it is not a container image (a Helm chart,
 * a signature...): its artifactType, else its config type. Null for images;
 * Docker schema2 manifests are always images.
 */
export function artifactTypeOf(
  mediaType: string,
  manifest: { artifactType?: string; config: { mediaType: string } },
): string | null {
  if (mediaType !== MediaTypes.ociManifest) return null;
  const type = manifest.artifactType ?? manifest.config.mediaType;
  return isImageConfig(type) ? null : type;
}

/** The kind shown for a manifest of a known media type. */
export function manifestKind(mediaType: string, artifactType: string | null): ManifestKind {
  if (artifactType !== null) return "artifact";
  const type = MANIFEST_TYPES[mediaType];
  if (!type) throw new TypeError(`not a manifest media type: ${mediaType}`);
  return type.kind;
}
