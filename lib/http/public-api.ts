/** The public JSON API's shapes: only public data, BigInts as numbers, dates as ISO strings. */
import { NOTATION_NOT_VERIFIED, signatureVerification, type CertificateIdentity, type Verification } from "../attachments";
import type { CosignTrust } from "../attachments/trust.server";
import type { StoredAttachment } from "../catalog/attachments";
import type { PublicRepository, PublicTag, PublicTagDetails } from "../catalog/gallery";
import { fullNameOf } from "../catalog/names";
import type { SearchLookup } from "./public-search";
import { sbomDownloadHref } from "../presentation/hrefs";

export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/**
 * A request's parameters as `parse` reads them, or a 400 saying why when it
 * throws a `refusal` (its messages are written to be shown).
 */
export function parseParams<T>(parse: () => T, refusal: abstract new (...args: never[]) => Error): T | Response {
  try {
    return parse();
  } catch (error) {
    if (error instanceof refusal) return jsonError(400, error.message);
    throw error;
  }
}

/** One body for private and unknown alike. */
export const notFoundResponse = () => jsonError(404, "not found");

const size = (value: bigint | null) => (value === null ? null : Number(value));

export function repositoryJson(repository: PublicRepository, defaultTag: PublicTag | null) {
  const publisher = repository.namespace.publisher;
  return {
    namespace: repository.namespaceName,
    name: repository.name,
    fullName: `${repository.namespaceName}/${repository.name}`,
    registryPath: repository.path,
    publisher: {
      displayName: publisher?.displayName ?? repository.namespaceName,
      verified: publisher?.verified ?? false,
      official: publisher?.official ?? false,
    },
    shortDescription: repository.shortDescription,
    about: repository.about,
    usage: repository.usage,
    categories: repository.categories.map((c) => c.category),
    defaultTag: defaultTag?.name ?? null,
    logo: repository.logo,
    pulls: repository.pulls,
    updatedAt: repository.updatedAt.toISOString(),
    tagCount: repository._count.tags,
  };
}

function platformJson(p: PublicTag["platforms"][number]) {
  return {
    os: p.os,
    architecture: p.architecture,
    variant: p.variant,
    digest: p.digest,
    mediaType: p.mediaType,
    compressedSize: size(p.compressedSize),
  };
}

export function tagJson(tag: PublicTag) {
  return {
    name: tag.name,
    digest: tag.digest,
    mediaType: tag.mediaType,
    kind: tag.kind,
    artifactType: tag.artifactType,
    compressedSize: size(tag.totalSize),
    pushedAt: tag.pushedAt.toISOString(),
    updatedAt: tag.updatedAt.toISOString(),
    platforms: tag.platforms.map(platformJson),
  };
}

/**
 * One tag with what the tag page shows: details are null, and files null,
 * where the catalog has none; a Helm chart's metadata; what is attached to it.
 */
export function tagDetailsJson(tag: PublicTagDetails, attachments: StoredAttachment[], trust: CosignTrust) {
  return {
    repository: `${tag.repository.namespaceName}/${tag.repository.name}`,
    ...tagJson(tag),
    created: tag.imageCreated?.toISOString() ?? null,
    files: tag.files,
    chart: tag.chart,
    platforms: tag.platforms.map((p) => ({ ...platformJson(p), details: p.details })),
    attachments: attachments.map((attachment) => attachmentJson(attachment, trust)),
  };
}

const verificationJson = (verification: Verification) => ({
  state: verification.state,
  reason: verification.state === "verified" ? null : verification.reason,
});

const signerJson = (certificate: CertificateIdentity | null) => ({ signer: certificate?.subject ?? null, issuer: certificate?.issuer ?? null });

/** One attached artifact as its tag page shows it: signatures with what Galleon verified, never the raw signature bytes. */
function attachmentJson(attachment: StoredAttachment, trust: CosignTrust) {
  const { summary } = attachment;
  const common = {
    subject: attachment.subjectDigest,
    kind: summary.kind,
    category: attachment.category,
    digest: attachment.digest,
    mediaType: attachment.mediaType,
    artifactType: attachment.artifactType,
    created: attachment.created?.toISOString() ?? null,
    pushedAt: attachment.pushedAt.toISOString(),
  };
  switch (summary.kind) {
    case "cosign-signature":
      return {
        ...common,
        signatures: summary.signatures.map((signature) => ({
          keyless: signature.certificate !== null,
          ...signerJson(signature.certificate),
          verification: verificationJson(signatureVerification(signature, attachment.subjectDigest, trust.key)),
        })),
      };
    case "notation-signature":
      return { ...common, envelope: summary.envelope, signer: summary.signer, verification: verificationJson(NOTATION_NOT_VERIFIED) };
    case "sbom": {
      const { format, tool, packageCount, packages, attested } = summary;
      const download = attachment.downloadable ? sbomDownloadHref(attachment.id) : null;
      return { ...common, format, tool, packageCount, packages, attested, download };
    }
    case "attestation":
      return { ...common, predicateType: summary.predicateType, builder: summary.builder, source: summary.source, ...signerJson(summary.certificate) };
    case "vulnerability-report":
      return { ...common, format: summary.format, scanner: summary.scanner, date: summary.date, counts: summary.counts };
    case "other":
      return common;
  }
}

/**
 * What a search's q looked up besides text, in every search response:
 * `tagMatch` for a tag reference of a public repository ("nginx:1.27"; the
 * page redirects when the tag exists), `digestMatches` for a digest prefix.
 */
export function lookupJson(lookup: SearchLookup | null) {
  const digests = lookup?.kind === "digest" ? [...new Set(lookup.matches.map((m) => m.digest))] : [];
  return {
    tagMatch:
      lookup?.kind === "tag"
        ? { repository: fullNameOf(lookup.repository), tag: lookup.tag, exists: lookup.exists }
        : null,
    digestMatches:
      lookup?.kind === "digest"
        ? {
            prefix: lookup.prefix,
            digests,
            ambiguous: digests.length > 1,
            truncated: lookup.truncated,
            matches: lookup.matches.map((m) => ({
              digest: m.digest,
              repository: fullNameOf(m.repository),
              tag: m.tag,
              platform: m.platform,
            })),
          }
        : null,
  };
}
