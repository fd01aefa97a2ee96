/**
 * Artifacts attached to images, built in the real formats of each
 * specification and pushed the two ways registries without the referrers API
 * hold them: cosign's tags (`sha256-<hex>.sig`, `.att`) and the OCI 1.1
 * referrers tag schema (`sha256-<hex>` holding an index of artifacts, each
 * with a `subject`). Used by the demo's samples and by tests.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import type { Descriptor } from "@/lib/registry/manifest";
import { MediaTypes } from "@/lib/registry/media-types";
import { referrersTagOf } from "@/lib/registry/referrers";
import { blob, imageIndex, jsonBlob, manifestSize, pushBlob, pushManifest, type Blob } from "./oci";
import type { SeedReport } from "./registry";

export const AttachmentMediaTypes = {
  cosignSimpleSigning: "application/vnd.dev.cosign.simplesigning.v1+json",
  dsseEnvelope: "application/vnd.dsse.envelope.v1+json",
  inToto: "application/vnd.in-toto+json",
  empty: "application/vnd.oci.empty.v1+json",
  spdx: "application/spdx+json",
  cycloneDx: "application/vnd.cyclonedx+json",
  sarif: "application/sarif+json",
  openVex: "application/vnd.openvex+json",
  notation: "application/vnd.cncf.notary.signature",
  jws: "application/jose+json",
} as const;

/** An OpenVEX document of statements about vulnerabilities of a product. */
export function openVexDocument(author: string, timestamp: string, statements: Array<{ id: string; status: string }>) {
  return {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": `https://galleon.example/vex/${timestamp}`,
    author,
    timestamp,
    version: 1,
    statements: statements.map((s) => ({ vulnerability: { name: s.id }, products: [{ "@id": "pkg:oci/image" }], status: s.status })),
  };
}

/**
 * A Notation signature envelope (JWS JSON serialization) whose unprotected
 * header carries the signer's certificate chain, leaf first, as Notation
 * writes it; signed over its protected header and payload with `key`.
 */
export function notationJwsEnvelope(subject: Descriptor, certificateChain: Buffer[], key: KeyObject) {
  const protectedHeader = Buffer.from(JSON.stringify({ alg: "ES256", cty: "application/vnd.cncf.notary.payload.v1+json", crit: ["io.cncf.notary.signingScheme"], "io.cncf.notary.signingScheme": "notary.x509" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ targetArtifact: subject })).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${protectedHeader}.${payload}`), { key, dsaEncoding: "ieee-p1363" });
  return {
    payload,
    protected: protectedHeader,
    header: { x5chain: certificateChain.map((der) => der.toString("base64")) },
    signature: signature.toString("base64url"),
  };
}

/** Signs bytes as cosign does for its key type (ECDSA: ASN.1 DER over SHA-256; Ed25519: pure). */
export function cosignSign(key: KeyObject, bytes: Buffer): Buffer {
  return sign(key.asymmetricKeyType === "ed25519" ? null : "sha256", bytes, key);
}

/** One artifact manifest with the blobs it lists. */
export interface Artifact {
  blobs: Blob[];
  manifest: Blob;
}

/** cosign's simple signing payload for an image digest. */
export function simpleSigningPayload(reference: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { "docker-reference": reference },
        image: { "docker-manifest-digest": digest },
        type: "cosign container image signature",
      },
      optional: null,
    }),
  );
}

/**
 * A cosign signature manifest as `cosign sign` writes it: an OCI manifest
 * whose layer is the payload and whose layer annotations hold the signature
 * (and, keyless, the signing certificate). Its config is cosign's, with empty
 * os and architecture.
 */
export function cosignSignatureManifest(
  reference: string,
  digest: string,
  key: KeyObject,
  certificatePem?: string,
): Artifact {
  const payloadBytes = simpleSigningPayload(reference, digest);
  const payload = blob(AttachmentMediaTypes.cosignSimpleSigning, payloadBytes, {
    "dev.cosignproject.cosign/signature": cosignSign(key, payloadBytes).toString("base64"),
    ...(certificatePem && { "dev.sigstore.cosign/certificate": certificatePem }),
  });
  return withConfig([payload]);
}

/** DSSE's pre-authentication encoding: what an envelope's signature covers. */
export function dssePae(payloadType: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `),
    payload,
  ]);
}

/** An in-toto statement about an image digest. */
export function inTotoStatement(reference: string, digest: string, predicateType: string, predicate: unknown) {
  return {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: reference, digest: { sha256: digest.slice("sha256:".length) } }],
    predicateType,
    predicate,
  };
}

/** SLSA provenance v1 for a build from a source repository. */
export function slsaProvenance(builderId: string, repository: string, commit: string) {
  return {
    buildDefinition: {
      buildType: "https://actions.github.io/buildtypes/workflow/v1",
      externalParameters: { workflow: { ref: "refs/heads/main", repository, path: ".github/workflows/release.yml" } },
      resolvedDependencies: [{ uri: `git+${repository}@refs/heads/main`, digest: { gitCommit: commit } }],
    },
    runDetails: { builder: { id: builderId }, metadata: { invocationId: `${repository}/actions/runs/1` } },
  };
}

/** A cosign attestation manifest (`cosign attest`): a DSSE envelope of an in-toto statement, signed. */
export function cosignAttestationManifest(statement: { predicateType: string }, key: KeyObject): Artifact {
  const payload = Buffer.from(JSON.stringify(statement));
  const envelope = {
    payloadType: AttachmentMediaTypes.inToto,
    payload: payload.toString("base64"),
    signatures: [{ keyid: "", sig: cosignSign(key, dssePae(AttachmentMediaTypes.inToto, payload)).toString("base64") }],
  };
  const layer = jsonBlob(AttachmentMediaTypes.dsseEnvelope, envelope);
  layer.descriptor.annotations = { predicateType: statement.predicateType };
  return withConfig([layer]);
}

/**
 * An OCI 1.1 artifact (empty config, `artifactType`) describing `subject`,
 * its document as its one layer (of `layerMediaType`, by default the artifactType).
 */
export function referrerArtifact(
  subject: Descriptor,
  artifactType: string,
  document: unknown,
  created: string,
  layerMediaType = artifactType,
): Artifact {
  const layer = jsonBlob(layerMediaType, document);
  const empty = blob(AttachmentMediaTypes.empty, Buffer.from("{}"));
  const manifest = jsonBlob(MediaTypes.ociManifest, {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType,
    config: empty.descriptor,
    layers: [layer.descriptor],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { "org.opencontainers.image.created": created },
  });
  return { blobs: [empty, layer], manifest };
}

/** cosign's signature and attestation manifests carry an image config of empty platform and one diff id per layer. */
function withConfig(layers: Blob[]): Artifact {
  const config = jsonBlob(MediaTypes.ociImageConfig, {
    architecture: "",
    created: "0001-01-01T00:00:00Z",
    history: [{ created: "0001-01-01T00:00:00Z" }],
    os: "",
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.descriptor.digest) },
    config: {},
  });
  const manifest = jsonBlob(MediaTypes.ociManifest, {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: config.descriptor,
    layers: layers.map((l) => l.descriptor),
  });
  return { blobs: [config, ...layers], manifest };
}

/** An SPDX 2.3 JSON document listing `packages`. */
export function spdxDocument(name: string, packages: Array<{ name: string; version: string }>, created: string) {
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name,
    documentNamespace: `https://galleon.example/spdx/${name}`,
    creationInfo: { created, creators: ["Tool: syft-1.18.1", "Organization: Galleon samples"] },
    packages: packages.map((p, i) => ({
      name: p.name,
      SPDXID: `SPDXRef-Package-${i}`,
      versionInfo: p.version,
      downloadLocation: "NOASSERTION",
    })),
  };
}

/** A CycloneDX 1.5 JSON BOM listing `packages`. */
export function cycloneDxDocument(packages: Array<{ name: string; version: string }>, created: string) {
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { timestamp: created, tools: { components: [{ type: "application", name: "trivy", version: "0.58.0" }] } },
    components: packages.map((p) => ({ type: "library", name: p.name, version: p.version, purl: `pkg:apk/alpine/${p.name}@${p.version}` })),
  };
}

/** A SARIF 2.1.0 report of a scanner's findings, each with its CVSS score as security-severity. */
export function sarifReport(findings: Array<{ id: string; score: number }>, finished: string) {
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "Trivy",
            version: "0.58.0",
            rules: findings.map((f) => ({ id: f.id, properties: { "security-severity": String(f.score) } })),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: finished }],
        results: findings.map((f) => ({ ruleId: f.id, level: f.score >= 7 ? "error" : "warning", message: { text: f.id } })),
      },
    ],
  };
}

/** Pushes artifacts' blobs and manifests by digest (no tag: a registry with the referrers API finds them by their subject). */
export async function pushArtifacts(registryUrl: string, repository: string, artifacts: Artifact[]): Promise<void> {
  for (const { blobs, manifest } of artifacts) {
    for (const b of blobs) await pushBlob(registryUrl, repository, b.bytes);
    await pushManifest(registryUrl, repository, manifest.descriptor.digest, manifest.bytes, MediaTypes.ociManifest);
  }
}

/** Pushes an artifact under a cosign tag of `subject` (".sig", ".att", ".sbom"). */
export async function pushCosignTag(
  registryUrl: string,
  repository: string,
  subject: string,
  suffix: "sig" | "att" | "sbom",
  artifact: Artifact,
): Promise<string> {
  await pushArtifacts(registryUrl, repository, [artifact]);
  const tag = `${referrersTagOf(subject)}.${suffix}`;
  await pushManifest(registryUrl, repository, tag, artifact.manifest.bytes, MediaTypes.ociManifest);
  return tag;
}

/** Pushes referrers of `subject` and, as the referrers tag schema says, an index of them under `sha256-<hex>`. */
export async function pushReferrers(
  registryUrl: string,
  repository: string,
  subject: string,
  artifacts: Artifact[],
): Promise<Blob> {
  await pushArtifacts(registryUrl, repository, artifacts);
  const index = imageIndex(
    MediaTypes.ociIndex,
    artifacts.map(({ manifest }) => {
      const parsed = JSON.parse(manifest.bytes.toString("utf8")) as { artifactType?: string; annotations?: Record<string, string> };
      return { ...manifest.descriptor, artifactType: parsed.artifactType, annotations: parsed.annotations };
    }),
  );
  await pushManifest(registryUrl, repository, referrersTagOf(subject), index.bytes, MediaTypes.ociIndex);
  return index;
}

// PKCS#8 wrapping of a raw 32-byte Ed25519 private key (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The demo's cosign key: Ed25519 (cosign verifies those too) from a fixed
 * seed, whose signatures are deterministic, so seeding again pushes the same
 * bytes. Sample content only, published here: it must never sign anything real.
 */
export const DEMO_SIGNING_KEY = createPrivateKey({
  key: Buffer.concat([ED25519_PKCS8_PREFIX, createHash("sha256").update("galleon demo signing key").digest()]),
  format: "der",
  type: "pkcs8",
});

/** The public half of DEMO_SIGNING_KEY, PEM, as GALLEON_COSIGN_PUBLIC_KEY takes it. */
export function demoCosignPublicKey(): string {
  return createPublicKey(DEMO_SIGNING_KEY).export({ type: "spki", format: "pem" }).toString();
}

/** The sample image the demo signs, with an SBOM and a provenance attestation. */
export const SIGNED_SAMPLE = { path: "acme/tools/cli", tag: "v2.3.1", source: "https://github.com/acme/cli" } as const;
const SAMPLE_CREATED = "2025-02-11T15:20:00Z";
const SAMPLE_PACKAGES = [
  { name: "alpine-baselayout", version: "3.6.8-r1" },
  { name: "busybox", version: "1.37.0-r12" },
  { name: "ca-certificates", version: "20241121-r1" },
  { name: "musl", version: "1.2.5-r8" },
  { name: "acme-cli", version: "2.3.1" },
];

/** Signs SIGNED_SAMPLE with cosign's tag (.sig), attests its provenance (.att) and attaches an SPDX SBOM (referrers tag schema). */
export async function seedAttachments(registryUrl: string, report: SeedReport): Promise<void> {
  const { path, tag, source } = SIGNED_SAMPLE;
  const image = report[path]![tag]!;
  const subject = { mediaType: image.mediaType, digest: image.digest, size: await manifestSize(registryUrl, path, image.digest, image.mediaType) };
  await pushCosignTag(registryUrl, path, image.digest, "sig", cosignSignatureManifest(path, image.digest, DEMO_SIGNING_KEY));
  const provenance = inTotoStatement(
    path,
    image.digest,
    "https://slsa.dev/provenance/v1",
    slsaProvenance("https://github.com/actions/runner/github-hosted", source, "4f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e"),
  );
  await pushCosignTag(registryUrl, path, image.digest, "att", cosignAttestationManifest(provenance, DEMO_SIGNING_KEY));
  await pushReferrers(registryUrl, path, image.digest, [
    referrerArtifact(subject, AttachmentMediaTypes.spdx, spdxDocument("acme-tools-cli-2.3.1", SAMPLE_PACKAGES, SAMPLE_CREATED), SAMPLE_CREATED),
  ]);
}
