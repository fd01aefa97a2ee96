/** Manifest and image config shapes, checked as they are parsed, and their digests. */

import { createHash } from "node:crypto";
import { z } from "zod";
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

const EXPECTED: Record<string, string> = { string: "a string", object: "an object", record: "an object", array: "an array", boolean: "a boolean" };

/** The innermost problem of an issue: of a union, the one its likeliest branch (the one that got furthest) has. */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const branch = issue.errors.flat().reduce((best, next) => (next.path.length > best.path.length ? next : best));
  return innermost({ ...branch, path: [...issue.path, ...branch.path] });
}

/** "layers[2].digest" for ["layers", 2, "digest"]; `root` for the value itself. */
function pathOf(path: readonly PropertyKey[], root: string): string {
  const text = path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : at ? `${at}.${String(key)}` : String(key)), "");
  return text || root;
}

/** Reads `json` as `schema` says, or throws a ShapeError naming the first problem where it is ("layers[2].digest is not a digest"). */
function shaped<S extends z.ZodType>(schema: S, json: unknown, root: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = innermost(result.error.issues[0]!);
  const expected = issue.code === "invalid_type" ? EXPECTED[issue.expected] : undefined;
  throw new ShapeError(`${pathOf(issue.path, root)} ${expected ? `is not ${expected}` : issue.message}`);
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

/** Docker writes null where a field has no value: read as absent. */
const orAbsent = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const digest = z.string().regex(DIGEST, { error: "is not a digest" });
const byteCount = z.int({ error: "is not a byte count" }).nonnegative({ error: "is not a byte count" });
/** Annotations and labels: string to string; Docker writes null for "none". */
const stringMap = z.record(z.string(), z.string()).nullish().transform(orAbsent);
/** Docker reads Entrypoint and Cmd as one string or a list of strings (its StrSlice); null is none. Lists first: what images mostly hold. */
const command = z.union([z.array(z.string()), z.string()]).nullish();

/** A StrSlice as a list; null when none. */
const commandList = (value: string[] | string | null | undefined): string[] | null =>
  typeof value === "string" ? [value] : (value ?? null);

const Descriptor = z.object({
  digest,
  size: byteCount,
  mediaType: z.string(),
  artifactType: z.string().optional(),
  platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
  annotations: stringMap,
}) satisfies z.ZodType<Descriptor>;

const Descriptors = z.array(Descriptor);
/** A page of the referrers API: an index whose manifests are the referrers. */
const ReferrersPage = z.object({ manifests: Descriptors });

export function parseReferrers(json: unknown): Descriptor[] {
  return shaped(ReferrersPage, json, "referrers").manifests;
}

const ManifestHead = z.object({ mediaType: z.unknown().optional(), schemaVersion: z.unknown().optional() });
/** What OCI 1.1 adds to both indexes and image manifests. */
const referring = { artifactType: z.string().optional(), subject: Descriptor.optional(), annotations: stringMap };
const ImageIndex = z.object({ manifests: Descriptors, ...referring }) satisfies z.ZodType<ImageIndex>;
const ImageManifest = z.object({ config: Descriptor, layers: Descriptors, ...referring }) satisfies z.ZodType<ImageManifest>;
const Schema1Manifest = z.object({
  architecture: z.string(),
  fsLayers: z.array(z.object({ blobSum: digest })),
  history: z.array(z.object({ v1Compatibility: z.string() })),
}) satisfies z.ZodType<Schema1Manifest>;

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    throw new ShapeError(`not JSON (${(error as Error).message})`);
  }
}

/** Parses manifest bytes of a known manifest media type, checking the fields the gallery uses. */
export function parseManifest(bytes: Uint8Array, mediaType: string): ParsedManifest {
  const json = parseJson(bytes);
  const head = shaped(ManifestHead, json, "manifest");
  if (head.mediaType !== undefined && head.mediaType !== mediaType) {
    throw new ShapeError(`mediaType ${String(head.mediaType)} differs from the served ${mediaType}`);
  }
  const format = manifestFormat(mediaType);
  const schemaVersion = format === "schema1" ? 1 : 2;
  if (head.schemaVersion !== schemaVersion) throw new ShapeError(`schemaVersion is not ${schemaVersion}`);
  switch (format) {
    case "index":
      return { format, manifest: shaped(ImageIndex, json, "manifest") };
    case "image":
      return { format, manifest: shaped(ImageManifest, json, "manifest") };
    case "schema1":
      return { format, manifest: shaped(Schema1Manifest, json, "manifest") };
    case null:
      throw new TypeError(`not a manifest media type: ${mediaType}`);
  }
}

/** "NAME=value" → "NAME"; an entry without "=" is a name already. */
function envName(entry: string): string {
  const equals = entry.indexOf("=");
  return equals === -1 ? entry : entry.slice(0, equals);
}

const HistoryEntry = z.object({
  created: z.string().optional(),
  created_by: z.string().optional(),
  empty_layer: z.boolean().optional(),
  comment: z.string().optional(),
});

/**
 * The image config fields of a config blob, or of a schema1 v1Compatibility
 * entry (same layout). Every field the gallery reads is type-checked, since
 * it ends up on a page; Docker's nulls read as "not set".
 */
const ImageConfig = z.object({
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
  config: z
    .object({
      Labels: stringMap,
      Entrypoint: command,
      Cmd: command,
      Env: z.array(z.string()).nullish(),
      ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
      WorkingDir: z.string().nullish(),
      User: z.string().nullish(),
    })
    .nullish(),
  history: z.array(HistoryEntry).nullish(),
});

export function parseImageConfig(json: unknown): ImageConfig {
  const { config: runtime, history, ...platform } = shaped(ImageConfig, json, "config");
  return {
    ...platform,
    labels: runtime?.Labels ?? {},
    entrypoint: commandList(runtime?.Entrypoint),
    cmd: commandList(runtime?.Cmd),
    envNames: (runtime?.Env ?? []).map(envName),
    exposedPorts: Object.keys(runtime?.ExposedPorts ?? {}),
    workingDir: orAbsent(runtime?.WorkingDir),
    user: orAbsent(runtime?.User),
    history: (history ?? []).map(
      (entry): HistoryEntry => ({
        created: entry.created ?? null,
        createdBy: entry.created_by ?? null,
        emptyLayer: entry.empty_layer ?? false,
        comment: entry.comment ?? null,
      }),
    ),
  };
}

/**
 * The history step a schema1 v1Compatibility entry records: its command is
 * container_config.Cmd, and "throwaway" marks a step without a layer.
 */
const Schema1History = z
  .object({
    created: z.string().optional(),
    container_config: z.object({ Cmd: command }).nullish(),
    throwaway: z.boolean().optional(),
    comment: z.string().optional(),
  })
  .transform(
    (entry): HistoryEntry => ({
      created: entry.created ?? null,
      createdBy: commandList(entry.container_config?.Cmd)?.join(" ") ?? null,
      emptyLayer: entry.throwaway ?? false,
      comment: entry.comment ?? null,
    }),
  );

export function parseSchema1History(json: unknown): HistoryEntry {
  return shaped(Schema1History, json, "v1Compatibility");
}

const SignatureHeader = z.object({ formatLength: z.number(), formatTail: z.string() });

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
  const { formatLength, formatTail } = shaped(SignatureHeader, parseJson(Buffer.from(header, "base64url")), "protected");
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
