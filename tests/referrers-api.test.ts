/**
 * The referrers API path (OCI distribution-spec 1.1). Debian's Distribution
 * 2.8 does not offer it, so the indexer reads the real registry through
 * tests/support/referrers-front.ts, which answers the API from the
 * registry's own content and forwards everything else. Referrers pushed by
 * the project's sample code (through the tag schema, and one by digest alone
 * as clients do on registries with the API) show the same attachments as
 * through the tag schema, plus what only the API lists; pages are followed.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Indexer, reconcile } from "@/indexer/reconcile";
import { type StoredAttachment, getAttachments } from "@/lib/catalog/attachments";
import { RegistryClient } from "@/lib/registry";
import { referrersTagOf } from "@/lib/registry/referrers";
import { type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import {
  AttachmentMediaTypes,
  cosignSignatureManifest,
  openVexDocument,
  pushArtifacts,
  pushCosignTag,
  pushReferrers,
  referrerArtifact,
  sarifReport,
  spdxDocument,
} from "@/scripts/seed/attachments";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { pushImage } from "./support/images";
import { type ReferrersFront, startReferrersFront } from "./support/referrers-front";
import { startTestIndexer } from "./support/test-indexer";

const REPOSITORY = "acme/referred";
const created = "2026-12-03T08:00:00Z";

let registry: RegistryHandle;
let front: ReferrersFront;
const sides: Record<"tagSchema" | "api", { catalog: TestCatalog; indexer: Indexer; dispose(): Promise<void> }> = {} as never;
let subject: string;
const digests = { spdx: "", sarif: "", vex: "" };

beforeAll(async () => {
  registry = await startRegistry();
  // Two per page: the three referrers of the image take two pages.
  front = await startReferrersFront(registry, { pageSize: 2 });
  const image = await pushImage(registry.url, REPOSITORY, "1.0");
  subject = image.manifest.descriptor.digest;
  const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  await pushCosignTag(registry.url, REPOSITORY, subject, "sig", cosignSignatureManifest(`${registry.host}/${REPOSITORY}`, subject, key));
  const spdx = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("referred", [{ name: "zlib", version: "1.3" }], created), created);
  const sarif = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.sarif, sarifReport([{ id: "CVE-2026-0101", score: 8.1 }], created), created);
  await pushReferrers(registry.url, REPOSITORY, subject, [spdx, sarif]);
  // Pushed later by digest alone, as a client does on a registry with the API: not in the tag schema's index.
  const vex = referrerArtifact(image.manifest.descriptor, AttachmentMediaTypes.openVex, openVexDocument("Acme", created, [{ id: "CVE-2026-0101", status: "fixed" }]), created);
  await pushArtifacts(registry.url, REPOSITORY, [vex]);
  Object.assign(digests, { spdx: spdx.manifest.descriptor.digest, sarif: sarif.manifest.descriptor.digest, vex: vex.manifest.descriptor.digest });

  for (const [side, url] of [["tagSchema", registry.url], ["api", front.url]] as const) {
    const catalog = createTestCatalog();
    const { indexer, dispose } = await startTestIndexer(catalog.db, url);
    await reconcile(indexer);
    sides[side] = { catalog, indexer, dispose };
  }
});

afterAll(async () => {
  for (const side of Object.values(sides)) {
    await side.dispose();
    await side.catalog.dispose();
  }
  await front?.close();
  await registry?.stop();
});

async function attachedThrough(side: keyof typeof sides): Promise<StoredAttachment[]> {
  const { db } = sides[side].catalog;
  const repository = await db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } });
  return getAttachments(db, repository.id, [subject]);
}

/** What the tag page shows of an attachment, whichever way it was found. */
const shown = (a: StoredAttachment) => ({ digest: a.digest, subject: a.subjectDigest, category: a.category, artifactType: a.artifactType, summary: a.summary });
const byDigest = (a: { digest: string }, b: { digest: string }) => a.digest.localeCompare(b.digest);

describe("the referrers API", () => {
  it("is not offered by the real registry itself: there the tag schema is read", async () => {
    expect(await new RegistryClient({ url: registry.url }).listReferrers(REPOSITORY, subject, 10)).toBeNull();
    const attached = await attachedThrough("tagSchema");
    expect(attached.map((a) => a.digest)).not.toContain(digests.vex);
    expect(attached.map((a) => a.category).sort()).toEqual(["sbom", "signature", "vulnerability-report"]);
  });

  it("is used where offered, page by page, and shows the same attachments and what only it lists", async () => {
    const pages = front.referrersPages.filter((page) => page.startsWith(`${REPOSITORY} ${subject} `));
    // The first page, then the one its Link named.
    expect(pages.some((page) => page.endsWith(" "))).toBe(true);
    expect(pages.some((page) => page.includes("last=sha256"))).toBe(true);

    const throughApi = (await attachedThrough("api")).map(shown).sort(byDigest);
    const throughTagSchema = (await attachedThrough("tagSchema")).map(shown).sort(byDigest);
    expect(throughApi.filter((a) => a.digest !== digests.vex)).toEqual(throughTagSchema);
    expect(throughApi.find((a) => a.digest === digests.vex)).toMatchObject({
      category: "vulnerability-report",
      summary: { kind: "vulnerability-report", format: "OpenVEX", counts: { fixed: 1 } },
    });

    // The tag schema's index does not list the VEX document: the referrers tag was read through the API.
    const { db } = sides.api.catalog;
    const viaReferrersTag = await db.attachment.findMany({ where: { tag: referrersTagOf(subject) }, select: { digest: true } });
    expect(viaReferrersTag.map((row) => row.digest).sort()).toEqual([digests.spdx, digests.sarif, digests.vex].sort());
    // And the image tag found its referrers through the API too.
    const viaImageTag = await db.attachment.findMany({ where: { tag: "1.0" }, select: { digest: true } });
    expect(viaImageTag.map((row) => row.digest).sort()).toEqual([digests.spdx, digests.sarif, digests.vex].sort());
  });

  it("filters by artifactType, where the registry applied the filter and where it did not", async () => {
    const client = new RegistryClient({ url: front.url });
    const sarif = await client.listReferrers(REPOSITORY, subject, 10, AttachmentMediaTypes.sarif);
    expect(sarif?.map((d) => d.digest)).toEqual([digests.sarif]);
    expect(front.referrersPages.at(-1)).toContain(`artifactType=${encodeURIComponent(AttachmentMediaTypes.sarif)}`);

    front.applyFilters = false;
    try {
      const unfiltered = await new RegistryClient({ url: front.url }).listReferrers(REPOSITORY, subject, 10, AttachmentMediaTypes.openVex);
      expect(unfiltered?.map((d) => d.digest)).toEqual([digests.vex]);
    } finally {
      front.applyFilters = true;
    }
  });
});
