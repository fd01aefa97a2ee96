/** Manifest and image config shapes, checked as they are parsed, and their digests. */

import { createHash } from "node:crypto";
import { ManifestError, type Subject } from "./errors";
import { MediaTypes, manifestFormat } from "./media-types";
import type { HistoryEntry } from "./types";

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
  /** An index of artifacts says what it holds (OCI 1.1). */
  artifactType?: string;
  /** The manifest this one describes (OCI 1.1 referrers). */
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** OCI image manifest (image or artifact) or Docker schema2 manifest. */
export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
  artifactType?: string;
  /** The manifest this one describes (OCI 1.1 referrers). */
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/**
 * Docker schema1: no sizes; history[].v1Compatibility holds JSON strings, the
 * first one the image config; fsLayers[i] is the layer of history[i], top first.
 */
export interface Schema1Manifest {
  architecture: string;
  fsLayers: { blobSum: string }[];
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
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** Names only: the values are dropped as they are read, since they can hold secrets. */
  envNames: string[];
  exposedPorts: string[];
  workingDir?: string;
  user?: string;
  /** Oldest first. */
  history: HistoryEntry[];
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

export function object(value: unknown, path: string): Json {
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

/** Docker writes null where a field has no value. */
function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function stringList(value: unknown, path: string): string[] | null {
  if (absent(value)) return null;
  return array(value, path).map((entry, i) => string(entry, `${path}[${i}]`));
}

function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw new ShapeError(`${path} is not a boolean`);
  return value;
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

export function descriptors(value: unknown, path: string): Descriptor[] {
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
  const artifactType = optionalString(json.artifactType, "artifactType");
  const subject = json.subject === undefined ? undefined : descriptor(json.subject, "subject");
  switch (format) {
    case "index":
      return { format, manifest: { manifests: descriptors(json.manifests, "manifests"), artifactType, subject, annotations } };
    case "image":
      return {
        format,
        manifest: {
          config: descriptor(json.config, "config"),
          layers: descriptors(json.layers, "layers"),
          artifactType,
          subject,
          annotations,
        },
      };
    case "schema1":
      return {
        format,
        manifest: {
          architecture: string(json.architecture, "architecture"),
          fsLayers: array(json.fsLayers, "fsLayers").map((entry, i) => {
            const blobSum = string(object(entry, `fsLayers[${i}]`).blobSum, `fsLayers[${i}].blobSum`);
            if (!isDigest(blobSum)) throw new ShapeError(`fsLayers[${i}].blobSum is not a digest`);
            return { blobSum };
          }),
          history: array(json.history, "history").map((entry, i) => ({
            v1Compatibility: string(object(entry, `history[${i}]`).v1Compatibility, `history[${i}].v1Compatibility`),
          })),
        },
      };
    case null:
      throw new TypeError(`not a manifest media type: ${mediaType}`);
  }
}

/** Docker reads Entrypoint and Cmd as one string or a list of strings (its StrSlice). */
function command(value: unknown, path: string): string[] | null {
  return typeof value === "string" ? [value] : stringList(value, path);
}

/** "NAME=value" → "NAME"; an entry without "=" is a name already. */
function envName(entry: string): string {
  const equals = entry.indexOf("=");
  return equals === -1 ? entry : entry.slice(0, equals);
}

function historyEntry(value: unknown, path: string): HistoryEntry {
  const entry = object(value, path);
  return {
    created: optionalString(entry.created, `${path}.created`) ?? null,
    createdBy: optionalString(entry.created_by, `${path}.created_by`) ?? null,
    emptyLayer: optionalBoolean(entry.empty_layer, `${path}.empty_layer`) ?? false,
    comment: optionalString(entry.comment, `${path}.comment`) ?? null,
  };
}

/**
 * The image config fields of a config blob, or of a schema1 v1Compatibility
 * entry (same layout). Every field the gallery reads is type-checked, since
 * it ends up on a page; Docker's nulls read as "not set".
 */
export function parseImageConfig(json: unknown): ImageConfig {
  const config = object(json, "config");
  const runtime = absent(config.config) ? {} : object(config.config, "config.config");
  const ports = absent(runtime.ExposedPorts) ? {} : object(runtime.ExposedPorts, "config.ExposedPorts");
  return {
    os: optionalString(config.os, "os"),
    architecture: optionalString(config.architecture, "architecture"),
    variant: optionalString(config.variant, "variant"),
    created: optionalString(config.created, "created"),
    labels: stringMap(runtime.Labels, "config.Labels") ?? {},
    entrypoint: command(runtime.Entrypoint, "config.Entrypoint"),
    cmd: command(runtime.Cmd, "config.Cmd"),
    envNames: (stringList(runtime.Env, "config.Env") ?? []).map(envName),
    exposedPorts: Object.keys(ports),
    workingDir: absent(runtime.WorkingDir) ? undefined : string(runtime.WorkingDir, "config.WorkingDir"),
    user: absent(runtime.User) ? undefined : string(runtime.User, "config.User"),
    history: absent(config.history)
      ? []
      : array(config.history, "history").map((entry, i) => historyEntry(entry, `history[${i}]`)),
  };
}

/**
 * The history step a schema1 v1Compatibility entry records: its command is
 * container_config.Cmd, and "throwaway" marks a step without a layer.
 */
export function parseSchema1History(json: unknown): HistoryEntry {
  const entry = object(json, "v1Compatibility");
  const container = absent(entry.container_config) ? {} : object(entry.container_config, "container_config");
  const createdBy = command(container.Cmd, "container_config.Cmd");
  return {
    created: optionalString(entry.created, "created") ?? null,
    createdBy: createdBy === null ? null : createdBy.join(" "),
    emptyLayer: optionalBoolean(entry.throwaway, "throwaway") ?? false,
    comment: optionalString(entry.comment, "comment") ?? null,
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
