/**
 * Reads what an attached artifact is from its manifest and blobs: pure,
 * recognising each document by its content first (media types vary between
 * tools), then by the artifact type.
 */
import { bundleCertificate, certificateIdentity, certificateSubject } from "./certificates";
import { asArray, asObject, ATTACHMENT_BOUNDS, text, type Json } from "./read-bounds";
import type { AttachmentCategory, AttachmentContent, AttachmentSummary, CosignSignature, PackageRef } from "./types";

export const COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
export const COSIGN_CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
export const ArtifactTypes = {
  cosignSimpleSigning: "application/vnd.dev.cosign.simplesigning.v1+json",
  dsseEnvelope: "application/vnd.dsse.envelope.v1+json",
  inToto: "application/vnd.in-toto+json",
  notation: "application/vnd.cncf.notary.signature",
  sigstoreBundle: "application/vnd.dev.sigstore.bundle.v0.3+json",
  spdx: "application/spdx+json",
  cycloneDx: "application/vnd.cyclonedx+json",
  sarif: "application/sarif+json",
  openVex: "application/vnd.openvex+json",
} as const;

/** The parts of an artifact manifest the reader needs. */
export interface ArtifactManifest {
  artifactType: string | null;
  layers: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
}

/** One blob the registry side fetched (null: larger than the bound, or unreadable). */
export type FetchedBlobs = Map<string, Buffer | null>;

/** Which layers are worth fetching to read the artifact: its first few small enough ones. */
export function layersToRead(manifest: ArtifactManifest): string[] {
  return manifest.layers
    .filter((layer) => layer.size <= ATTACHMENT_BOUNDS.blobBytes)
    .slice(0, ATTACHMENT_BOUNDS.blobs)
    .map((layer) => layer.digest);
}

const CATEGORY: Record<AttachmentSummary["kind"], AttachmentCategory> = {
  "cosign-signature": "signature",
  "notation-signature": "signature",
  sbom: "sbom",
  attestation: "attestation",
  "vulnerability-report": "vulnerability-report",
  other: "other",
};

function json(bytes: Buffer | null | undefined): Json | null {
  if (!bytes) return null;
  try {
    return asObject(JSON.parse(bytes.toString("utf8")));
  } catch {
    return null;
  }
}

/**
 * Reads an artifact into what the tag page shows: one entry per document it
 * carries (a BuildKit attestation manifest holds an SBOM and a provenance
 * statement side by side), at least one.
 */
export function readAttachment(manifest: ArtifactManifest, blobs: FetchedBlobs): AttachmentContent[] {
  const signatures = cosignSignatures(manifest, blobs);
  if (signatures.length > 0) return [content({ kind: "cosign-signature", signatures }, null)];
  if (manifest.artifactType === ArtifactTypes.notation) return [content(notationSignature(manifest, blobs), null)];
  const read: AttachmentContent[] = [];
  for (const layer of manifest.layers) {
    const bytes = blobs.get(layer.digest);
    const document = json(bytes);
    const summary = document && readDocument(document);
    if (!summary) continue;
    const keep = summary.kind === "sbom" && !summary.attested && bytes!.length <= ATTACHMENT_BOUNDS.documentBytes;
    read.push(content(summary, keep ? bytes!.toString("utf8") : null));
  }
  return read.length > 0 ? read : [content({ kind: "other" }, null)];
}

function content(summary: AttachmentSummary, document: string | null): AttachmentContent {
  return { category: CATEGORY[summary.kind], summary, document };
}

/** What a JSON document is, by its own fields; null for a document of no known kind. */
export function readDocument(document: Json): AttachmentSummary | null {
  if (typeof document.spdxVersion === "string") return spdx(document, false);
  if (document.bomFormat === "CycloneDX") return cycloneDx(document, false);
  if (typeof document.payloadType === "string" && typeof document.payload === "string") return dsse(document, null);
  if (typeof document._type === "string" && document._type.startsWith("https://in-toto.io/Statement")) {
    return statement(document, null);
  }
  if (typeof document.mediaType === "string" && document.mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
    return sigstoreBundle(document);
  }
  if (Array.isArray(document.runs) && typeof document.version === "string") return sarif(document);
  if (typeof document["@context"] === "string" && document["@context"].includes("openvex")) return openVex(document);
  if (typeof document.SchemaVersion === "number" && Array.isArray(document.Results)) return trivy(document);
  if (Array.isArray(document.matches) && asObject(document.descriptor)?.name === "grype") return grype(document);
  return null;
}

/** cosign: one simple signing payload per layer, its signature and any certificate in the layer's annotations. */
function cosignSignatures(manifest: ArtifactManifest, blobs: FetchedBlobs): CosignSignature[] {
  return manifest.layers
    .filter((layer) => layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION] !== undefined)
    .slice(0, ATTACHMENT_BOUNDS.signatures)
    .map((layer) => {
      const payload = blobs.get(layer.digest) ?? null;
      const critical = asObject(json(payload)?.critical);
      const image = asObject(critical?.image);
      return {
        payload: payload && payload.length <= ATTACHMENT_BOUNDS.payloadBytes ? payload.toString("base64") : null,
        signature: (layer.annotations![COSIGN_SIGNATURE_ANNOTATION] ?? "").slice(0, 4096),
        imageDigest: text(image?.["docker-manifest-digest"]),
        certificate: certificateIdentity(layer.annotations?.[COSIGN_CERTIFICATE_ANNOTATION]),
      };
    });
}

/** Notation: the signer is the first certificate of the envelope's x5chain (JWS); COSE envelopes are not read. */
function notationSignature(manifest: ArtifactManifest, blobs: FetchedBlobs): AttachmentSummary {
  const layer = manifest.layers[0];
  if (layer?.mediaType !== "application/jose+json") return { kind: "notation-signature", envelope: "cose", signer: null };
  const chain = asArray(asObject(json(blobs.get(layer.digest))?.header)?.x5chain);
  const first = chain[0];
  return {
    kind: "notation-signature",
    envelope: "jws",
    signer: typeof first === "string" ? certificateSubject(Buffer.from(first, "base64")) : null,
  };
}

function packagesOf(list: unknown[]): PackageRef[] {
  return list.slice(0, ATTACHMENT_BOUNDS.packages).map((entry) => {
    const item = asObject(entry);
    return { name: text(item?.name) ?? "(unnamed)", version: text(item?.versionInfo ?? item?.version) };
  });
}

function spdx(document: Json, attested: boolean): AttachmentSummary {
  const creators = asArray(asObject(document.creationInfo)?.creators);
  const tool = creators.find((creator): creator is string => typeof creator === "string" && creator.startsWith("Tool:"));
  const packages = asArray(document.packages);
  return {
    kind: "sbom",
    format: text(document.spdxVersion) ?? "SPDX",
    tool: text(tool?.slice("Tool:".length).trim()),
    packageCount: packages.length,
    packages: packagesOf(packages),
    attested,
  };
}

function cycloneDx(document: Json, attested: boolean): AttachmentSummary {
  const metadata = asObject(document.metadata);
  // CycloneDX 1.5 moved tools into tools.components; 1.4 and older list them directly.
  const tools = asObject(metadata?.tools)?.components ?? metadata?.tools;
  const tool = asObject(asArray(tools)[0]);
  const components = asArray(document.components);
  return {
    kind: "sbom",
    format: `CycloneDX ${text(document.specVersion) ?? ""}`.trim(),
    tool: text([tool?.name, tool?.version].filter((part) => typeof part === "string").join(" ")),
    packageCount: components.length,
    packages: packagesOf(components),
    attested,
  };
}

const MAX_DSSE_PAYLOAD = 8 << 20;

/** A DSSE envelope (cosign attest): its payload is an in-toto statement. */
function dsse(envelope: Json, certificate: ReturnType<typeof certificateIdentity>): AttachmentSummary | null {
  const payload = envelope.payload as string;
  if (payload.length > (MAX_DSSE_PAYLOAD * 4) / 3) return null;
  const inner = json(Buffer.from(payload, "base64"));
  return inner ? statement(inner, certificate) : null;
}

/** An in-toto statement: SBOM predicates read as SBOMs, SLSA provenance for its builder and source. */
function statement(document: Json, certificate: ReturnType<typeof certificateIdentity>): AttachmentSummary {
  const predicateType = text(document.predicateType) ?? "(none)";
  const predicate = asObject(document.predicate) ?? {};
  if (typeof predicate.spdxVersion === "string") return spdx(predicate, true);
  if (predicate.bomFormat === "CycloneDX") return cycloneDx(predicate, true);
  const { builder, source } = predicateType.startsWith("https://slsa.dev/provenance/") ? provenance(predicate) : { builder: null, source: null };
  return { kind: "attestation", predicateType, builder, source, certificate };
}

/** SLSA provenance v1 (runDetails, buildDefinition) or v0.2 (builder, invocation, materials). */
function provenance(predicate: Json): { builder: string | null; source: string | null } {
  const definition = asObject(predicate.buildDefinition);
  if (definition) {
    const parameters = asObject(definition.externalParameters);
    const workflow = asObject(parameters?.workflow);
    const firstDependency = asObject(asArray(definition.resolvedDependencies)[0]);
    return {
      builder: text(asObject(asObject(predicate.runDetails)?.builder)?.id),
      source: text(workflow?.repository ?? parameters?.source ?? firstDependency?.uri),
    };
  }
  const configSource = asObject(asObject(predicate.invocation)?.configSource);
  return {
    builder: text(asObject(predicate.builder)?.id),
    source: text(configSource?.uri ?? asObject(asArray(predicate.materials)[0])?.uri),
  };
}

/** A Sigstore bundle (cosign 2.x with OCI 1.1): an attestation when it wraps DSSE, else a signature over the digest. */
function sigstoreBundle(bundle: Json): AttachmentSummary | null {
  const certificate = bundleCertificate(bundle);
  const envelope = asObject(bundle.dsseEnvelope);
  if (envelope && typeof envelope.payload === "string") return dsse(envelope, certificate);
  const signature = asObject(bundle.messageSignature);
  if (!signature || typeof signature.signature !== "string") return null;
  return {
    kind: "cosign-signature",
    signatures: [{ payload: null, signature: signature.signature.slice(0, 4096), imageDigest: null, certificate }],
  };
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** CVSS score bands, as GitHub reads SARIF's security-severity. */
function severityOfScore(score: number): string {
  return score >= 9 ? "critical" : score >= 7 ? "high" : score >= 4 ? "medium" : score > 0 ? "low" : "none";
}

function sarif(document: Json): AttachmentSummary {
  const counts: Record<string, number> = {};
  let scanner: string | null = null;
  let date: string | null = null;
  for (const run of asArray(document.runs).map(asObject)) {
    const driver = asObject(asObject(run?.tool)?.driver);
    scanner ??= text([driver?.name, driver?.version].filter((part) => typeof part === "string").join(" "));
    date ??= text(asObject(asArray(run?.invocations)[0])?.endTimeUtc);
    const rules = new Map(asArray(driver?.rules).map(asObject).map((rule) => [rule?.id, rule]));
    for (const result of asArray(run?.results).map(asObject)) {
      const score = Number(asObject(rules.get(result?.ruleId)?.properties)?.["security-severity"]);
      count(counts, Number.isFinite(score) ? severityOfScore(score) : (text(result?.level) ?? "warning"));
    }
  }
  return { kind: "vulnerability-report", format: "SARIF", scanner, date, counts };
}

function openVex(document: Json): AttachmentSummary {
  const counts: Record<string, number> = {};
  for (const statement of asArray(document.statements).map(asObject)) count(counts, text(statement?.status) ?? "unknown");
  return {
    kind: "vulnerability-report",
    format: "OpenVEX",
    scanner: text(document.tooling ?? document.author),
    date: text(document.timestamp),
    counts,
  };
}

function trivy(document: Json): AttachmentSummary {
  const counts: Record<string, number> = {};
  for (const result of asArray(document.Results).map(asObject)) {
    for (const vulnerability of asArray(result?.Vulnerabilities).map(asObject)) {
      count(counts, (text(vulnerability?.Severity) ?? "unknown").toLowerCase());
    }
  }
  return { kind: "vulnerability-report", format: "Trivy", scanner: "Trivy", date: text(document.CreatedAt), counts };
}

function grype(document: Json): AttachmentSummary {
  const counts: Record<string, number> = {};
  for (const match of asArray(document.matches).map(asObject)) {
    count(counts, (text(asObject(match?.vulnerability)?.severity) ?? "unknown").toLowerCase());
  }
  const descriptor = asObject(document.descriptor);
  return {
    kind: "vulnerability-report",
    format: "Grype",
    scanner: text([descriptor?.name, descriptor?.version].filter((part) => typeof part === "string").join(" ")),
    date: text(descriptor?.timestamp),
    counts,
  };
}
