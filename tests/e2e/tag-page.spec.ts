import { formatBytes } from "@/lib/presentation/format";
import { attachScreenshots, expect, test } from "./fixtures";

const registryHost = () => process.env.GALLEON_E2E_REGISTRY_HOST!;

interface ApiPlatform {
  os: string;
  architecture: string;
  variant: string | null;
  compressedSize: number | null;
  details: { envNames: string[]; layers: unknown[]; history: unknown[] } | null;
}

test.describe("tag page", () => {
  test("a visitor opens a multi-arch tag from the tags tab and reads each platform", async ({ page, request }) => {
    await page.goto("/library/nginx?tab=tags");
    await page.locator('tr[data-tag="1.27.3"]').getByRole("link", { name: "1.27.3" }).click();
    await expect(page).toHaveURL(/\/library\/nginx\/tags\/1\.27\.3$/);
    await expect(page).toHaveTitle("library/nginx:1.27.3 · Galleon");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tag 1.27.3");
    await expect(page.getByTestId("repository-link")).toHaveAttribute("href", "/library/nginx");
    await expect(page.getByTestId("tag-kind")).toHaveText("OCI index");
    const api = await (await request.get("/api/v1/repositories/library/nginx/tags/1.27.3")).json();
    await expect(page.getByTestId("tag-digest")).toHaveText(api.digest);

    // The matrix: the two runnable platforms, no attestation rows.
    const rows = page.getByTestId("platform-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText("linux");
    await expect(rows.nth(0)).toContainText("amd64");
    await expect(rows.nth(1)).toContainText("arm64");
    await expect(rows.nth(1)).toContainText("v8");
    await expect(page.getByTestId("platform-matrix")).not.toContainText("unknown");

    // One bar per platform, its size written out as text.
    const bars = page.getByTestId("size-bar");
    await expect(bars).toHaveCount(2);
    const sizes = (api.platforms as ApiPlatform[]).map((p) => formatBytes(p.compressedSize));
    await expect(bars.getByTestId("size-bar-value")).toHaveText(sizes);

    // The first platform is open: layers, config and history.
    const amd64 = page.locator('[data-testid="platform-section"][data-platform="linux/amd64"]');
    await expect(amd64.getByTestId("layer")).toHaveCount(2);
    await expect(amd64.getByTestId("config-entrypoint")).toContainText('["/docker-entrypoint.sh"]');
    await expect(amd64.getByTestId("config-cmd")).toContainText('["nginx","-g","daemon off;"]');
    await expect(amd64.getByTestId("config-environment-variables")).toHaveText(/Environment variables\s*NGINX_VERSION$/);
    await expect(amd64.getByTestId("config-exposed-ports")).toContainText("80/tcp");
    await expect(amd64.getByTestId("history-entry")).toHaveCount(2);
    await expect(amd64.getByTestId("history-entry").nth(1)).toContainText("apk add --no-cache nginx");

    // The matrix links to the second platform's section, folded until its summary is clicked.
    const arm64 = page.locator('[data-testid="platform-section"][data-platform="linux/arm64/v8"]');
    await expect(rows.nth(1).getByRole("link")).toHaveAttribute("href", "#platform-linux-arm64-v8");
    await expect(arm64).toHaveAttribute("id", "platform-linux-arm64-v8");
    await expect(arm64.getByTestId("layers")).toBeHidden();
    await arm64.locator("summary").click();
    await expect(arm64.getByTestId("layer")).toHaveCount(2);
    await expect(arm64.getByTestId("history-entry")).toHaveCount(2);

    await expect(page.getByTestId("pull-command").first()).toHaveText(`docker pull ${registryHost()}/nginx:1.27.3`);
  });

  test("a schema1 tag shows its layers without sizes", async ({ page }) => {
    await page.goto("/acme/legacy-app/tags/0.9");
    await expect(page.getByTestId("tag-kind")).toHaveText("Docker schema 1 (legacy)");
    await expect(page.getByTestId("size-bar-value")).toHaveText(["unknown"]);
    const section = page.getByTestId("platform-section");
    await expect(section.getByTestId("layer")).toHaveCount(2);
    await expect(section.getByTestId("config-environment-variables")).toHaveText(/LEGACY_MODE$/);
  });

  test("an artifact shows its type and files instead of platforms", async ({ page }) => {
    await page.goto("/acme/charts/webapp?tab=tags");
    await page.getByRole("link", { name: "1.2.0", exact: true }).click();
    await expect(page).toHaveURL(/\/acme\/charts\/webapp\/tags\/1\.2\.0$/);
    await expect(page.getByTestId("tag-kind")).toHaveText(/Artifact\s*application\/vnd\.cncf\.helm\.config\.v1\+json/);
    const files = page.getByTestId("artifact-file");
    await expect(files).toHaveCount(1);
    await expect(files.first()).toContainText("application/vnd.cncf.helm.chart.content.v1.tar+gzip");
    await expect(page.getByTestId("platform-matrix")).toHaveCount(0);
    await expect(page.getByTestId("size-bars")).toHaveCount(0);
  });

  test("a private repository's tag and an unknown tag answer like a name that never existed", async ({ page }) => {
    const mainOf = async (path: string) => {
      const response = await page.goto(path);
      return { status: response?.status(), main: await page.locator("main").innerHTML(), title: await page.title() };
    };
    const never = await mainOf("/acme/never-existed/tags/latest");
    expect(never.status).toBe(404);
    for (const path of ["/acme/secret-billing/tags/1.0.0", "/library/nginx/tags/no-such-tag", "/nimbus/internal-tools/tags/latest"]) {
      expect(await mainOf(path), path).toEqual(never);
    }
  });
});

test.describe("tag API", () => {
  test("a tag with every platform's details, environment values left out", async ({ request }) => {
    const response = await request.get("/api/v1/repositories/library/postgres/tags/16.4");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ repository: "library/postgres", name: "16.4", kind: "docker-schema2", files: [] });
    const [platform] = body.platforms as ApiPlatform[];
    expect(platform!.details!.envNames).toEqual(["PG_VERSION", "PGDATA"]);
    expect(platform!.details!.layers).toHaveLength(3);
    expect(JSON.stringify(body)).not.toContain("/var/lib/postgresql/data");

    const nginx = await (await request.get("/api/v1/repositories/library/nginx/tags/1.27.3")).json();
    expect((nginx.platforms as ApiPlatform[]).map((p) => [p.architecture, p.details!.history.length])).toEqual([
      ["amd64", 2],
      ["arm64", 2],
    ]);

    const chart = await (await request.get("/api/v1/repositories/acme/charts/webapp/tags/1.2.0")).json();
    expect(chart).toMatchObject({ kind: "artifact", artifactType: "application/vnd.cncf.helm.config.v1+json", platforms: [] });
    expect(chart.files).toEqual([
      expect.objectContaining({ mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", title: null }),
    ]);
  });

  test("private repositories and unknown tags get the same 404", async ({ request }) => {
    const never = await request.get("/api/v1/repositories/acme/never-existed/tags/latest");
    expect(never.status()).toBe(404);
    const body = await never.text();
    for (const path of ["acme/secret-billing/tags/1.0.0", "library/nginx/tags/no-such-tag"]) {
      const response = await request.get(`/api/v1/repositories/${path}`);
      expect(response.status(), path).toBe(404);
      expect(await response.text()).toBe(body);
    }
  });
});

test.describe("tag page without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("platform sections open and close with plain <details>", async ({ page }) => {
    await page.goto("/library/redis/tags/7.4.1");
    await expect(page.getByTestId("platform-row")).toHaveCount(3);
    const arm = page.locator('[data-testid="platform-section"][data-platform="linux/arm/v7"]');
    await expect(arm.getByTestId("config-working-directory")).toBeHidden();
    await arm.locator("summary").click();
    await expect(arm.getByTestId("config-working-directory")).toContainText("/data");
  });
});

test("screenshots of the tag pages", async ({ page }, testInfo) => {
  await attachScreenshots(page, testInfo, [
    ["tag", "/library/nginx/tags/1.27.3", "1.27.3"],
    ["artifact-tag", "/acme/charts/webapp/tags/1.2.0", "1.2.0"],
  ]);
});
