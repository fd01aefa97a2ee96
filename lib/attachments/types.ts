/**
 * What Galleon reads from the artifacts attached to an image (signatures,
 * SBOMs, attestations, vulnerability reports). Stored as JSON in the catalog
 * and shown on the tag page; every list and string is bounded (see bounds.ts)
 * because the content comes from whoever pushed it.
 */

export type AttachmentCategory = "signature" | "sbom" | "attestation" | "vulnerability-report" | "other";

/** Who a certificate says signed: read from it, never a verification by itself. */
export interface CertificateIdentity {
  /** The certificate's subject alternative name (email or URI), else its subject. */
  subject: string;
  /** Sigstore's OIDC issuer extension (1.3.6.1.4.1.57264.1.8, else .1.1); null outside Fulcio certificates. */
  issuer: string | null;
}

/** One cosign signature: a simple signing payload and its signature over it. */
export interface CosignSignature {
  /** The payload bytes, base64; null when it was larger than the bound (then it cannot be verified). */
  payload: string | null;
  /** The signature over the payload, base64 (ASN.1 DER for ECDSA). */
  signature: string;
  /** The image digest the payload names (critical.image.docker-manifest-digest). */
  imageDigest: string | null;
  /** Keyless signing: the certificate that came with the signature. */
  certificate: CertificateIdentity | null;
}

export interface PackageRef {
  name: string;
  version: string | null;
}

export type AttachmentSummary =
  | { kind: "cosign-signature"; signatures: CosignSignature[] }
  | { kind: "notation-signature"; envelope: "jws" | "cose"; signer: string | null }
  | {
      kind: "sbom";
      /** "SPDX-2.3", "CycloneDX 1.5" */
      format: string;
      tool: string | null;
      packageCount: number;
      packages: PackageRef[];
      /** Carried in an in-toto attestation rather than as a plain document. */
      attested: boolean;
    }
  | {
      kind: "attestation";
      predicateType: string;
      /** SLSA provenance: the builder's id and the source repository. */
      builder: string | null;
      source: string | null;
      /** Keyless: the certificate of the envelope's signature. */
      certificate: CertificateIdentity | null;
    }
  | {
      kind: "vulnerability-report";
      format: "SARIF" | "OpenVEX" | "Trivy" | "Grype";
      scanner: string | null;
      date: string | null;
      /** By severity ("critical", "high"...), or by status for VEX documents. */
      counts: Record<string, number>;
    }
  | { kind: "other" };

/** What one attached artifact amounts to. */
export interface AttachmentContent {
  category: AttachmentCategory;
  summary: AttachmentSummary;
  /** The SBOM document itself when within MAX_DOCUMENT_BYTES, for download from Galleon. */
  document: string | null;
}
