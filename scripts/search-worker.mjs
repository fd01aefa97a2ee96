/**
 * Bundles the embedded engine's search thread (lib/search/embedded/search-worker.ts)
 * into one JavaScript file beside it, in generated/. Turbopack (Next 16.4) does not
 * bundle a worker_threads entry: it copies the file as a raw asset, which neither
 * Node nor the standalone output can run as TypeScript. So next.config.mjs runs this
 * before Next compiles (which then copies the bundle as that asset), and the tests'
 * global setup before they start (docs/decisions/0030).
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../lib/search/embedded/search-worker.ts", import.meta.url));
const output = fileURLToPath(new URL("../lib/search/embedded/generated/search-worker.mjs", import.meta.url));

export async function buildSearchWorker() {
  await build({
    entryPoints: [source],
    outfile: output,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // A native module: loaded from node_modules, which Next's output tracing keeps for the app.
    external: ["better-sqlite3"],
    logLevel: "warning",
  });
}
