/** Follows a tag down to its runnable platforms: sizes, kind, creation time, annotations and details. */

import type { FetchedManifest, RegistryClient } from "./client";
import { artifactFiles, imageDetails, schema1Details } from "./details";
import { ManifestError, NotFoundError, type Subject } from "./errors";
import {
  MAX_MANIFEST_BYTES,
  parseImageConfig,
  parseJson,
  parseSchema1History,
  parsing,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type Schema1Manifest,
} from "./manifest";
import { artifactTypeOf, manifestKind } from "./media-types";
import type { ArtifactFile, HistoryEntry, PlatformImage, ResolvedTag } from "./types";

/** Indexes nested deeper than this are refused (one level of nesting is already rare). */
export const MAX_INDEX_DEPTH = 3;
/** Child manifests followed per tag, all index levels together. */
export const MAX_CHILDREN = 256;

const CREATED_ANNOTATION = "org.opencontainers.image.created";

/** A runnable image with what its manifest and config say about it. */
interface Image {
  platform: PlatformImage;
  /** Manifest annotations over config labels. */
  annotations: Record<string, string>;
  configCreated: string | undefined;
}

/** What a tag's top manifest tells, before the fields every kind shares are filled in. */
interface Reading {
  artifactType: string | null;
  platforms: PlatformImage[];
  totalSize: number | null;
  annotations: Record<string, string>;
  configCreated: string | undefined;
  files: ArtifactFile[];
}

/** BuildKit attestations (provenance, SBOM) ride in indexes as unknown/unknown entries. */
function isAttestation(entry: Descriptor): boolean {
  return (
    (entry.platform?.os === "unknown" && entry.platform.architecture === "unknown") ||
    entry.annotations?.["vnd.docker.reference.type"] !== undefined
  );
}

function sizeOf(manifest: ImageManifest): number {
  return manifest.layers.reduce((total, layer) => total + layer.size, manifest.config.size);
}

function toDate(value: string | undefined): Date | null {
  const date = value === undefined ? null : new Date(value);
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

class Resolver {
  private children = 0;

  constructor(
    private readonly client: RegistryClient,
    private readonly repository: string,
    private readonly tag: string,
    /** What to fetch: the tag itself, or the digest a notification named for it. */
    private readonly reference: string,
  ) {}

  private get subject(): Subject {
    return { repository: this.repository, reference: this.tag };
  }

  async resolve(): Promise<ResolvedTag> {
    const top = await this.client.getManifest(this.repository, this.reference);
    const reading = await this.read(top);
    return {
      tag: this.tag,
      digest: top.digest,
      mediaType: top.mediaType,
      kind: manifestKind(top.mediaType, reading.artifactType),
      artifactType: reading.artifactType,
      platforms: reading.platforms,
      totalSize: reading.totalSize,
      // The created annotation (at any level) is what the publisher chose to show; the config's time is the build's.
      created: toDate(reading.annotations[CREATED_ANNOTATION] ?? reading.configCreated),
      annotations: reading.annotations,
      files: reading.files,
    };
  }

  private async read(top: FetchedManifest): Promise<Reading> {
    if (top.format === "index") {
      // Labels and creation time come from the first platform: every platform is the same build.
      const images = await this.indexImages(top.manifest, [top.digest]);
      const sizes = images.map((image) => image.platform.compressedSize);
      return {
        artifactType: null,
        platforms: images.map((image) => image.platform),
        totalSize: sizes.every((size): size is number => size !== null) ? sizes.reduce((a, b) => a + b, 0) : null,
        annotations: { ...images[0]?.annotations, ...top.manifest.annotations },
        configCreated: images[0]?.configCreated,
        files: [],
      };
    }
    const artifactType = top.format === "image" ? artifactTypeOf(top.mediaType, top.manifest) : null;
    if (top.format === "image" && artifactType !== null) {
      // An artifact's config is not an image config (a Helm chart's is chart metadata): not read.
      return {
        artifactType,
        platforms: [],
        totalSize: sizeOf(top.manifest),
        annotations: top.manifest.annotations ?? {},
        configCreated: undefined,
        files: artifactFiles(top.manifest.layers),
      };
    }
    const image = await this.describe(top, undefined);
    return {
      ...image,
      artifactType: null,
      platforms: [image.platform],
      totalSize: image.platform.compressedSize,
      files: [],
    };
  }

  /** The runnable images of an index, depth first; `path` holds the digests of the enclosing indexes. */
  private async indexImages(index: ImageIndex, path: string[]): Promise<Image[]> {
    const entries = index.manifests.filter((entry) => !isAttestation(entry));
    // Counted before any is fetched, so a huge index costs one request.
    this.children += entries.length;
    if (this.children > MAX_CHILDREN) {
      throw new ManifestError(this.subject, "too-many-children", `more than ${MAX_CHILDREN} child manifests`);
    }
    const images: Image[] = [];
    for (const entry of entries) {
      const child = await this.required(
        `child manifest ${entry.digest}`,
        this.client.getManifest(this.repository, entry.digest),
      );
      if (child.format === "index") {
        // Digests are verified, so an index cannot contain itself; the depth cap bounds any nesting.
        if (path.length >= MAX_INDEX_DEPTH) {
          throw new ManifestError(this.subject, "too-deep", `indexes nested more than ${MAX_INDEX_DEPTH} deep`);
        }
        images.push(...(await this.indexImages(child.manifest, [...path, child.digest])));
      } else if (child.format === "schema1" || artifactTypeOf(child.mediaType, child.manifest) === null) {
        images.push(await this.describe(child, entry));
      } // else an artifact (a signature, an SBOM...): not runnable
    }
    return images;
  }

  /** Something the tag's manifest refers to: if the registry lost it, the whole tag is unusable. */
  private async required<T>(what: string, fetch: Promise<T>): Promise<T> {
    try {
      return await fetch;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ManifestError(this.subject, "missing-blob", `${what} is not in the registry`);
      }
      throw error;
    }
  }

  /**
   * One image manifest as a platform, config read. The platform comes from
   * the index entry when there is one. Tags are resolved again only when
   * their digest changes, so reading every platform's config costs little.
   */
  private async describe(
    fetched: FetchedManifest & { format: "image" | "schema1" },
    entry: Descriptor | undefined,
  ): Promise<Image> {
    const { digest, mediaType } = fetched;
    if (fetched.format === "schema1") {
      const { config, history } = this.schema1Config(fetched.manifest);
      // Schema1 predates non-Linux images: no os means linux.
      const platform = { os: config.os ?? "linux", architecture: fetched.manifest.architecture, variant: null };
      return {
        platform: {
          ...platform,
          ...this.platformOf(entry),
          digest,
          mediaType,
          compressedSize: null,
          details: schema1Details(fetched.manifest, config, history),
        },
        annotations: config.labels,
        configCreated: config.created,
      };
    }
    const manifest = fetched.manifest;
    const config = await this.config(manifest.config.digest);
    const platform = this.platformOf(entry) ?? {
      os: config.os ?? "unknown",
      architecture: config.architecture ?? "unknown",
      variant: config.variant ?? null,
    };
    return {
      platform: {
        ...platform,
        digest,
        mediaType,
        compressedSize: sizeOf(manifest),
        details: imageDetails(manifest.layers, config),
      },
      annotations: { ...config.labels, ...manifest.annotations },
      configCreated: config.created,
    };
  }

  private platformOf(entry: Descriptor | undefined): Pick<PlatformImage, "os" | "architecture" | "variant"> | null {
    const platform = entry?.platform;
    if (!platform) return null;
    return { os: platform.os, architecture: platform.architecture, variant: platform.variant ?? null };
  }

  private async config(digest: string): Promise<ImageConfig> {
    const json = await this.required(
      `config blob ${digest}`,
      this.client.getBlobJson(this.repository, digest, MAX_MANIFEST_BYTES),
    );
    return parsing({ repository: this.repository, reference: digest }, () => parseImageConfig(json));
  }

  /** Schema1 keeps the image config as a JSON string in the newest history entry, and a step in each entry. */
  private schema1Config(manifest: Schema1Manifest): { config: ImageConfig; history: HistoryEntry[] } {
    return parsing(this.subject, () => {
      const entries = manifest.history.map((entry) => parseJson(Buffer.from(entry.v1Compatibility)));
      return { config: parseImageConfig(entries[0] ?? {}), history: entries.map(parseSchema1History) };
    });
  }
}

export function resolveTag(client: RegistryClient, repository: string, tag: string, reference = tag): Promise<ResolvedTag> {
  return new Resolver(client, repository, tag, reference).resolve();
}
