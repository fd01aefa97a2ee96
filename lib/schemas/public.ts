/**
 * The public JSON API's answers (search, suggest, repositories, tags, tag
 * details) and every refusal's body: the schemas lib/http/openapi.ts publishes
 * and the browser tests check real answers against. Limits and enumerations
 * come from the code that enforces them.
 */
import { z } from "zod";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import { EXCERPT_WORDS, MAX_TOTAL_HITS } from "@/lib/search/rules";
import { SORTS } from "@/lib/search/types";

/** An ISO 8601 timestamp as the API writes it (documented, not pattern-checked: image configs write their own). */
export const dateTime = (description?: string) => z.string().meta({ format: "date-time", ...(description && { description }) });

export const ApiError = z
  .object({
    error: z.string().describe("Why the request was refused, written to be shown as it is."),
    field: z.string().describe("The request field the error is about, when there is one.").optional(),
  })
  .meta({ id: "Error" });

const strings = z.array(z.string());
const counts = z.record(z.string(), z.int());
const highlight = z
  .array(z.object({ text: z.string(), match: z.boolean() }))
  .describe("Text as segments; `match` marks the parts that matched the query. Never HTML.");
const layer = z.object({ digest: z.string(), mediaType: z.string(), size: z.int().nullable() });
const categories = z.array(z.enum(CATEGORIES));

export const Publisher = z
  .object({
    displayName: z.string().describe("The namespace's name when no publisher owns it."),
    verified: z.boolean(),
    official: z.boolean(),
  })
  .meta({ id: "Publisher" });

export const Repository = z
  .object({
    namespace: z.string(),
    name: z.string().describe("Within the namespace; may contain '/'."),
    fullName: z.string().meta({ examples: ["acme/tools/cli"] }),
    registryPath: z.string().describe("The path to pull: top-level images have no namespace in it."),
    publisher: Publisher,
    shortDescription: z.string(),
    about: z.string().describe("Markdown."),
    usage: z.string().describe("Markdown."),
    categories,
    defaultTag: z.string().nullable(),
    logo: z.string().nullable().describe("URL or path of the repository's logo."),
    pulls: z.int(),
    updatedAt: dateTime("Last time a tag was added, changed or removed."),
    tagCount: z.int(),
  })
  .meta({ id: "Repository" });

export const Platform = z
  .object({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().nullable(),
    digest: z.string(),
    mediaType: z.string(),
    compressedSize: z.int().nullable().describe("Bytes; null when the manifest format records none."),
  })
  .meta({ id: "Platform" });

export const Tag = z
  .object({
    name: z.string(),
    digest: z.string(),
    mediaType: z.string(),
    kind: z.enum(["oci-index", "oci-image", "docker-manifest-list", "docker-schema2", "docker-schema1", "artifact"]),
    artifactType: z.string().nullable(),
    compressedSize: z.int().nullable(),
    pushedAt: dateTime(),
    updatedAt: dateTime(),
    platforms: z.array(Platform),
  })
  .meta({ id: "Tag" });

export const ImageDetails = z
  .object({
    layers: z.array(layer),
    entrypoint: strings.nullable(),
    cmd: strings.nullable(),
    envNames: strings.describe("Names only: values can hold secrets."),
    exposedPorts: z.array(z.string().meta({ examples: ["80/tcp"] })),
    workingDir: z.string().nullable(),
    user: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
    history: z.array(
      z.object({ created: z.string().nullable(), createdBy: z.string().nullable(), emptyLayer: z.boolean(), comment: z.string().nullable() }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: "ImageDetails" });

export const HelmChart = z
  .object({
    name: z.string().nullable(),
    version: z.string().nullable(),
    appVersion: z.string().nullable(),
    description: z.string().nullable(),
    note: z.string().nullable().describe("Why the chart's config could not be read (in full); the tag is indexed all the same."),
  })
  .meta({ id: "HelmChart" });

export const Verification = z
  .object({
    state: z.enum(["verified", "not-verified", "failed"]),
    reason: z.string().nullable().describe("Why it is not verified, or failed; null when verified."),
  })
  .meta({ id: "Verification" });

/** Who a certificate names as signer, as it states it (never a verification by itself). */
const signer = {
  signer: z.string().nullable().describe("The signing certificate's subject alternative name, else its subject."),
  issuer: z.string().nullable().describe("The OIDC issuer Fulcio recorded in the certificate."),
};

export const Attachment = z
  .object({
    subject: z.string().describe("The digest of the manifest it describes: the tag's, or a platform's."),
    kind: z.enum(["cosign-signature", "notation-signature", "sbom", "attestation", "vulnerability-report", "other"]),
    category: z.enum(["signature", "sbom", "attestation", "vulnerability-report", "other"]),
    digest: z.string(),
    mediaType: z.string(),
    artifactType: z.string().nullable(),
    created: dateTime("Its org.opencontainers.image.created annotation.").nullable(),
    pushedAt: dateTime("When Galleon first saw it."),
  })
  .and(
    z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("cosign-signature"),
        signatures: z.array(z.object({ keyless: z.boolean(), ...signer, verification: Verification })),
      }),
      z.object({ kind: z.literal("notation-signature"), envelope: z.enum(["jws", "cose"]), signer: z.string().nullable(), verification: Verification }),
      z.object({
        kind: z.literal("sbom"),
        format: z.string().meta({ examples: ["SPDX-2.3", "CycloneDX 1.5"] }),
        tool: z.string().nullable(),
        packageCount: z.int(),
        packages: z.array(z.object({ name: z.string(), version: z.string().nullable() })).describe("The first ones."),
        attested: z.boolean().describe("Carried in an in-toto attestation."),
        download: z.string().nullable().describe("Where Galleon serves the document; null when it was not kept."),
      }),
      z.object({ kind: z.literal("attestation"), predicateType: z.string(), builder: z.string().nullable(), source: z.string().nullable(), ...signer }),
      z.object({
        kind: z.literal("vulnerability-report"),
        format: z.enum(["SARIF", "OpenVEX", "Trivy", "Grype"]),
        scanner: z.string().nullable(),
        date: z.string().nullable(),
        counts: counts.describe("By severity, or by status for OpenVEX."),
      }),
      z.object({ kind: z.literal("other") }),
    ]),
  )
  .meta({
    id: "Attachment",
    description:
      "A signature, SBOM, attestation or report attached to an image, as the tag page shows it. Signatures say what Galleon " +
      "verified: `verified` only after a check with the operator's cosign key over this image's digest.",
  });

/** An artifact's files: its layers, with their titles. */
export const ArtifactFiles = z.array(layer.and(z.object({ title: z.string().nullable() })));

export const TagDetails = Tag.and(
  z.object({
    repository: z.string().describe("The repository's full name."),
    created: dateTime().nullable(),
    files: ArtifactFiles.nullable()
      .describe("An artifact's files; null where the catalog has none."),
    chart: HelmChart.nullable().describe("A Helm chart's metadata from its config; null for anything else."),
    platforms: z.array(Platform.and(z.object({ details: ImageDetails.nullable() }))),
    attachments: z
      .array(Attachment)
      .describe("What is attached to the tag's manifest and its platforms' (see `subject`), oldest first."),
  }),
).meta({ id: "TagDetails" });

export const TagList = z
  .object({ total: z.int(), page: z.int(), pageSize: z.int(), tags: z.array(Tag) })
  .meta({ id: "TagList" });

export const SearchQuery = z
  .object({
    q: z.string(),
    filters: z.object({
      os: strings.optional(),
      architecture: strings.optional(),
      categories: strings.optional(),
      namespace: strings.optional(),
      verified: z.boolean().optional(),
      official: z.boolean().optional(),
      signed: z.boolean().optional(),
      sbom: z.boolean().optional(),
    }),
    sort: z.enum(SORTS),
    page: z.int(),
    pageSize: z.int(),
  })
  .meta({ id: "SearchQuery" });

export const SearchHit = z
  .strictObject({
    fullName: z.string(),
    namespace: z.string(),
    name: z.string(),
    publisher: z.string(),
    shortDescription: z.string(),
    tags: strings,
    categories: strings,
    operatingSystems: strings,
    architectures: strings,
    verified: z.boolean(),
    official: z.boolean(),
    signed: z.boolean().describe("A signature is attached to an image of the repository (present, not necessarily verified)."),
    sbom: z.boolean().describe("An SBOM is attached to an image of the repository."),
    pulls: z.int(),
    updatedAt: dateTime(),
    highlights: z.object({
      name: highlight,
      shortDescription: highlight,
      about: highlight.describe(
        "An excerpt of the About text, never all of it (the repository endpoint has it): about " +
          `${EXCERPT_WORDS} words around the matches, or its first sentences when nothing in it matched; empty when there is no About.`,
      ),
    }),
  })
  .meta({ id: "SearchHit" });

const platformOfMatch = z.object({ os: z.string(), architecture: z.string(), variant: z.string().nullable() });

export const SearchResult = z
  .object({
    query: SearchQuery,
    total: z
      .int()
      .max(MAX_TOTAL_HITS)
      .describe(`Matching repositories, up to ${MAX_TOTAL_HITS}: hits past that many are not reachable.`),
    totalCapped: z
      .boolean()
      .describe(
        `More than ${MAX_TOTAL_HITS} repositories may match. Facet counts may then cover only ${MAX_TOTAL_HITS} of them (the most popular, or most recently updated with sort=updated).`,
      ),
    page: z.int(),
    pageSize: z.int(),
    hits: z.array(SearchHit),
    facets: z.object({
      os: counts,
      architecture: counts,
      categories: counts,
      namespace: counts,
      verified: z.int(),
      official: z.int(),
      signed: z.int(),
      sbom: z.int(),
    }),
    tagMatch: z
      .object({ repository: z.string(), tag: z.string(), exists: z.boolean() })
      .nullable()
      .describe("q named a tag of a public repository (`nginx:1.27`); `exists` says whether the repository has it."),
    digestMatches: z
      .object({
        prefix: z.string(),
        digests: strings,
        ambiguous: z.boolean(),
        truncated: z.boolean(),
        matches: z.array(z.object({ digest: z.string(), repository: z.string(), tag: z.string(), platform: platformOfMatch.nullable() })),
      })
      .nullable()
      .describe("q was a digest prefix (`sha256:` and at least 12 hex digits): the public tags and platforms with it."),
  })
  .meta({ id: "SearchResult" });

export const Suggestions = z
  .object({
    query: z.object({ q: z.string(), limit: z.int() }),
    suggestions: z.array(
      z.object({
        fullName: z.string(),
        namespace: z.string(),
        name: z.string(),
        shortDescription: z.string(),
        verified: z.boolean(),
        official: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Suggestions" });
