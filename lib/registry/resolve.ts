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
import { ATTACHMENT_BOUNDS, layersToRead, readAttachment, type FetchedBlobs } from "../attachments";
import { artifactTypeOf, isImageConfig, manifestKind } from "./media-types";
import { isHelmChart, MAX_HELM_CONFIG_BYTES, readHelmConfig, unreadableChart } from "./helm";
import { attachedTagSubject, isReferrersTag } from "./referrers";
import type { ArtifactFile, HelmChart, HistoryEntry, PlatformImage, ResolvedAttachment, ResolvedTag } from "./types";

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
  chart: HelmChart | null;
  /** BuildKit attestations found inside the index. */
  attachments: ResolvedAttachment[];
}

/** BuildKit names the platform manifest an attestation manifest of its index describes. */
const REFERENCE_DIGEST_ANNOTATION = "vnd.docker.reference.digest";

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

/** The manifest an OCI 1.1 manifest describes (its `subject`), if any. */
function subjectOf(manifest: FetchedManifest): string | null {
  return manifest.format === "schema1" ? null : (manifest.manifest.subject?.digest ?? null);
}

class Resolver {
  private children = 0;
  private artifacts = 0;

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
    const subject = attachedTagSubject(this.tag) ?? subjectOf(top);
    if (subject !== null) return this.attachedTag(top, subject);
    const reading = await this.read(top);
    const subjects = [...new Set([top.digest, ...reading.platforms.map((platform) => platform.digest)])];
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
      chart: reading.chart,
      subject: null,
      attachments: [...reading.attachments, ...(await this.referrersOf(subjects))],
    };
  }

  /** A manifest pushed by digest alone: attached to its subject when it has one, else null (not read further). */
  async resolvePushedByDigest(): Promise<ResolvedTag | null> {
    const top = await this.client.getManifest(this.repository, this.reference);
    const subject = subjectOf(top);
    return subject === null ? null : this.attachedTag(top, subject);
  }

  /**
   * A tag that is not an image but describes one: a referrers tag schema
   * index (each entry a referrer), a cosign tag, or a manifest with a subject.
   */
  private async attachedTag(top: FetchedManifest, subject: string): Promise<ResolvedTag> {
    const attachments: ResolvedAttachment[] = [];
    if (top.format === "index") {
      // Where the registry offers the referrers API, its list is the truth; the tag schema's index, kept by clients, can lag it.
      const offered = isReferrersTag(this.tag) ? await this.client.listReferrers(this.repository, subject, ATTACHMENT_BOUNDS.referrers) : null;
      for (const entry of offered ?? top.manifest.manifests) attachments.push(...(await this.referrer(entry, subject)));
    } else if (top.format === "image") {
      attachments.push(await this.attachment(top, subject));
    }
    return {
      tag: this.tag,
      digest: top.digest,
      mediaType: top.mediaType,
      kind: "artifact",
      artifactType: top.format === "schema1" ? null : (top.manifest.artifactType ?? null),
      platforms: [],
      totalSize: null,
      created: null,
      annotations: {},
      files: [],
      chart: null,
      subject,
      attachments,
    };
  }

  /** Referrers of these manifests through the referrers API; none when the registry does not offer it. */
  private async referrersOf(subjects: string[]): Promise<ResolvedAttachment[]> {
    const attachments: ResolvedAttachment[] = [];
    for (const subject of subjects) {
      const left = ATTACHMENT_BOUNDS.referrers - this.artifacts;
      if (left <= 0) break;
      const referrers = await this.client.listReferrers(this.repository, subject, left);
      if (referrers === null) break;
      for (const entry of referrers) attachments.push(...(await this.referrer(entry, subject)));
    }
    return attachments;
  }

  /** One referrer descriptor, read; nothing when it is gone, not an artifact manifest, or past the bound. */
  private async referrer(entry: Descriptor, subject: string): Promise<ResolvedAttachment[]> {
    if (this.artifacts >= ATTACHMENT_BOUNDS.referrers) return [];
    this.artifacts++;
    try {
      const child = await this.client.getManifest(this.repository, entry.digest);
      if (child.format !== "image") return [];
      return [await this.attachment(child, child.manifest.subject?.digest ?? subject)];
    } catch (error) {
      // A referrer deleted since it was listed is no longer attached.
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }

  /** An artifact manifest read into what it carries, its small blobs fetched. */
  private async attachment(fetched: FetchedManifest & { format: "image" }, subject: string): Promise<ResolvedAttachment> {
    const manifest = fetched.manifest;
    const configType = isImageConfig(manifest.config.mediaType) ? undefined : manifest.config.mediaType;
    const artifactType = manifest.artifactType ?? configType ?? manifest.layers[0]?.mediaType ?? null;
    const blobs: FetchedBlobs = new Map();
    for (const digest of layersToRead({ artifactType, layers: manifest.layers })) {
      blobs.set(digest, await this.client.getBlob(this.repository, digest, ATTACHMENT_BOUNDS.blobBytes).catch((error: unknown) => {
        // A missing or corrupt blob leaves that document unread; the registry failing fails the tag.
        if (error instanceof NotFoundError || error instanceof ManifestError) return null;
        throw error;
      }));
    }
    return {
      subject,
      digest: fetched.digest,
      mediaType: fetched.mediaType,
      artifactType,
      created: toDate(manifest.annotations?.[CREATED_ANNOTATION]),
      contents: readAttachment({ artifactType, layers: manifest.layers }, blobs),
    };
  }

  private async read(top: FetchedManifest): Promise<Reading> {
    if (top.format === "index") {
      const images = top.manifest.artifactType === undefined ? await this.indexImages(top.manifest, [top.digest]) : [];
      if (images.length === 0) {
        // An index of artifacts (its artifactType says so, or nothing in it runs) is no multi-platform image.
        const sizes = top.manifest.manifests.reduce((total, entry) => total + entry.size, 0);
        return {
          artifactType: top.manifest.artifactType ?? top.mediaType,
          platforms: [],
          totalSize: sizes,
          annotations: top.manifest.annotations ?? {},
          configCreated: undefined,
          files: [],
          chart: null,
          attachments: [],
        };
      }
      // Labels and creation time come from the first platform: every platform is the same build.
      const sizes = images.map((image) => image.platform.compressedSize);
      return {
        artifactType: null,
        platforms: images.map((image) => image.platform),
        totalSize: sizes.every((size): size is number => size !== null) ? sizes.reduce((a, b) => a + b, 0) : null,
        annotations: { ...images[0]?.annotations, ...top.manifest.annotations },
        configCreated: images[0]?.configCreated,
        files: [],
        chart: null,
        attachments: await this.indexAttestations(top.manifest),
      };
    }
    const artifactType = top.format === "image" ? artifactTypeOf(top.mediaType, top.manifest) : null;
    if (top.format === "image" && artifactType !== null) {
      // An artifact's config is not an image config: only a Helm chart's (its metadata) is read.
      return {
        artifactType,
        platforms: [],
        totalSize: sizeOf(top.manifest),
        annotations: top.manifest.annotations ?? {},
        configCreated: undefined,
        files: artifactFiles(top.manifest.layers),
        chart: isHelmChart(artifactType) ? await this.chart(top.manifest.config.digest) : null,
        attachments: [],
      };
    }
    const image = await this.describe(top, undefined);
    return {
      ...image,
      artifactType: null,
      platforms: [image.platform],
      totalSize: image.platform.compressedSize,
      files: [],
      chart: null,
      attachments: [],
    };
  }

  /** BuildKit's attestation manifests inside an index, each attached to the platform manifest it names. */
  private async indexAttestations(index: ImageIndex): Promise<ResolvedAttachment[]> {
    const attachments: ResolvedAttachment[] = [];
    for (const entry of index.manifests) {
      const subject = entry.annotations?.[REFERENCE_DIGEST_ANNOTATION];
      if (isAttestation(entry) && subject !== undefined) attachments.push(...(await this.referrer(entry, subject)));
    }
    return attachments;
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

  /** A Helm chart's metadata; a config that cannot be read is a note on the chart, never a failed tag. */
  private async chart(digest: string): Promise<HelmChart> {
    try {
      return readHelmConfig(await this.client.getBlob(this.repository, digest, MAX_HELM_CONFIG_BYTES));
    } catch (error) {
      if (error instanceof NotFoundError) return unreadableChart("the chart's config is not in the registry");
      if (error instanceof ManifestError) return unreadableChart(`the chart's config cannot be read: ${error.message}`);
      throw error;
    }
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

/**
 * A manifest the registry says was pushed by digest, with no tag: when it
 * describes another (its `subject`), the attachments it amounts to, under its
 * own digest in place of a tag name; null for anything else (an index's
 * child, an untagged image), at the cost of one manifest request.
 */
export function resolvePushedByDigest(client: RegistryClient, repository: string, digest: string): Promise<ResolvedTag | null> {
  return new Resolver(client, repository, digest, digest).resolvePushedByDigest();
}
