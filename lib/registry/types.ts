/** What the registry client reports about a repository's tags. */

import type { AttachmentContent } from "../attachments/types";

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
  details: ImageDetails;
}

/** A blob a manifest lists: an image layer, or an artifact's file. */
export interface LayerInfo {
  digest: string;
  mediaType: string;
  /** Null when the format records no sizes (schema1). */
  size: number | null;
}

export interface HistoryEntry {
  created: string | null;
  createdBy: string | null;
  /** The step changed no files, so no layer stands for it. */
  emptyLayer: boolean;
  comment: string | null;
}

/**
 * What a platform's manifest and image config say about running it, within
 * the bounds of details.ts. Environment variables are names only: their
 * values can hold secrets.
 */
export interface ImageDetails {
  /** Bottom first. */
  layers: LayerInfo[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  envNames: string[];
  /** "80/tcp" */
  exposedPorts: string[];
  workingDir: string | null;
  user: string | null;
  labels: Record<string, string>;
  /** Oldest first. */
  history: HistoryEntry[];
  /** True when a bound cut something off. */
  truncated: boolean;
}

/** One file of an artifact (a layer of its manifest). */
export interface ArtifactFile extends LayerInfo {
  /** The org.opencontainers.image.title annotation, when the layer has one. */
  title: string | null;
}

/** What a Helm chart's config says of it (lib/registry/helm.ts), bounded. */
export interface HelmChart {
  name: string | null;
  version: string | null;
  appVersion: string | null;
  description: string | null;
  /** Why the config (or part of it) could not be read; the tag is indexed all the same. */
  note: string | null;
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
  /** An artifact's files (bounded as in details.ts); empty for images. */
  files: ArtifactFile[];
  /** A Helm chart's metadata, from its config; null (or absent) for anything else. */
  chart?: HelmChart | null;
  /**
   * The image digest this tag is attached to (a referrers tag, a cosign tag,
   * or a manifest with a `subject`): such a tag is no image of its own and
   * carries only `attachments`. Null for image and artifact tags.
   */
  subject: string | null;
  /** Artifacts attached to this tag's manifests (found through it, or through the referrers API). */
  attachments: ResolvedAttachment[];
}

/** An artifact attached to an image manifest (a signature, an SBOM, an attestation, a report). */
export interface ResolvedAttachment {
  /** Digest of the manifest it describes: a tag's manifest, or one platform's inside an index. */
  subject: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  /** Its org.opencontainers.image.created annotation. */
  created: Date | null;
  /** What it carries, one entry per document (see lib/attachments). */
  contents: AttachmentContent[];
}
