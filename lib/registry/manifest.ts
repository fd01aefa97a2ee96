/** Manifest and image config shapes, checked as they are parsed, and their digests. */

import { createHash } from "node:crypto";
import { ManifestError, type Subject } from "./errors";
import { MediaTypes, manifestFormat } from "./media-types";

/** Distribution refuses larger manifest pushes; a bigger one is not read at all. */
export const MAX_MANIFEST_BYTES = 4 << 20;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  platform?: Platform;
  annotations?: Record<string, string>;
}

/** OCI image index or Docker manifest list. */
export interface ImageIndex {
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** OCI image manifest (image or artifact) or Docker schema2 manifest. */
export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** Docker schema1: no sizes; history[].v1Compatibility holds JSON strings, the first one the image config. */
export interface Schema1Manifest {
  architecture: string;
  history: { v1Compatibility: string }[];
}

export type ParsedManifest =
  | { format: "index"; manifest: ImageIndex }
  | { format: "image"; manifest: ImageManifest }
  | { format: "schema1"; manifest: Schema1Manifest };

/** The fields of an image config (OCI or Docker) the gallery reads. */
export interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  created?: string;
  labels: Record<string, string>;
}

/** Thrown with what is wrong and where; `parsing` turns it into a ManifestError. */
export class ShapeError extends Error {}

/** Runs a parse, reporting a bad shape as a "malformed" ManifestError about `subject`. */
export function parsing<T>(subject: Subject, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ShapeError) throw new ManifestError(subject, "malformed", error.message);
    throw error;
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShapeError(`${path} is not an object`);
  }
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${path} is not an array`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== "string") throw new ShapeError(`${path} is not a string`);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

/** Annotations and labels: string to string; Docker writes null for "none". */
function stringMap(value: unknown, path: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const map = object(value, path);
  for (const [key, entry] of Object.entries(map)) string(entry, `${path}.${key}`);
  return map as Record<string, string>;
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

function descriptor(value: unknown, path: string): Descriptor {
  const json = object(value, path);
  const digest = string(json.digest, `${path}.digest`);
  if (!isDigest(digest)) throw new ShapeError(`${path}.digest is not a digest`);
  const size = json.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new ShapeError(`${path}.size is not a byte count`);
  }
  const platform = json.platform === undefined ? undefined : object(json.platform, `${path}.platform`);
  return {
    mediaType: string(json.mediaType, `${path}.mediaType`),
    digest,
    size,
    artifactType: optionalString(json.artifactType, `${path}.artifactType`),
    platform: platform && {
      os: string(platform.os, `${path}.platform.os`),
      architecture: string(platform.architecture, `${path}.platform.architecture`),
      variant: optionalString(platform.variant, `${path}.platform.variant`),
    },
    annotations: stringMap(json.annotations, `${path}.annotations`),
  };
}

function descriptors(value: unknown, path: string): Descriptor[] {
  return array(value, path).map((entry, i) => descriptor(entry, `${path}[${i}]`));
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    throw new ShapeError(`not JSON (${(error as Error).message})`);
  }
}

/** Parses manifest bytes of a known manifest media type, checking the fields the gallery uses. */
export function parseManifest(bytes: Uint8Array, mediaType: string): ParsedManifest {
  const json = object(parseJson(bytes), "manifest");
  if (json.mediaType !== undefined && json.mediaType !== mediaType) {
    throw new ShapeError(`mediaType ${String(json.mediaType)} differs from the served ${mediaType}`);
  }
  const format = manifestFormat(mediaType);
  const schemaVersion = format === "schema1" ? 1 : 2;
  if (json.schemaVersion !== schemaVersion) throw new ShapeError(`schemaVersion is not ${schemaVersion}`);
  const annotations = stringMap(json.annotations, "annotations");
  switch (format) {
    case "index":
      return { format, manifest: { manifests: descriptors(json.manifests, "manifests"), annotations } };
    case "image":
      return {
        format,
        manifest: {
          config: descriptor(json.config, "config"),
          layers: descriptors(json.layers, "layers"),
          artifactType: optionalString(json.artifactType, "artifactType"),
          annotations,
        },
      };
    case "schema1":
      return {
        format,
        manifest: {
          architecture: string(json.architecture, "architecture"),
          history: array(json.history, "history").map((entry, i) => ({
            v1Compatibility: string(object(entry, `history[${i}]`).v1Compatibility, `history[${i}].v1Compatibility`),
          })),
        },
      };
    case null:
      throw new TypeError(`not a manifest media type: ${mediaType}`);
  }
}

/** The image config fields of a config blob, or of a schema1 v1Compatibility entry (same layout). */
export function parseImageConfig(json: unknown): ImageConfig {
  const config = object(json, "config");
  const runtime = config.config === undefined || config.config === null ? {} : object(config.config, "config.config");
  return {
    os: optionalString(config.os, "os"),
    architecture: optionalString(config.architecture, "architecture"),
    variant: optionalString(config.variant, "variant"),
    created: optionalString(config.created, "created"),
    labels: stringMap(runtime.Labels, "config.Labels") ?? {},
  };
}

/**
 * The bytes a manifest digest covers. For signed schema1 that is the JWS
 * payload: the manifest without its signatures, rebuilt from the protected
 * header's formatLength and formatTail.
 */
function digestedBytes(bytes: Buffer, mediaType: string): Buffer {
  if (mediaType !== MediaTypes.dockerSchema1Signed) return bytes;
  const signatures = (parseJson(bytes) as { signatures?: { protected?: string }[] }).signatures;
  const header = signatures?.[0]?.protected;
  if (!header) return bytes;
  const { formatLength, formatTail } = object(parseJson(Buffer.from(header, "base64url")), "protected");
  if (typeof formatLength !== "number" || typeof formatTail !== "string") {
    throw new ShapeError("schema1 signature header lacks formatLength/formatTail");
  }
  return Buffer.concat([bytes.subarray(0, formatLength), Buffer.from(formatTail, "base64url")]);
}

/** The digest of content, with the algorithm of `like` (sha256 by default). Null for an unsupported algorithm. */
export function computeDigest(content: Uint8Array, like = "sha256:"): string | null {
  const algorithm = like.slice(0, like.indexOf(":"));
  if (algorithm !== "sha256" && algorithm !== "sha512") return null;
  return `${algorithm}:${createHash(algorithm).update(content).digest("hex")}`;
}

/** A manifest's digest: of its bytes, or of its signed payload for schema1. */
export function manifestDigest(bytes: Buffer, mediaType: string, like?: string): string | null {
  return computeDigest(digestedBytes(bytes, mediaType), like);
}
