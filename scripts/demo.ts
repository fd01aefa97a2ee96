/**
 * `npm run demo`: Galleon on embedded defaults with the sample content.
 * Starts the real registry, migrates the catalog, seeds, then runs the
 * indexer (which reconciles at once) until Ctrl-C stops everything.
 */
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { closeCatalog, getCatalog } from "@/lib/catalog/client";
import { startRegistry } from "./registry/harness";
import { seedCatalog } from "./seed/catalog";
import { seedRegistry } from "./seed/registry";

const dataDir = path.resolve("data");
process.env.DATABASE_URL ||= `file:${path.join(dataDir, "catalog.db")}`;
process.env.GALLEON_SEARCH_DB ||= path.join(dataDir, "search.db");

const registry = await startRegistry({
  port: Number(process.env.GALLEON_REGISTRY_PORT || 5000),
  storageDir: path.join(dataDir, "registry"),
});
console.log(`registry  ${registry.url}`);

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "pipe" });
const report = await seedRegistry(registry.url);
await seedCatalog(getCatalog());
await closeCatalog();
console.log(`seeded    ${Object.keys(report).length} repositories`);

const indexer = spawn(process.execPath, ["--import", "tsx", "indexer/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, GALLEON_REGISTRY_URL: registry.url },
});
console.log("indexer   running (Ctrl-C stops the demo)");

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  indexer.kill("SIGTERM");
  await new Promise((resolve) => indexer.once("exit", resolve));
  await registry.stop();
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
indexer.once("exit", (code) => {
  if (!stopping) {
    console.error(`indexer exited (${code}); stopping`);
    process.exitCode = 1;
    void stop();
  }
});
