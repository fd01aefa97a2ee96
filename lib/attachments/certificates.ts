import { X509Certificate } from "node:crypto";
import { derString, extensionValue } from "./der";
import { text, type Json } from "./read-bounds";
import type { CertificateIdentity } from "./types";

/** Fulcio's OIDC issuer extensions: .1.8 (a DER string) replaced .1.1 (raw bytes). */
export const FULCIO_ISSUER_OID = "1.3.6.1.4.1.57264.1.8";
export const FULCIO_ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";

const MAX_CERTIFICATE_BYTES = 16 << 10;

/** The first certificate of a PEM text, or DER bytes. */
function parseCertificate(input: string | Buffer): X509Certificate | null {
  try {
    const bytes = typeof input === "string" ? Buffer.from(input) : input;
    return bytes.length > MAX_CERTIFICATE_BYTES ? null : new X509Certificate(bytes);
  } catch {
    return null;
  }
}

/** "email:a@b.c, URI:https://..." → the first name's value. */
function firstAlternativeName(names: string | undefined): string | null {
  const first = names?.split(/,\s*/)[0];
  return first ? first.slice(first.indexOf(":") + 1) : null;
}

/** Who the certificate names as signer, and the OIDC issuer Fulcio recorded; null when it cannot be read. */
export function certificateIdentity(input: string | Buffer | undefined): CertificateIdentity | null {
  if (input === undefined) return null;
  const certificate = parseCertificate(input);
  if (!certificate) return null;
  const der = certificate.raw;
  const issuer = extensionValue(der, FULCIO_ISSUER_OID);
  const legacyIssuer = issuer ? null : extensionValue(der, FULCIO_ISSUER_V1_OID);
  return {
    subject: text(firstAlternativeName(certificate.subjectAltName) ?? certificate.subject.replace(/\n/g, ", ")) ?? "",
    issuer: text(issuer ? derString(issuer) : legacyIssuer?.toString("utf8")),
  };
}

/** The subject of a certificate (notation signers are named by it). */
export function certificateSubject(input: Buffer): string | null {
  return text(parseCertificate(input)?.subject.replace(/\n/g, ", "));
}

/** The signing certificate of a Sigstore bundle's verification material. */
export function bundleCertificate(bundle: Json): CertificateIdentity | null {
  const material = bundle.verificationMaterial as Json | undefined;
  const raw =
    (material?.certificate as Json | undefined)?.rawBytes ??
    ((material?.x509CertificateChain as Json | undefined)?.certificates as Json[] | undefined)?.[0]?.rawBytes;
  return typeof raw === "string" ? certificateIdentity(Buffer.from(raw, "base64")) : null;
}
