/**
 * What is attached to images, in the browser (issue 13): the demo's signed
 * sample (cosign signature with the sample key the web app trusts, SLSA
 * provenance, SPDX SBOM), BuildKit attestations inside an index, marks and
 * filters in search, and attached tags pushed while the gallery runs, which
 * never show as image tags, beside a long tag name the table must cut.
 */
import { generateKeyPairSync } from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { openApiDocument } from "@/lib/http/openapi";
import {
  AttachmentMediaTypes,
  cosignSignatureManifest,
  pushCosignTag,
  pushReferrers,
  referrerArtifact,
  SIGNED_SAMPLE,
  spdxDocument,
} from "@/scripts/seed/attachments";
import { pushImage } from "../support/images";
import { expect, test } from "./fixtures";

const SAMPLE_TAG_PAGE = `/${SIGNED_SAMPLE.path}/tags/${SIGNED_SAMPLE.tag}`;
const CHART = "acme/charts/webapp";

/** The OpenAPI document's TagDetails schema, to check real answers against (formats are not checked). */
function tagDetailsValidator() {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(structuredClone(openApiDocument) as object, "openapi");
  return ajv.compile({ $ref: "openapi#/components/schemas/TagDetails" });
}

test("the signed sample's tag page shows its verified signature, provenance and SBOM", async ({ page, request }) => {
  await page.goto(SAMPLE_TAG_PAGE);
  const attached = page.getByTestId("attached");
  await expect(attached.getByRole("heading", { name: "Attached" })).toBeVisible();
  const signature = attached.locator('[data-testid="attachment"][data-category="signature"]');
  await expect(signature.getByTestId("verification")).toHaveAttribute("data-state", "verified");
  await expect(signature).toContainText("Verified with the configured key, over this image's digest");

  const provenance = attached.locator('[data-testid="attachment"][data-category="attestation"]');
  await expect(provenance).toContainText("https://slsa.dev/provenance/v1");
  await expect(provenance).toContainText("https://github.com/actions/runner/github-hosted");
  await expect(provenance).toContainText(SIGNED_SAMPLE.source);

  const sbom = attached.locator('[data-testid="attachment"][data-category="sbom"]');
  await expect(sbom).toContainText("SPDX-2.3");
  await expect(sbom).toContainText("syft-1.18.1");
  await expect(sbom).toContainText("5 packages");
  await expect(sbom.getByRole("list", { name: "First packages" }).getByRole("listitem")).toHaveCount(5);
  const href = await sbom.getByTestId("sbom-download").getAttribute("href");
  const download = await request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="sbom-sha256-/);
  expect((await download.json()).spdxVersion).toBe("SPDX-2.3");
  // An id that is no SBOM of a public repository is the same 404 as an unknown one.
  expect((await request.get("/api/v1/attachments/999999/sbom")).status()).toBe(404);
});

test("the signed sample is marked on its repository page, on search cards, in the API and as a filter", async ({ page, request }) => {
  await page.goto(`/${SIGNED_SAMPLE.path}?tab=tags`);
  await expect(page.getByTestId("mark-signed")).toBeVisible();
  await expect(page.getByTestId("mark-sbom")).toBeVisible();
  // Its cosign and referrers tags are no image tags.
  await expect(page.locator("tr[data-tag]")).toHaveCount(3);
  await expect(page.locator('tr[data-tag^="sha256-"]')).toHaveCount(0);

  await page.goto("/search");
  await page.locator('[data-facet="signed"]').click();
  await expect(page).toHaveURL(/signed=true/);
  const cards = page.getByTestId("repository-card");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(SIGNED_SAMPLE.path.split("/").slice(1).join("/"));
  await expect(cards.first().getByTestId("mark-sbom")).toBeVisible();

  const api = await (await request.get("/api/v1/search?signed=true&sbom=true")).json();
  expect(api.hits.map((hit: { fullName: string; signed: boolean; sbom: boolean }) => [hit.fullName, hit.signed, hit.sbom])).toEqual([
    ["acme/tools/cli", true, true],
  ]);
  expect(api.facets).toMatchObject({ signed: 1, sbom: 1 });
});

test("BuildKit provenance inside an index shows per platform, never as a platform", async ({ page }) => {
  await page.goto("/library/nginx/tags/latest");
  await expect(page.getByTestId("platform-row")).toHaveCount(2);
  await expect(page.getByText("unknown", { exact: true })).toHaveCount(0);
  const attestations = page.locator('[data-testid="attachment"][data-category="attestation"]');
  await expect(attestations).toHaveCount(2);
  await expect(attestations.first()).toContainText("https://github.com/docker/buildx");
  await expect(page.locator("[data-subject] h3").first()).toContainText("Platform linux/");
});

test.describe("attached tags pushed while the gallery runs", () => {
  const repository = "e2e/attached";
  const longTag = `release-${"candidate-build-".repeat(6)}2026.12.06`;

  test.beforeAll(async () => {
    const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
    await saveRepository(db, repository, { visibility: "PUBLIC" });
    await db.$disconnect();
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    const { manifest } = await pushImage(registryUrl, repository, "1.0");
    await pushImage(registryUrl, repository, longTag);
    // Signed with a key the gallery does not trust: present, not verified.
    const key = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const digest = manifest.descriptor.digest;
    await pushCosignTag(registryUrl, repository, digest, "sig", cosignSignatureManifest(repository, digest, key));
  });

  test("are attached to their image through the registry's notifications, not listed as tags", async ({ page }) => {
    await expect(async () => {
      await page.goto(`/${repository}?tab=tags`);
      await expect(page.getByTestId("mark-signed")).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
    await expect(page.locator("tr[data-tag]")).toHaveCount(2);
    await page.goto(`/${repository}/tags/1.0`);
    const verification = page.locator('[data-category="signature"]').getByTestId("verification");
    await expect(verification).toHaveAttribute("data-state", "failed");
    await expect(verification).toContainText("does not match the configured key");
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    test(`cut a long tag name and keep every column in view at ${viewport.width} px`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await expect(async () => {
        await page.goto(`/${repository}?tab=tags`);
        await expect(page.locator(`tr[data-tag="${longTag}"]`)).toHaveCount(1, { timeout: 500 });
      }).toPass({ timeout: 20_000 });
      const link = page.locator(`tr[data-tag="${longTag}"] a[title="${longTag}"]`);
      await expect(link).toHaveAttribute("title", longTag);
      // Every cell of the row, the pull button included, is inside the window: nothing to scroll to.
      const cells = page.locator(`tr[data-tag="${longTag}"] > td`);
      await expect(cells).toHaveCount(6);
      for (const box of await cells.evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.width).toBeGreaterThan(0);
        expect(box.right).toBeLessThanOrEqual(viewport.width);
      }
      // Nor is the page wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // The whole name is on the tag's page.
      await link.click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(longTag);
    });
  }
});

test("a Helm chart shows its metadata and helm's commands, never an image's pull commands", async ({ page }) => {
  const host = process.env.GALLEON_E2E_REGISTRY_HOST!;
  await page.goto(`/${CHART}/tags/1.2.0`);
  const chart = page.getByTestId("helm-chart");
  await expect(chart.locator('[data-field="Chart"]')).toHaveText("webapp");
  await expect(chart.locator('[data-field="Version"]')).toHaveText("1.2.0");
  await expect(chart.locator('[data-field="App version"]')).toHaveText("2.3.1");
  await expect(chart.locator('[data-field="Description"]')).toHaveText("A Helm chart for the Acme web application");
  await expect(chart.getByTestId("chart-note")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Helm commands" }).getByTestId("helm-command")).toHaveText([
    `helm pull oci://${host}/${CHART} --version 1.2.0`,
    `helm install webapp oci://${host}/${CHART} --version 1.2.0`,
  ]);
  await expect(page.getByRole("region", { name: "Pull command" })).toHaveCount(0);
  await expect(page.getByText(/docker pull|kind: Deployment|services:/)).toHaveCount(0);

  // The repository page and its tags table too.
  await page.goto(`/${CHART}?tab=tags`);
  await expect(page.getByRole("region", { name: "Pull command" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Helm commands" }).getByTestId("helm-command").first()).toHaveText(
    `helm pull oci://${host}/${CHART} --version 1.2.0`,
  );
});

test.describe("the tag details API", () => {
  test("gives a Helm chart's metadata, as the OpenAPI document describes it", async ({ request }) => {
    const body = await (await request.get(`/api/v1/repositories/${CHART}/tags/1.2.0`)).json();
    expect(body.chart).toEqual({ name: "webapp", version: "1.2.0", appVersion: "2.3.1", description: "A Helm chart for the Acme web application", note: null });
    expect(body.attachments).toEqual([]);
    const valid = tagDetailsValidator();
    expect(valid(body), JSON.stringify(valid.errors)).toBe(true);
  });

  test("lists a tag's attachments with what the tag page says of them, as the OpenAPI document describes them", async ({ request }) => {
    const body = await (await request.get(`/api/v1/repositories/${SIGNED_SAMPLE.path}/tags/${SIGNED_SAMPLE.tag}`)).json();
    const valid = tagDetailsValidator();
    expect(valid(body), JSON.stringify(valid.errors)).toBe(true);
    expect(body.chart).toBeNull();
    const byKind = Object.fromEntries(body.attachments.map((a: { kind: string }) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual(["attestation", "cosign-signature", "sbom"]);
    for (const attachment of body.attachments) {
      expect(attachment.subject).toBe(body.digest);
      expect(attachment.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Date.parse(attachment.pushedAt)).not.toBeNaN();
    }
    expect(byKind["cosign-signature"].signatures).toEqual([
      { keyless: false, signer: null, issuer: null, verification: { state: "verified", reason: null } },
    ]);
    expect(byKind.sbom).toMatchObject({ category: "sbom", artifactType: "application/spdx+json", format: "SPDX-2.3", tool: "syft-1.18.1", packageCount: 5, attested: false });
    const download = await request.get(byKind.sbom.download);
    expect((await download.json()).spdxVersion).toBe("SPDX-2.3");
    expect(byKind.attestation).toMatchObject({
      predicateType: "https://slsa.dev/provenance/v1",
      builder: "https://github.com/actions/runner/github-hosted",
      source: SIGNED_SAMPLE.source,
    });
    // The raw signature and payload are the registry's to serve, not the gallery's.
    expect(JSON.stringify(body)).not.toMatch(/"payload"|"signature":/);
  });

  test("lists what is attached to images of public repositories only", async ({ request }) => {
    // A private repository's signed image with an SBOM, indexed from the registry's notifications.
    const repository = "e2e/private-signed";
    const registryUrl = process.env.GALLEON_E2E_REGISTRY_URL!;
    const { manifest } = await pushImage(registryUrl, repository, "1.0");
    await pushReferrers(registryUrl, repository, manifest.descriptor.digest, [
      referrerArtifact(manifest.descriptor, AttachmentMediaTypes.spdx, spdxDocument("private", [{ name: "secret", version: "1" }], "2026-12-01T00:00:00Z"), "2026-12-01T00:00:00Z"),
    ]);
    const db = createCatalog(process.env.GALLEON_E2E_DATABASE_URL!);
    try {
      let sbom: { id: number } | null = null;
      await expect(async () => {
        sbom = await db.attachment.findFirst({ where: { repository: { path: repository }, category: "sbom" }, select: { id: true } });
        expect(sbom).not.toBeNull();
      }).toPass({ timeout: 20_000 });
      expect((await db.repository.findUniqueOrThrow({ where: { path: repository } })).visibility).toBe("PRIVATE");
      expect((await request.get(`/api/v1/repositories/${repository}/tags/1.0`)).status()).toBe(404);
      expect((await request.get(`/api/v1/attachments/${sbom!.id}/sbom`)).status()).toBe(404);
    } finally {
      await db.$disconnect();
    }
  });
});
