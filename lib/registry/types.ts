/** What the registry client reports about a repository's tags. */

/** How a manifest is shown to people. */
export type ManifestKind =
  | "oci-index"
  | "oci-image"
  | "docker-manifest-list"
  | "docker-schema2"
  | "docker-schema1"
  | "artifact";

/** One runnable image: a single-arch manifest, or one child of an index. */
export interface PlatformImage {
  os: string;
  architecture: string;
  variant: string | null;
  /** Digest of this platform's manifest. */
  digest: string;
  mediaType: string;
  /** Sum of layer sizes plus the config; null when the format carries no sizes (schema1). */
  compressedSize: number | null;
}

/** A tag resolved down to its platforms. */
export interface ResolvedTag {
  tag: string;
  /** Digest of the manifest the tag points at (the index for multi-arch tags). */
  digest: string;
  mediaType: string;
  kind: ManifestKind;
  /** OCI artifactType (or config media type) for non-image artifacts. */
  artifactType: string | null;
  /** Runnable platforms; attestation manifests (unknown/unknown) excluded; empty for artifacts. */
  platforms: PlatformImage[];
  /** Sum of the platforms' compressed sizes (the artifact's blobs for artifacts); null when unknown. */
  totalSize: number | null;
  /** The org.opencontainers.image.created annotation (of the merged annotations), else the config's created. */
  created: Date | null;
  /** Index annotations over manifest annotations over config labels. */
  annotations: Record<string, string>;
}
