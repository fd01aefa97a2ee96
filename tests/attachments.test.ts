/**
 * What is attached to images (issue 13), against the real registry: cosign
 * signatures (key and keyless), a cosign attestation, SBOMs, a SARIF report
 * and an artifact index pushed in their real formats, through cosign's tags
 * and the referrers tag schema; the indexer attaches them to their subjects
 * and keeps them out of the image tags, platforms and search labels.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Indexer, reconcile } from "@/indexer/reconcile";
import { cosignKey, verifyCosignSignature, type AttachmentSummary } from "@/lib/attachments";
import { getAttachmentMarks, getAttachments, getPublicSbomDocument } from "@/lib/catalog/attachments";
import { findPublicRepositoryOrTag, getDefaultTag, getPublicRepository, getPublicTag } from "@/lib/catalog/gallery";
import { findPublicDigests } from "@/lib/catalog/lookup";
import { saveRepository } from "@/lib/catalog/publishing";
import { getRepositoryForSearch } from "@/lib/catalog/repositories";
import { MediaTypes } from "@/lib/registry/media-types";
import { type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import {
  AttachmentMediaTypes,
  cosignAttestationManifest,
  cosignSignatureManifest,
  cycloneDxDocument,
  inTotoStatement,
  notationJwsEnvelope,
  openVexDocument,
  pushCosignTag,
  pushReferrers,
  referrerArtifact,
  sarifReport,
  slsaProvenance,
  spdxDocument,
} from "@/scripts/seed/attachments";
import { blob, imageConfig, imageManifest, jsonBlob, layer, pushBlob, pushManifest } from "@/scripts/seed/oci";
import { HELM_CHART_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE } from "@/lib/registry/helm";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { pushImage, pushIndex } from "./support/images";
import { keylessSigner, signerCertificate } from "./support/keyless";
import { startTestIndexer } from "./support/test-indexer";

let registry: RegistryHandle;
let catalog: TestCatalog;
let testIndexer: Awaited<ReturnType<typeof startTestIndexer>>;
let indexer: Indexer;

const REPOSITORY = "acme/signed";
const CHARTS = "acme/charts/demo";
const KEYLESS_IDENTITY = "https://github.com/acme/signed/.github/workflows/release.yml@refs/heads/main";
const OIDC_ISSUER = "https://token.actions.githubusercontent.com";
const NOTATION_SIGNER = "CN=Acme Release Signing, O=Acme, C=US";
const created = "2026-12-01T10:00:00Z";
const PACKAGES = Array.from({ length: 14 }, (_, i) => ({ name: `package-${i}`, version: `1.${i}.0` }));

// An ECDSA P-256 key made for this test, as `cosign generate-key-pair` makes.
const signingKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
let image: Awaited<ReturnType<typeof pushImage>>;
let keylessImage: Awaited<ReturnType<typeof pushImage>>;
let multiArch: { index: string; amd64: string };

beforeAll(async () => {
  registry = await startRegistry();
  catalog = createTestCatalog();
  testIndexer = await startTestIndexer(catalog.db, registry.url);
  indexer = testIndexer.indexer;

  const url = registry.url;
  const reference = `${new URL(url).host}/${REPOSITORY}`;
  // The image tag is pushed first: the signature, attestation and referrers tags are newer.
  image = await pushImage(url, REPOSITORY, "1.0");
  const digest = image.manifest.descriptor.digest;
  await pushCosignTag(url, REPOSITORY, digest, "sig", cosignSignatureManifest(reference, digest, signingKey.privateKey));
  const provenance = inTotoStatement(
    reference,
    digest,
    "https://slsa.dev/provenance/v1",
    slsaProvenance("https://github.com/actions/runner/github-hosted", "https://github.com/acme/signed", "0".repeat(40)),
  );
  await pushCosignTag(url, REPOSITORY, digest, "att", cosignAttestationManifest(provenance, signingKey.privateKey));
  await pushReferrers(url, REPOSITORY, digest, [
    referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("acme-signed", PACKAGES, created), created),
    referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.sarif, sarifReport(
      [{ id: "CVE-2026-0001", score: 9.8 }, { id: "CVE-2026-0002", score: 7.5 }, { id: "CVE-2026-0003", score: 7.1 }, { id: "CVE-2026-0004", score: 5 }],
      created,
    ), created),
  ]);

  // Keyless: a certificate from a test authority names the signer.
  keylessImage = await pushImage(url, REPOSITORY, "2.0");
  const keylessDigest = keylessImage.manifest.descriptor.digest;
  const signer = await keylessSigner(KEYLESS_IDENTITY, OIDC_ISSUER);
  await pushCosignTag(url, REPOSITORY, keylessDigest, "sig", cosignSignatureManifest(reference, keylessDigest, signer.privateKey, signer.certificatePem));
  // A Notation signature and an OpenVEX document, through the referrers tag schema.
  const notary = await signerCertificate(NOTATION_SIGNER);
  await pushReferrers(url, REPOSITORY, keylessDigest, [
    referrerArtifact(
      keylessImage.manifest.descriptor,
      AttachmentMediaTypes.notation,
      notationJwsEnvelope(keylessImage.manifest.descriptor, [notary.der], notary.privateKey),
      created,
      AttachmentMediaTypes.jws,
    ),
    referrerArtifact(keylessImage.manifest.descriptor, AttachmentMediaTypes.openVex, openVexDocument("Acme security", created, [
      { id: "CVE-2026-0001", status: "not_affected" },
      { id: "CVE-2026-0002", status: "not_affected" },
      { id: "CVE-2026-0003", status: "fixed" },
    ]), created),
  ]);

  // A multi-arch image whose amd64 platform has a CycloneDX SBOM attached through the tag schema.
  const amd64 = await pushImage(url, REPOSITORY, "3.0-amd64");
  const index = await pushIndex(url, REPOSITORY, "3.0", [{ ...amd64.manifest.descriptor, platform: { os: "linux", architecture: "amd64" } }]);
  await pushReferrers(url, REPOSITORY, amd64.manifest.descriptor.digest, [
    referrerArtifact(amd64.manifest.descriptor, AttachmentMediaTypes.cycloneDx, cycloneDxDocument(PACKAGES.slice(0, 3), created), created),
  ]);
  multiArch = { index: index.descriptor.digest, amd64: amd64.manifest.descriptor.digest };

  // An index of artifacts, tagged like an image: its artifactType says what it is.
  const chart = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("x", [], created), created);
  for (const blob of chart.blobs) await pushBlob(url, REPOSITORY, blob.bytes);
  await pushManifest(url, REPOSITORY, chart.manifest.descriptor.digest, chart.manifest.bytes, MediaTypes.ociManifest);
  const artifactIndex = jsonBlob(MediaTypes.ociIndex, {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    artifactType: "application/vnd.example.bundle",
    manifests: [{ ...chart.manifest.descriptor, artifactType: AttachmentMediaTypes.spdx }],
  });
  await pushManifest(url, REPOSITORY, "bundle", artifactIndex.bytes, MediaTypes.ociIndex);

  // A repository whose only image states no platform (unknown os and architecture in its config).
  const layers = [layer([{ path: "a.txt", content: "a" }])];
  const config = imageConfig({ os: "unknown", architecture: "unknown", created, config: {}, history: ["COPY a.txt /"] }, layers);
  for (const blob of [config, ...layers]) await pushBlob(url, "acme/unstated", blob.bytes);
  const manifest = imageManifest(MediaTypes.ociManifest, config, layers);
  await pushManifest(url, "acme/unstated", "v1", manifest.bytes, MediaTypes.ociManifest);

  // Helm charts as `helm push` stores them: one whose config is chart metadata, one whose config is broken JSON.
  const chartLayer = layer([{ path: "demo/Chart.yaml", content: "apiVersion: v2\nname: demo\nversion: 0.1.0\n" }], HELM_CHART_MEDIA_TYPE);
  const chartConfigs = {
    "0.1.0": Buffer.from(JSON.stringify({ apiVersion: "v2", name: "demo", version: "0.1.0", appVersion: "3.4.5", description: "A demo chart", type: "application" })),
    "0.2.0": Buffer.from('{"apiVersion": "v2", "name": "demo", "version": '),
  };
  for (const [tag, bytes] of Object.entries(chartConfigs)) {
    const chartConfig = blob(HELM_CONFIG_MEDIA_TYPE, bytes);
    for (const b of [chartConfig, chartLayer]) await pushBlob(url, CHARTS, b.bytes);
    await pushManifest(url, CHARTS, tag, imageManifest(MediaTypes.ociManifest, chartConfig, [chartLayer]).bytes, MediaTypes.ociManifest);
  }

  await reconcile(indexer);
  for (const name of ["signed", "unstated", "charts/demo"]) {
    await saveRepository(catalog.db, `acme/${name}`, { visibility: "PUBLIC" });
  }
  await reconcile(indexer, { force: true });
});

afterAll(async () => {
  await testIndexer?.dispose();
  await catalog?.dispose();
  await registry?.stop();
});

async function repositoryId(registryPath: string): Promise<number> {
  return (await catalog.db.repository.findUniqueOrThrow({ where: { path: registryPath } })).id;
}

async function attachmentsOf(digests: string[]) {
  return getAttachments(catalog.db, await repositoryId(REPOSITORY), digests);
}

function summaryOf<K extends AttachmentSummary["kind"]>(summaries: AttachmentSummary[], kind: K) {
  return summaries.find((s): s is Extract<AttachmentSummary, { kind: K }> => s.kind === kind);
}

describe("attached tags", () => {
  it("are not image tags: never listed, never the default or newest tag, no platforms", async () => {
    const tags = await catalog.db.tag.findMany({ where: { repository: { path: REPOSITORY } }, select: { name: true }, orderBy: { name: "asc" } });
    expect(tags.map((t) => t.name)).toEqual(["1.0", "2.0", "3.0", "3.0-amd64", "bundle"]);
    const repository = await getPublicRepository(catalog.db, "acme", "signed");
    const defaultTag = await getDefaultTag(catalog.db, repository!);
    expect(defaultTag?.name).not.toMatch(/^sha256-/);
    const platforms = await catalog.db.platform.findMany({ where: { tag: { repository: { path: REPOSITORY } } } });
    expect(platforms.every((p) => p.os === "linux" && p.architecture === "amd64")).toBe(true);
    // The tag page of a signature tag does not exist: it is no image.
    const digest = image.manifest.descriptor.digest;
    expect(await findPublicRepositoryOrTag(catalog.db, "acme", ["signed", "tags", `${digest.replace(":", "-")}.sig`])).toBeNull();
  });

  it("honours an index's artifactType: an artifact, not an empty multi-platform image", async () => {
    const bundle = await catalog.db.tag.findFirstOrThrow({ where: { name: "bundle", repository: { path: REPOSITORY } }, include: { platforms: true } });
    expect(bundle).toMatchObject({ kind: "artifact", artifactType: "application/vnd.example.bundle" });
    expect(bundle.platforms).toEqual([]);
  });

  it("attach signatures, attestations, SBOMs and reports to the image they describe", async () => {
    const digest = image.manifest.descriptor.digest;
    const attached = await attachmentsOf([digest]);
    expect(attached.map((a) => a.category).sort()).toEqual(["attestation", "sbom", "signature", "vulnerability-report"]);
    const summaries = attached.map((a) => a.summary);

    const signature = summaryOf(summaries, "cosign-signature")!.signatures[0]!;
    expect(signature).toMatchObject({ imageDigest: digest, certificate: null });

    const provenance = summaryOf(summaries, "attestation")!;
    expect(provenance).toEqual({
      kind: "attestation",
      predicateType: "https://slsa.dev/provenance/v1",
      builder: "https://github.com/actions/runner/github-hosted",
      source: "https://github.com/acme/signed",
      certificate: null,
    });

    const sbom = summaryOf(summaries, "sbom")!;
    expect(sbom).toMatchObject({ format: "SPDX-2.3", tool: "syft-1.18.1", packageCount: 14, attested: false });
    expect(sbom.packages).toHaveLength(10);
    expect(sbom.packages[0]).toEqual({ name: "package-0", version: "1.0.0" });

    const report = summaryOf(summaries, "vulnerability-report")!;
    expect(report).toEqual({
      kind: "vulnerability-report",
      format: "SARIF",
      scanner: "Trivy 0.58.0",
      date: "2026-12-01T10:00:00Z",
      counts: { critical: 1, high: 2, medium: 1 },
    });
    const sbomRow = attached.find((a) => a.category === "sbom")!;
    expect(sbomRow).toMatchObject({ artifactType: AttachmentMediaTypes.spdx, downloadable: true, created: new Date("2026-12-01T10:00:00Z") });
    const document = await getPublicSbomDocument(catalog.db, sbomRow.id);
    expect(JSON.parse(document!.document).packages).toHaveLength(14);
  });

  it("verify a cosign signature only with the configured key, over this image's digest", async () => {
    const digest = image.manifest.descriptor.digest;
    const [signed] = (await attachmentsOf([digest])).filter((a) => a.category === "signature");
    const signature = (signed!.summary as Extract<AttachmentSummary, { kind: "cosign-signature" }>).signatures[0]!;
    const pem = (key: typeof signingKey) => key.publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(verifyCosignSignature(signature, digest, cosignKey(pem(signingKey)))).toEqual({ state: "verified" });
    expect(verifyCosignSignature(signature, digest, cosignKey(pem(otherKey)))).toMatchObject({ state: "failed" });
    expect(verifyCosignSignature(signature, digest, null)).toMatchObject({ state: "not-verified" });
    // The same signature does not vouch for another image.
    expect(verifyCosignSignature(signature, keylessImage.manifest.descriptor.digest, cosignKey(pem(signingKey)))).toMatchObject({ state: "failed" });
  });

  it("read a keyless signature's identity and OIDC issuer, a Notation signer and a VEX document", async () => {
    const attached = await attachmentsOf([keylessImage.manifest.descriptor.digest]);
    const summaries = attached.map((a) => a.summary);
    expect(summaryOf(summaries, "cosign-signature")!.signatures[0]!.certificate).toEqual({ subject: KEYLESS_IDENTITY, issuer: OIDC_ISSUER });
    expect(summaryOf(summaries, "notation-signature")).toEqual({ kind: "notation-signature", envelope: "jws", signer: NOTATION_SIGNER });
    expect(summaryOf(summaries, "vulnerability-report")).toEqual({
      kind: "vulnerability-report",
      format: "OpenVEX",
      scanner: "Acme security",
      date: "2026-12-01T10:00:00Z",
      counts: { not_affected: 2, fixed: 1 },
    });
  });

  it("attach to the platform they name inside an index", async () => {
    expect(await attachmentsOf([multiArch.index])).toEqual([]);
    const [sbom] = await attachmentsOf([multiArch.amd64]);
    expect(sbom!.summary).toMatchObject({ kind: "sbom", format: "CycloneDX 1.5", tool: "trivy 0.58.0", packageCount: 3 });
  });

  it("mark the repository signed and with an SBOM, in its search document and filters too", async () => {
    expect(await getAttachmentMarks(catalog.db, await repositoryId(REPOSITORY))).toEqual({ signed: true, sbom: true });
    expect(await getAttachmentMarks(catalog.db, await repositoryId("acme/unstated"))).toEqual({ signed: false, sbom: false });
    const all = await indexer.search.search({ q: "", page: 1, pageSize: 10, filters: {}, sort: "relevance" });
    expect(all.facets).toMatchObject({ signed: 1, sbom: 1 });
    const signed = await indexer.search.search({ q: "", page: 1, pageSize: 10, filters: { signed: true, sbom: true }, sort: "relevance" });
    expect(signed.hits.map((hit) => [hit.document.fullName, hit.document.signed, hit.document.sbom])).toEqual([["acme/signed", true, true]]);
    const unsigned = await indexer.search.search({ q: "", page: 1, pageSize: 10, filters: { signed: false }, sort: "relevance" });
    expect(unsigned.hits.map((hit) => hit.document.fullName)).toEqual(["acme/charts/demo", "acme/unstated"]);
  });

  it("go when their tag is deleted, and a sync that finds nothing new writes nothing", async () => {
    const before = await catalog.db.attachment.count();
    const report = await reconcile(indexer);
    expect(report.changed).toBe(0);
    expect(await catalog.db.attachment.count()).toBe(before);
  });
});

describe("platforms not stated", () => {
  it("are shown as such and never become search labels or filters", async () => {
    const repository = await getRepositoryForSearch(catalog.db, "acme/unstated");
    expect(repository).toMatchObject({ operatingSystems: [], architectures: [] });
    const { formatPlatform } = { formatPlatform: (await import("@/lib/presentation/format")).platformLabel };
    expect(formatPlatform({ os: "unknown", architecture: "unknown", variant: null })).toBe("platform not stated");
    expect(formatPlatform({ os: "", architecture: "", variant: null })).toBe("platform not stated");
    const facets = await indexer.search.search({ q: "", page: 1, pageSize: 10, filters: {}, sort: "relevance" });
    expect(JSON.stringify(facets)).not.toMatch(/"unknown"|"value":""/);
  });
});

describe("the digest lookup", () => {
  it("names a platform of the tag's index only for indexes", async () => {
    const digest = image.manifest.descriptor.digest;
    const single = await findPublicDigests(catalog.db, digest);
    expect(single.matches.filter((m) => m.tag === "1.0")).toEqual([
      { digest, repository: { namespace: "acme", name: "signed" }, tag: "1.0", platform: null },
    ]);
    const platform = await findPublicDigests(catalog.db, multiArch.amd64);
    expect(platform.matches.find((m) => m.tag === "3.0")?.platform).toEqual({ os: "linux", architecture: "amd64", variant: null });
  });
});


describe("Helm charts", () => {
  it("show the chart's name, version, appVersion and description from its config", async () => {
    const tag = await getPublicTag(catalog.db, "acme", "charts/demo", "0.1.0");
    expect(tag).toMatchObject({ kind: "artifact", artifactType: HELM_CONFIG_MEDIA_TYPE, platforms: [] });
    expect(tag!.chart).toEqual({ name: "demo", version: "0.1.0", appVersion: "3.4.5", description: "A demo chart", note: null });
    expect(tag!.files?.map((file) => file.mediaType)).toEqual([HELM_CHART_MEDIA_TYPE]);
  });

  it("with a config that is not JSON, are indexed with a note saying so, and the sync records no failure", async () => {
    const tag = await getPublicTag(catalog.db, "acme", "charts/demo", "0.2.0");
    expect(tag).toMatchObject({ kind: "artifact", artifactType: HELM_CONFIG_MEDIA_TYPE });
    expect(tag!.chart).toMatchObject({ name: null, version: null, appVersion: null, description: null });
    expect(tag!.chart!.note).toMatch(/^the chart's config is not valid JSON \(.+\)$/);
    const repository = await catalog.db.repository.findUniqueOrThrow({ where: { path: CHARTS } });
    expect(repository.syncError).toBeNull();
  });

  it("are no Helm charts unless their config says so: images and other artifacts have no chart", async () => {
    const tags = await catalog.db.tag.findMany({ where: { repository: { path: REPOSITORY } }, select: { chart: true } });
    expect(tags.every((tag) => tag.chart === null)).toBe(true);
  });
});
