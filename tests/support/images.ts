/** Small images pushed by tests, beside the sample content. */
import {
  imageConfig,
  imageIndex,
  imageManifest,
  jsonBlob,
  layer,
  pushBlob,
  pushManifest,
  type Blob,
} from "@/scripts/seed/oci";
import type { Descriptor } from "@/lib/registry/manifest";
import { MediaTypes } from "@/lib/registry/media-types";

/** Pushes a one-layer linux/amd64 OCI image, distinct per repository and tag; returns its config and manifest. */
export async function pushImage(url: string, repository: string, tag: string, annotations?: Record<string, string>) {
  const layers = [layer([{ path: "hello.txt", content: `${repository}:${tag}\n` }])];
  const config = imageConfig(
    { os: "linux", architecture: "amd64", created: "2025-01-01T00:00:00Z", config: {}, history: ["COPY hello.txt /"] },
    layers,
  );
  const manifest = imageManifest(MediaTypes.ociManifest, config, layers, { annotations });
  for (const blob of [config, ...layers]) await pushBlob(url, repository, blob.bytes);
  await pushManifest(url, repository, tag, manifest.bytes, MediaTypes.ociManifest);
  return { config, manifest };
}

export async function pushIndex(url: string, repository: string, tag: string, manifests: Descriptor[]): Promise<Blob> {
  const index = imageIndex(MediaTypes.ociIndex, manifests);
  await pushManifest(url, repository, tag, index.bytes, MediaTypes.ociIndex);
  return index;
}

/**
 * Pushes an OCI image whose config blob is `config` exactly as given (hostile
 * or ill-typed ones included), listing its one layer `layerCopies` times.
 */
export async function pushConfiguredImage(url: string, repository: string, tag: string, config: unknown, layerCopies = 1) {
  const content = layer([{ path: "hello.txt", content: `${repository}:${tag}\n` }]);
  const configBlob = jsonBlob(MediaTypes.ociImageConfig, config);
  const manifest = imageManifest(MediaTypes.ociManifest, configBlob, Array.from({ length: layerCopies }, () => content));
  for (const blob of [configBlob, content]) await pushBlob(url, repository, blob.bytes);
  await pushManifest(url, repository, tag, manifest.bytes, MediaTypes.ociManifest);
  return { config: configBlob, manifest };
}
