import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assembleIndexer } from "@/indexer/config";
import { createLogger } from "@/indexer/log";
import type { Indexer } from "@/indexer/reconcile";
import type { Catalog } from "@/lib/catalog/database.server";
import { CatalogDiscovery, RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";

/** An indexer over a test catalog and a real registry, with an embedded search index of its own. */
export async function startTestIndexer(db: Catalog, registryUrl: string): Promise<{ indexer: Indexer; searchFile: string; dispose(): Promise<void> }> {
  const searchDir = mkdtempSync(path.join(tmpdir(), "galleon-search-"));
  const searchFile = path.join(searchDir, "search.db");
  const search = new EmbeddedSearchEngine(searchFile);
  await search.setup();
  const client = new RegistryClient({ url: registryUrl, timeoutMs: 2000, retries: 1 });
  const indexer = assembleIndexer({
    db,
    registry: client,
    discovery: new CatalogDiscovery(client, 5),
    search,
    log: createLogger("test", "error"),
  });
  return {
    indexer,
    searchFile,
    async dispose() {
      await search.close();
      rmSync(searchDir, { recursive: true, force: true });
    },
  };
}
