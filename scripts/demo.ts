/**
 * `npm run demo`: Galleon on embedded defaults with the sample content.
 * Starts the real registry in token mode (the web app is its token server; it
 * notifies the indexer of every change), migrates the catalog, seeds (pushing
 * as the operator), builds the web app, then runs the web app and the indexer
 * (which reconciles at once, with its service credential) until Ctrl-C stops
 * everything.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { registryKeysDir } from "@/lib/auth/registry-keys.server";
import { REGISTRY_TOKEN_PATH } from "@/lib/auth/registry-token.server";
import { closeCatalog, getCatalog } from "@/lib/catalog/database.server";
import { startRegistry } from "./registry/harness";
import { demoCosignPublicKey } from "./seed/attachments";
import { seedCatalog } from "./seed/catalog";
import { seedRegistry } from "./seed/registry";
import { SAMPLE_ACCOUNTS } from "./seed/samples";
import { startWebApp } from "./web";

const dataDir = path.resolve("data");
const webPort = Number(process.env.PORT || 3000);
process.env.DATABASE_URL ||= `file:${path.join(dataDir, "catalog.db")}`;
process.env.GALLEON_SEARCH_DB ||= path.join(dataDir, "search.db");
process.env.NEXT_TELEMETRY_DISABLED = "1";

// The registry notifies the indexer of every push, pull and delete.
process.env.GALLEON_EVENTS_SECRET ||= randomBytes(24).toString("hex");
process.env.GALLEON_EVENTS_PORT ||= "5001";
// The indexer's service credential, known to the token server (the web app) and the indexer.
process.env.GALLEON_REGISTRY_USERNAME ||= "galleon-indexer";
process.env.GALLEON_REGISTRY_PASSWORD ||= randomBytes(24).toString("hex");
const registry = await startRegistry({
  port: Number(process.env.GALLEON_REGISTRY_PORT || 5000),
  storageDir: path.join(dataDir, "registry"),
  // Keys in data/registry-token, beside the catalog, made at first start.
  token: { realm: `http://127.0.0.1:${webPort}${REGISTRY_TOKEN_PATH}`, keysDir: registryKeysDir() },
  notifications: {
    url: `http://127.0.0.1:${process.env.GALLEON_EVENTS_PORT}/events`,
    secret: process.env.GALLEON_EVENTS_SECRET,
  },
});
process.env.GALLEON_REGISTRY_URL = registry.url;
console.log(`registry  ${registry.url}  (token mode: pulls of public repositories need no login)`);

execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "pipe" });
const report = await seedRegistry(registry.url);
await seedCatalog(getCatalog());
await closeCatalog();
console.log(`seeded    ${Object.keys(report).length} repositories`);

console.log("building  the web app (next build)");
execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"] });

// The demo trusts its own sample signing key, so its signed sample shows as verified (see README, "Attached artifacts").
process.env.GALLEON_COSIGN_PUBLIC_KEY ||= demoCosignPublicKey();
const web = await startWebApp(webPort, {});
const indexer = spawn(process.execPath, ["--import", "tsx", "indexer/main.ts"], { stdio: "inherit" });
console.log(`gallery   ${web.url}  (Ctrl-C stops the demo)`);
console.log(`console   ${web.url}/console, signing in as one of:`);
for (const account of SAMPLE_ACCOUNTS) console.log(`          ${account.email.padEnd(20)} ${account.password}`);
console.log(`pushing   docker login ${registry.host} with an API token from the console (or \`galleon admin token create\`)`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  web.stop();
  if (indexer.exitCode === null) {
    indexer.kill("SIGTERM");
    await new Promise((resolve) => indexer.once("exit", resolve));
  }
  await registry.stop();
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
/** A part of the demo that exits on its own stops the rest, rather than leaving a gallery half up. */
function stopAfter(part: string, how: string | number | null): void {
  if (stopping) return;
  console.error(`the ${part} exited (${how}); stopping`);
  process.exitCode = 1;
  void stop();
}
indexer.once("exit", (code) => stopAfter("indexer", code));
void web.exited.then((how) => stopAfter("web app", how));
