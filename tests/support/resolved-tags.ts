/** Tags as the registry client would resolve them, for tests that write the catalog directly. */
import type { ImageDetails, PlatformImage, ResolvedTag } from "@/lib/registry/types";

const IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

export const NO_DETAILS: ImageDetails = {
  layers: [],
  entrypoint: null,
  cmd: null,
  envNames: [],
  exposedPorts: [],
  workingDir: null,
  user: null,
  labels: {},
  history: [],
  truncated: false,
};

/** A 64-hex-digit sha256 digest starting with `start` (hex). */
export const testDigest = (start: string) => `sha256:${start.padEnd(64, "0").slice(0, 64)}`;

export function testPlatform(architecture: string, digest: string, variant: string | null = null): PlatformImage {
  return { os: "linux", architecture, variant, digest, mediaType: IMAGE_MANIFEST, compressedSize: 1, details: NO_DETAILS };
}

/** An image (one platform) or an index (several) named `tag`. */
export function testTag(tag: string, digest: string, platforms: PlatformImage[]): ResolvedTag {
  return {
    tag,
    digest,
    mediaType: platforms.length > 1 ? "application/vnd.oci.image.index.v1+json" : IMAGE_MANIFEST,
    kind: platforms.length > 1 ? "oci-index" : "oci-image",
    artifactType: null,
    platforms,
    subject: null,
    attachments: [],
    files: [],
    totalSize: platforms.reduce((total, p) => total + (p.compressedSize ?? 0), 0),
    created: null,
    annotations: {},
  };
}
