/**
 * Builds and pushes real OCI / Docker images with Node alone (no Docker engine):
 * deterministic tar.gz layers, image configs, manifests and indexes, and signed
 * Docker schema1 manifests. The same inputs give the same bytes and digests on
 * every run (schema1 signatures aside: they use a random ECDSA nonce, and the
 * schema1 digest does not cover them).
 */
import { createECDH, createHash, createPrivateKey, sign } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Descriptor, Platform } from "@/lib/registry/manifest";
import { MediaTypes } from "@/lib/registry/media-types";
import { operatorRegistryToken, registryTokenSettings } from "@/lib/auth/registry-token.server";
import { parseChallenges } from "@/lib/registry/auth";

/** Bytes and the descriptor that points at them. */
export interface Blob {
  bytes: Buffer;
  descriptor: Descriptor;
}

export interface Layer extends Blob {
  /** sha256 of the uncompressed tar: the config's rootfs.diff_ids entry. */
  diffId: string;
}

export interface TarFile {
  path: string;
  content: string | Uint8Array;
  /** Defaults to 0o644. */
  mode?: number;
}

/** What image configs carry under `config`; ExposedPorts as a list such as "80/tcp". */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: string[];
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
}

export interface ImageConfigInput extends Platform {
  /** RFC 3339; also the time of every history entry. */
  created: string;
  config: ContainerConfig;
  /** `created_by` of each layer, bottom first. */
  history: string[];
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export function blob(mediaType: string, bytes: Buffer, annotations?: Record<string, string>): Blob {
  return { bytes, descriptor: { mediaType, digest: sha256(bytes), size: bytes.length, ...(annotations && { annotations }) } };
}

/** JSON blobs (configs, manifests) are written with a fixed layout so their digests are stable. */
export function jsonBlob(mediaType: string, value: unknown): Blob {
  return blob(mediaType, Buffer.from(JSON.stringify(value, null, 2)));
}

// 2024-01-01T00:00:00Z: every tar entry gets this mtime, uid/gid 0 and root owner names.
const TAR_MTIME = 1_704_067_200;

/** A ustar archive of regular files, byte-identical for identical input. */
export function tar(files: TarFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const content = Buffer.from(file.content);
    const header = Buffer.alloc(512);
    const put = (offset: number, length: number, value: string) => {
      if (Buffer.byteLength(value) > length) throw new Error(`tar header field too long: ${value}`);
      header.write(value, offset, length, "utf8");
    };
    const octal = (offset: number, length: number, value: number) =>
      put(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
    put(0, 100, file.path);
    octal(100, 8, file.mode ?? 0o644);
    octal(108, 8, 0); // uid
    octal(116, 8, 0); // gid
    octal(124, 12, content.length);
    octal(136, 12, TAR_MTIME);
    put(148, 8, " ".repeat(8)); // checksum placeholder: counted as spaces
    put(156, 1, "0"); // regular file
    put(257, 8, "ustar\u000000");
    put(265, 32, "root");
    put(297, 32, "root");
    const checksum = header.reduce((sum, byte) => sum + byte, 0);
    put(148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
    blocks.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // end of archive
  return Buffer.concat(blocks);
}

/** gzip with a pinned header: zlib writes its build platform's OS code at byte 9. */
export function gzip(bytes: Uint8Array): Buffer {
  const compressed = gzipSync(bytes, { level: 9 });
  compressed[9] = 0xff; // "unknown" OS; the mtime field (bytes 4-7) is already 0
  return compressed;
}

/** A tar.gz layer of the given files. */
export function layer(files: TarFile[], mediaType: string = MediaTypes.ociLayer): Layer {
  const archive = tar(files);
  return { ...blob(mediaType, gzip(archive)), diffId: sha256(archive) };
}

/** The `config` of an image config as Docker writes it: exposed ports as an object. */
function runtimeConfig({ ExposedPorts, ...config }: ContainerConfig) {
  return { ...config, ...(ExposedPorts && { ExposedPorts: Object.fromEntries(ExposedPorts.map((port) => [port, {}])) }) };
}

/** An OCI / Docker image config for `layers` (bottom first). */
export function imageConfig(input: ImageConfigInput, layers: Layer[], mediaType: string = MediaTypes.ociImageConfig): Blob {
  if (input.history.length !== layers.length) throw new Error("one history entry per layer");
  return jsonBlob(mediaType, {
    created: input.created,
    architecture: input.architecture,
    ...(input.variant && { variant: input.variant }),
    os: input.os,
    config: runtimeConfig(input.config),
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
    history: input.history.map((createdBy) => ({ created: input.created, created_by: createdBy })),
  });
}

/** An OCI image manifest (also an artifact manifest, with `artifactType`) or a Docker schema2 manifest. */
export function imageManifest(
  mediaType: typeof MediaTypes.ociManifest | typeof MediaTypes.dockerManifest,
  config: Blob,
  layers: Blob[],
  options: { annotations?: Record<string, string>; artifactType?: string } = {},
): Blob {
  return jsonBlob(mediaType, {
    schemaVersion: 2,
    mediaType,
    ...(options.artifactType && { artifactType: options.artifactType }),
    config: config.descriptor,
    layers: layers.map((l) => l.descriptor),
    ...(options.annotations && { annotations: options.annotations }),
  });
}

/** An OCI image index or a Docker manifest list of `manifests` (descriptors with platforms). */
export function imageIndex(
  mediaType: typeof MediaTypes.ociIndex | typeof MediaTypes.dockerManifestList,
  manifests: Descriptor[],
  annotations?: Record<string, string>,
): Blob {
  return jsonBlob(mediaType, { schemaVersion: 2, mediaType, manifests, ...(annotations && { annotations }) });
}

export interface Attestation {
  /** The in-toto statement and the config. */
  blobs: Blob[];
  manifest: Blob;
  /** The index entry: platform unknown/unknown, pointing at its subject by annotations. */
  descriptor: Descriptor;
}

/** The builder BuildKit names in the provenance of the samples. */
export const SAMPLE_BUILDER = "https://github.com/docker/buildx";

/** A BuildKit-style SLSA v0.2 provenance attestation manifest for the platform manifest `subject`, built from `source`. */
export function attestationManifest(subject: Descriptor, created: string, source: string | null): Attestation {
  const predicateType = "https://slsa.dev/provenance/v0.2";
  const statement = jsonBlob(MediaTypes.inToto, {
    _type: "https://in-toto.io/Statement/v0.1",
    predicateType,
    subject: [{ name: "_", digest: { sha256: subject.digest.slice("sha256:".length) } }],
    predicate: {
      builder: { id: SAMPLE_BUILDER },
      buildType: "https://mobyproject.org/buildkit@v1",
      ...(source && { invocation: { configSource: { uri: source } } }),
      metadata: { buildFinishedOn: created },
    },
  });
  statement.descriptor.annotations = { "in-toto.io/predicate-type": predicateType };
  const config = jsonBlob(MediaTypes.ociImageConfig, {
    architecture: "unknown",
    os: "unknown",
    config: {},
    rootfs: { type: "layers", diff_ids: [statement.descriptor.digest] },
  });
  const manifest = imageManifest(MediaTypes.ociManifest, config, [statement]);
  return {
    blobs: [config, statement],
    manifest,
    descriptor: {
      ...manifest.descriptor,
      platform: { architecture: "unknown", os: "unknown" },
      annotations: { "vnd.docker.reference.digest": subject.digest, "vnd.docker.reference.type": "attestation-manifest" },
    },
  };
}

// ---------------------------------------------------------------------------
// Docker schema1 (legacy). Distribution 2.8 refuses unsigned schema1 ("missing
// signature key") and verifies the signature of a libtrust "pretty JWS"; it then
// stores the payload only and re-signs it with its own key on every GET. The
// digest covers the payload (the manifest without `signatures`).

export interface Schema1Input extends Platform {
  /** Repository path and tag, as schema1 records them. */
  name: string;
  tag: string;
  created: string;
  config: ContainerConfig;
  /** Bottom first, like the other image builders. */
  layers: Layer[];
  /** The command that made each layer, bottom first: its entry's container_config.Cmd. */
  history: string[];
}

export interface Schema1Manifest {
  /** The signed manifest, as pushed. */
  bytes: Buffer;
  /** Digest of the payload (the manifest without `signatures`): what the registry reports. */
  digest: string;
}

// A fixed key so the samples carry the same signer on every run. Any P-256
// scalar below the curve order works; sha256 of a phrase is one with near certainty.
const SCHEMA1_KEY_SEED = "galleon sample schema1 signing key";
// The protected header's `time`: fixed, so only the ECDSA nonce varies between runs.
const SCHEMA1_SIGNATURE_TIME = "2024-01-01T00:00:00Z";

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

function schema1SigningKey() {
  const d = createHash("sha256").update(SCHEMA1_KEY_SEED).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const jwk = { crv: "P-256", kty: "EC", x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33)) };
  return { jwk, privateKey: createPrivateKey({ key: { ...jwk, d: base64url(d) }, format: "jwk" }) };
}

/** A signed schema1 manifest (`application/vnd.docker.distribution.manifest.v1+prettyjws`). */
export function schema1Manifest(input: Schema1Input): Schema1Manifest {
  // Legacy v1 image ids: any stable hex id per layer will do.
  const ids = input.layers.map((l) => sha256(l.descriptor.digest + input.name).slice("sha256:".length));
  if (input.history.length !== input.layers.length) throw new Error("one history entry per layer");
  // Bottom first here; the top entry carries the image's config.
  const v1Compatibility = input.layers.map((_, i) => {
    const common = {
      id: ids[i],
      ...(i > 0 && { parent: ids[i - 1] }),
      created: input.created,
      container_config: { Cmd: [input.history[i]] },
    };
    const top = i === input.layers.length - 1;
    return JSON.stringify(
      top
        ? {
            ...common,
            architecture: input.architecture,
            ...(input.variant && { variant: input.variant }),
            os: input.os,
            config: runtimeConfig(input.config),
          }
        : common,
    );
  });
  const payload = Buffer.from(
    JSON.stringify(
      {
        schemaVersion: 1,
        name: input.name,
        tag: input.tag,
        architecture: input.architecture,
        // schema1 lists layers top first, history[i] describing fsLayers[i].
        fsLayers: input.layers.map((l) => ({ blobSum: l.descriptor.digest })).reverse(),
        history: v1Compatibility.map((v1) => ({ v1Compatibility: v1 })).reverse(),
      },
      null,
      3, // libtrust detects and reuses the payload's indent
    ),
  );

  // libtrust signs the payload up to its last value; the closing brace travels as formatTail.
  const formatLength = payload.lastIndexOf("\n}");
  const formatTail = payload.subarray(formatLength);
  const protectedHeader = base64url(
    JSON.stringify({ formatLength, formatTail: base64url(formatTail), time: SCHEMA1_SIGNATURE_TIME }),
  );
  const { jwk, privateKey } = schema1SigningKey();
  // ES256 in JWS is the raw r||s form, not DER.
  const signature = sign("sha256", Buffer.from(`${protectedHeader}.${base64url(payload)}`), {
    key: privateKey,
    dsaEncoding: "ieee-p1363",
  });
  const signatures = [{ header: { jwk, alg: "ES256" }, signature: base64url(signature), protected: protectedHeader }];
  const bytes = Buffer.concat([
    payload.subarray(0, formatLength),
    Buffer.from(`,\n   "signatures": ${JSON.stringify(signatures, null, 3).replaceAll("\n", "\n   ")}`),
    formatTail,
  ]);
  return { bytes, digest: sha256(payload) };
}

// ---------------------------------------------------------------------------
// Registry writes (OCI distribution spec push API).

/** The last token a token-mode registry granted, by registry and repository: sent up front, so a push is not every request twice. */
const grantedTokens = new Map<string, string>();

/**
 * fetch, answering a token-mode registry's challenge as the operator: a token
 * signed with Galleon's registry key (GALLEON_REGISTRY_TOKEN_KEYS, or beside
 * the catalog), for exactly the scope asked. Open registries never challenge.
 * A granted token is reused for its repository's next requests until the
 * registry challenges again (expired, or a wider scope asked).
 */
async function registryFetch(url: string | URL, init: RequestInit): Promise<Response> {
  const where = new URL(url);
  const repository = `${where.origin}${where.pathname.replace(/\/(blobs|manifests)\/.*$/, "")}`;
  const withToken = (token: string | undefined): RequestInit =>
    token ? { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } } : init;
  const response = await fetch(url, withToken(grantedTokens.get(repository)));
  const bearer = parseChallenges(response.headers.get("www-authenticate") ?? "").find((c) => c.scheme === "bearer");
  if (response.status !== 401 || !bearer) return response;
  await response.body?.cancel();
  const scopes = (bearer.params.scope ?? "").split(" ");
  const token = operatorRegistryToken(registryTokenSettings(), bearer.params.service ?? "", scopes);
  grantedTokens.set(repository, token);
  return fetch(url, withToken(token));
}

async function expectStatus(response: Response, expected: number, action: string): Promise<void> {
  if (response.status === expected) return;
  throw new Error(`${action}: HTTP ${response.status} ${await response.text()}`);
}

/** A copy: fetch's BodyInit type only takes ArrayBuffer-backed views, and a Buffer may be SharedArrayBuffer-typed. */
function requestBody(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** Uploads a blob unless the repository already has it; returns its digest. */
export async function pushBlob(registryUrl: string, repository: string, bytes: Uint8Array): Promise<string> {
  const digest = sha256(bytes);
  const blobUrl = `${registryUrl}/v2/${repository}/blobs/${digest}`;
  const head = await registryFetch(blobUrl, { method: "HEAD" });
  if (head.ok) return digest;

  const started = await registryFetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: "POST" });
  await expectStatus(started, 202, `start upload to ${repository}`);
  // The Location may be relative or absolute and may already carry a query string.
  const upload = new URL(started.headers.get("Location") ?? "", registryUrl);
  upload.searchParams.set("digest", digest);
  const finished = await registryFetch(upload, {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream" },
    body: requestBody(bytes),
  });
  await expectStatus(finished, 201, `upload ${digest} to ${repository}`);
  return digest;
}

/** PUTs a manifest under a tag or digest with its exact media type; returns the digest the registry assigned. */
export async function pushManifest(
  registryUrl: string,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string> {
  const response = await registryFetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: "PUT",
    headers: { "Content-Type": mediaType },
    body: requestBody(bytes),
  });
  await expectStatus(response, 201, `push manifest ${repository}:${reference}`);
  const digest = response.headers.get("Docker-Content-Digest");
  if (!digest) throw new Error(`push manifest ${repository}:${reference}: no Docker-Content-Digest`);
  return digest;
}

/** The size of a pushed manifest (what a descriptor of it records), from a HEAD. */
export async function manifestSize(registryUrl: string, repository: string, digest: string, mediaType: string): Promise<number> {
  const response = await registryFetch(`${registryUrl}/v2/${repository}/manifests/${digest}`, {
    method: "HEAD",
    headers: { Accept: mediaType },
  });
  await expectStatus(response, 200, `head manifest ${repository}@${digest}`);
  return Number(response.headers.get("Content-Length"));
}

/** Deletes a manifest; distribution refuses deletion by tag, so this takes a digest. */
export async function deleteManifest(registryUrl: string, repository: string, digest: string): Promise<void> {
  const response = await registryFetch(`${registryUrl}/v2/${repository}/manifests/${digest}`, { method: "DELETE" });
  await expectStatus(response, 202, `delete manifest ${repository}@${digest}`);
}

export async function deleteBlob(registryUrl: string, repository: string, digest: string): Promise<void> {
  const response = await registryFetch(`${registryUrl}/v2/${repository}/blobs/${digest}`, { method: "DELETE" });
  await expectStatus(response, 202, `delete blob ${repository}@${digest}`);
}
