/**
 * The whole stack for the browser tests, on real components: the registry
 * with the sample images, a migrated catalog, one reconcile by the indexer
 * into the embedded search index, and the built web app (`next start`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assembleIndexer } from "@/indexer/config";
import { createLogger } from "@/indexer/log";
import { reconcile } from "@/indexer/reconcile";
import { saveRepository } from "@/lib/catalog/publishing";
import { RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { freePort, startRegistry } from "@/scripts/registry/harness";
import { seedCatalog } from "@/scripts/seed/catalog";
import { seedRegistry } from "@/scripts/seed/registry";
import { createTestCatalog } from "../support/catalog";
import { pushImage } from "../support/images";
import { HOSTILE_ABOUT, HOSTILE_REPOSITORY } from "./fixtures";

async function waitUntilServing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the web app did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function globalSetup() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("the web app is not built: run `npx next build` first");

  const registry = await startRegistry();
  await seedRegistry(registry.url);
  await pushImage(registry.url, HOSTILE_REPOSITORY, "latest");
  const catalog = createTestCatalog();
  await seedCatalog(catalog.db);
  await saveRepository(catalog.db, HOSTILE_REPOSITORY, {
    visibility: "PUBLIC",
    shortDescription: "Markdown that tries everything",
    about: HOSTILE_ABOUT,
    usage: HOSTILE_ABOUT,
  });

  const searchDir = mkdtempSync(path.join(tmpdir(), "galleon-e2e-search-"));
  const searchFile = path.join(searchDir, "search.db");
  const search = new EmbeddedSearchEngine(searchFile);
  await search.setup();
  const indexer = assembleIndexer({
    db: catalog.db,
    registry: new RegistryClient({ url: registry.url }),
    search,
    log: createLogger("e2e", "warn"),
  });
  const report = await reconcile(indexer);
  if (report.failed > 0) throw new Error(`${report.failed} repositories failed to index`);
  await search.close();

  const port = await freePort();
  const web = spawn("npx", ["next", "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: catalog.url,
      GALLEON_SEARCH_DB: searchFile,
      GALLEON_REGISTRY_URL: registry.url,
      GALLEON_PUBLIC_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilServing(baseUrl, 30_000);

  // Workers read these: the tests compare what pages show with what was pushed.
  process.env.GALLEON_E2E_URL = baseUrl;
  process.env.GALLEON_E2E_REGISTRY_HOST = registry.host;
  process.env.GALLEON_E2E_DATABASE_URL = catalog.url;

  return async () => {
    // npx starts next as a child: end the whole process group.
    if (web.pid) process.kill(-web.pid, "SIGTERM");
    await registry.stop();
    await catalog.dispose();
    rmSync(searchDir, { recursive: true, force: true });
  };
}
