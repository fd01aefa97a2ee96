/**
 * Pushes the sample images (scripts/seed/samples.ts) into a registry and reports
 * what every tag resolves to, computed from the bytes sent, so tests can compare
 * the registry client's reading against it.
 */
import type { HelmChart, ImageDetails, LayerInfo, PlatformImage, ResolvedTag } from "@/lib/registry/types";
import { HELM_CONFIG_MEDIA_TYPE } from "@/lib/registry/helm";
import {
  attestationManifest,
  blob,
  SAMPLE_BUILDER,
  imageConfig,
  imageIndex,
  imageManifest,
  layer,
  pushBlob,
  pushManifest,
  schema1Manifest,
  type Blob,
} from "./oci";
import type { Platform } from "@/lib/registry/manifest";
import { MediaTypes } from "@/lib/registry/media-types";
import { seedAttachments } from "./attachments";
import { SAMPLE_REPOSITORIES, type SampleImage, type SampleManifest, type SampleRepository } from "./samples";

/** Per repository path, per tag. Annotations are merged index > manifest > config labels. */
export type SeedReport = Record<string, Record<string, ResolvedTag>>;

interface PushedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

/** A tag, the manifest it points at and its report entry. */
interface TaggedManifest {
  manifest: PushedManifest;
  resolved: ResolvedTag;
}

/** Everything a sample manifest needs, in push order. */
interface BuiltManifest {
  /** Configs and layers of every manifest below. */
  blobs: Blob[];
  /** Manifests an index refers to, pushed by digest before it. */
  children: Blob[];
  /** One per tag: the same manifest for all, except with schema1. */
  tags: TaggedManifest[];
}

/** What a tag resolves to, besides its manifest. */
type Reading = Pick<ResolvedTag, "kind" | "artifactType" | "platforms" | "totalSize" | "annotations" | "files" | "attachments"> & {
  configCreated: string | null;
  /** A Helm chart's metadata, as its sample states it. */
  chart?: HelmChart;
};

interface BuiltImage {
  blobs: Blob[];
  manifest: Blob;
  platform: PlatformImage;
  /** Manifest annotations over config labels. */
  annotations: Record<string, string>;
  created: string;
}

const CREATED = "org.opencontainers.image.created";
const SOURCE = "org.opencontainers.image.source";

function buildImage(image: SampleImage, format: "oci" | "docker"): BuiltImage {
  const oci = format === "oci";
  const layers = image.layers.map((l) => layer(l.files, oci ? MediaTypes.ociLayer : MediaTypes.dockerLayer));
  const config = imageConfig(
    { ...image.platform, created: image.created, config: image.config, history: image.layers.map((l) => l.createdBy) },
    layers,
    oci ? MediaTypes.ociImageConfig : MediaTypes.dockerImageConfig,
  );
  const manifest = imageManifest(oci ? MediaTypes.ociManifest : MediaTypes.dockerManifest, config, layers, {
    annotations: image.annotations,
  });
  const details = imageDetails(
    image,
    layers.map(({ descriptor: { digest, mediaType, size } }) => ({ digest, mediaType, size })),
  );
  return {
    blobs: [config, ...layers],
    manifest,
    platform: platformImage(image.platform, manifest.descriptor, sizeOf([config, ...layers]), details),
    annotations: { ...image.config.Labels, ...image.annotations },
    created: image.created,
  };
}

function platformImage(
  { os, architecture, variant }: Platform,
  { digest, mediaType }: { digest: string; mediaType: string },
  compressedSize: number | null,
  details: ImageDetails,
): PlatformImage {
  return { os, architecture, variant: variant ?? null, digest, mediaType, compressedSize, details };
}

/** What a sample image's config and layers read as: environment variable names only, history oldest first. */
function imageDetails(image: SampleImage, layers: LayerInfo[]): ImageDetails {
  const { config } = image;
  return {
    layers,
    entrypoint: config.Entrypoint ?? null,
    cmd: config.Cmd ?? null,
    envNames: (config.Env ?? []).map((variable) => variable.split("=")[0]!),
    exposedPorts: config.ExposedPorts ?? [],
    workingDir: config.WorkingDir ?? null,
    user: config.User ?? null,
    labels: config.Labels ?? {},
    history: image.layers.map((l) => ({ created: image.created, createdBy: l.createdBy, emptyLayer: false, comment: null })),
    truncated: false,
  };
}

function sizeOf(blobs: Blob[]): number {
  return blobs.reduce((sum, b) => sum + b.descriptor.size, 0);
}

function tagged(tag: string, manifest: PushedManifest, { configCreated, chart, ...reading }: Reading): TaggedManifest {
  // Like the registry client: the created annotation, else the config's time.
  const created = reading.annotations[CREATED] ?? configCreated;
  return {
    manifest,
    resolved: {
      tag,
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      ...structuredClone({ ...reading, chart: chart ?? null }), // tags of one manifest share no objects
      created: created === null ? null : new Date(created),
      subject: null,
    },
  };
}

function buildManifest(path: string, sample: SampleManifest): BuiltManifest {
  if (sample.kind === "docker-schema1") return buildSchema1(path, sample);
  const { blobs, children, manifest, reading } = buildContentAddressed(sample);
  const pushed = { bytes: manifest.bytes, mediaType: manifest.descriptor.mediaType, digest: manifest.descriptor.digest };
  return { blobs, children, tags: sample.tags.map((tag) => tagged(tag, pushed, reading)) };
}

/** Every format but schema1: one manifest, whose digest is the sha256 of its bytes, for all the tags. */
function buildContentAddressed(sample: Exclude<SampleManifest, { kind: "docker-schema1" }>) {
  switch (sample.kind) {
    case "oci-image":
    case "docker-schema2": {
      const image = buildImage(sample.image, sample.kind === "oci-image" ? "oci" : "docker");
      const reading: Reading = {
        kind: sample.kind,
        artifactType: null,
        platforms: [image.platform],
        totalSize: image.platform.compressedSize,
        annotations: image.annotations,
        configCreated: image.created,
        files: [],
        attachments: [],
      };
      return { blobs: image.blobs, children: [], manifest: image.manifest, reading };
    }
    case "oci-index":
    case "docker-manifest-list": {
      const oci = sample.kind === "oci-index";
      const images = sample.images.map((image) => buildImage(image, oci ? "oci" : "docker"));
      const indexAnnotations = oci ? sample.annotations : undefined;
      const source = indexAnnotations?.[SOURCE] ?? null;
      const attestations =
        oci && sample.attestations ? images.map((i) => attestationManifest(i.manifest.descriptor, i.created, source)) : [];
      const index = imageIndex(
        oci ? MediaTypes.ociIndex : MediaTypes.dockerManifestList,
        [
          ...images.map((i, n) => ({ ...i.manifest.descriptor, platform: sample.images[n]!.platform })),
          ...attestations.map((a) => a.descriptor),
        ],
        indexAnnotations,
      );
      // Manifest annotations and labels come from the first platform (the samples' platforms share them).
      const first = images[0]!;
      const reading: Reading = {
        kind: sample.kind,
        artifactType: null,
        platforms: images.map((i) => i.platform),
        totalSize: images.reduce((sum, i) => sum + i.platform.compressedSize!, 0),
        annotations: { ...first.annotations, ...indexAnnotations },
        configCreated: first.created,
        files: [],
        // Each attestation is attached to the platform it names, read as the indexer reads it.
        attachments: attestations.map((a, n) => ({
          subject: images[n]!.manifest.descriptor.digest,
          digest: a.manifest.descriptor.digest,
          mediaType: MediaTypes.ociManifest,
          artifactType: MediaTypes.inToto,
          created: null,
          contents: [
            {
              category: "attestation",
              summary: {
                kind: "attestation",
                predicateType: "https://slsa.dev/provenance/v0.2",
                builder: SAMPLE_BUILDER,
                source,
                certificate: null,
              },
              document: null,
            },
          ],
        })),
      };
      return {
        blobs: [...images, ...attestations].flatMap((i) => i.blobs),
        children: [...images, ...attestations].map((i) => i.manifest),
        manifest: index,
        reading,
      };
    }
    case "artifact": {
      const config = blob(sample.config.mediaType, Buffer.from(JSON.stringify(sample.config.data)));
      const layers = sample.layers.map((l) => layer(l.files, l.mediaType));
      const manifest = imageManifest(MediaTypes.ociManifest, config, layers, {
        annotations: sample.annotations,
        artifactType: sample.artifactType,
      });
      const reading: Reading = {
        kind: sample.kind,
        artifactType: sample.artifactType,
        platforms: [],
        totalSize: sizeOf([config, ...layers]),
        annotations: { ...sample.annotations },
        configCreated: null,
        attachments: [],
        files: layers.map(({ descriptor: { digest, mediaType, size } }) => ({ digest, mediaType, size, title: null })),
        ...(sample.config.mediaType === HELM_CONFIG_MEDIA_TYPE && { chart: sampleChart(sample.config.data as Record<string, unknown>) }),
      };
      return { blobs: [config, ...layers], children: [], manifest, reading };
    }
  }
}

/** What a sample chart's config states, as the registry client reads it. */
function sampleChart(data: Record<string, unknown>): HelmChart {
  const field = (name: string) => (typeof data[name] === "string" ? (data[name] as string) : null);
  return { name: field("name"), version: field("version"), appVersion: field("appVersion"), description: field("description"), note: null };
}

/** Schema1 records its tag inside the manifest: one signed manifest per tag. */
function buildSchema1(path: string, sample: Extract<SampleManifest, { kind: "docker-schema1" }>): BuiltManifest {
  const { image } = sample;
  const layers = image.layers.map((l) => layer(l.files, MediaTypes.dockerLayer));
  // Distribution serves stored schema1 with this media type, whatever the push said.
  const mediaType = MediaTypes.dockerSchema1Signed;
  const tags = sample.tags.map((tag) => {
    const { created, config, platform } = image;
    const history = image.layers.map((l) => l.createdBy);
    const { bytes, digest } = schema1Manifest({ name: path, tag, ...platform, created, config, layers, history });
    // Schema1 records no sizes, nor layer media types.
    const details = imageDetails(
      image,
      layers.map(({ descriptor: { digest } }) => ({ digest, mediaType: MediaTypes.dockerLayer, size: null })),
    );
    return tagged(tag, { bytes, mediaType, digest }, {
      kind: sample.kind,
      artifactType: null,
      platforms: [platformImage(platform, { digest, mediaType }, null, details)],
      totalSize: null,
      annotations: { ...image.config.Labels },
      configCreated: image.created,
      files: [],
      attachments: [],
    });
  });
  return { blobs: layers, children: [], tags };
}

async function seedRepository(registryUrl: string, repository: SampleRepository): Promise<Record<string, ResolvedTag>> {
  const { path } = repository;
  const built = repository.manifests.map((sample) => buildManifest(path, sample));
  // Platforms and images share layers: upload each blob once.
  const blobs = new Map(built.flatMap((b) => b.blobs).map((b) => [b.descriptor.digest, b.bytes]));
  await Promise.all([...blobs.values()].map((bytes) => pushBlob(registryUrl, path, bytes)));
  const children = built.flatMap((b) => b.children);
  await Promise.all(
    children.map((c) => pushManifest(registryUrl, path, c.descriptor.digest, c.bytes, c.descriptor.mediaType)),
  );
  const tags = built.flatMap((b) => b.tags);
  await Promise.all(
    tags.map(async ({ manifest, resolved: { tag } }) => {
      const digest = await pushManifest(registryUrl, path, tag, manifest.bytes, manifest.mediaType);
      if (digest !== manifest.digest) {
        throw new Error(`${path}:${tag}: the registry says ${digest}, expected ${manifest.digest}`);
      }
    }),
  );
  return Object.fromEntries(tags.map(({ resolved }) => [resolved.tag, resolved]));
}

/**
 * Pushes every sample repository (in parallel), then what is attached to the
 * signed sample (scripts/seed/attachments.ts); running it again changes no
 * digest. The report lists image tags only: attached tags are not images.
 */
export async function seedRegistry(registryUrl: string): Promise<SeedReport> {
  const entries = await Promise.all(
    SAMPLE_REPOSITORIES.map(async (repository) => [repository.path, await seedRepository(registryUrl, repository)] as const),
  );
  const report: SeedReport = Object.fromEntries(entries);
  await seedAttachments(registryUrl, report);
  return report;
}
