/**
 * The whole stack for the browser tests, on real components and as separate
 * processes: the registry with the sample images, notifying the indexer
 * process (indexer/main.ts), which fills a migrated catalog and the embedded
 * search index; an OpenID Connect provider; and the built web app (`next start`),
 * which is also the registry's token server (token mode, as in `npm run demo`).
 * With GALLEON_E2E_DATABASE=postgresql the catalog is a database on a throwaway
 * PostgreSQL cluster instead of a SQLite file (`npm run test:e2e:postgresql`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { REGISTRY_TOKEN_PATH } from "@/lib/auth/registry-token.server";
import { type Catalog, createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { freePort, startRegistry } from "@/scripts/registry/harness";
import { demoCosignPublicKey } from "@/scripts/seed/attachments";
import { seedCatalog } from "@/scripts/seed/catalog";
import { seedRegistry } from "@/scripts/seed/registry";
import { startWebApp } from "@/scripts/web";
import { createPostgresCatalog, createSqliteCatalog, type TestCatalog } from "../support/catalog";
import type { PostgresCluster } from "../support/postgres";
import { startCatalogCluster } from "../support/postgres-setup";
import { pushImage } from "../support/images";
import { OIDC_CLIENT, startOidcProvider } from "../support/oidc-provider";
import { HOSTILE_ABOUT, HOSTILE_REPOSITORY, seedManyTags } from "./fixtures";

const EVENTS_SECRET = "e2e-events-secret-0123456789";

/**
 * Resolves when the indexer logs its first finished reconcile and that its events receiver
 * listens (its thread starts beside the reconcile); rejects if it exits first, or if it goes
 * `quietMs` without either or a reconcile's progress (logged every 10 s): on a loaded
 * machine the reconcile is slow, not stuck, and only a stuck one fails the setup.
 */
function indexerReady(indexer: ChildProcess, quietMs: number): Promise<void> {
  const awaited = new Set(['"reconcile finished"', '"events receiver listening"']);
  return new Promise((resolve, reject) => {
    const stuck = () => reject(new Error(`the indexer logged no progress for ${quietMs / 1000} s, waiting for ${[...awaited].join(" and ")}`));
    let timer = setTimeout(stuck, quietMs);
    indexer.once("exit", (code) => reject(new Error(`the indexer exited (${code})`)));
    createInterface({ input: indexer.stderr! }).on("line", (line) => {
      if (line.includes('"level":"error"')) process.stderr.write(`${line}\n`);
      const progress = [...awaited, '"reconcile progress"'].filter((message) => line.includes(message));
      if (progress.length === 0) return;
      for (const message of progress) awaited.delete(message);
      clearTimeout(timer);
      if (awaited.size === 0) resolve();
      else timer = setTimeout(stuck, quietMs);
    });
  });
}

/** A migrated catalog on the database GALLEON_E2E_DATABASE names (SQLite by default), and the cluster it needed. */
async function startE2eCatalog(): Promise<{ catalog: TestCatalog; cluster?: PostgresCluster }> {
  const database = process.env.GALLEON_E2E_DATABASE ?? "sqlite";
  if (database === "sqlite") return { catalog: createSqliteCatalog() };
  if (database !== "postgresql") throw new Error(`GALLEON_E2E_DATABASE must be "sqlite" or "postgresql", got "${database}"`);
  const { cluster, server } = await startCatalogCluster();
  try {
    return { catalog: createPostgresCatalog(server), cluster };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/** Resolves once the catalog has held no unprocessed registry event for a second. */
async function noPendingEvents(db: Catalog, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let quietSince = Date.now(); Date.now() - quietSince < 1_000; ) {
    if (Date.now() > deadline) throw new Error("the indexer did not apply the registry's notifications in time");
    if ((await db.registryEvent.count({ where: { processedAt: null } })) > 0) quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export default async function globalSetup() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("the web app is not built: run `npx next build` first");

  // The registry in token mode, as in the demo: the web app is its token server,
  // the indexer reads with its service credential, tests push as the operator
  // (tokens signed with the key below; workers inherit the variable).
  const eventsPort = await freePort();
  const webPort = await freePort();
  const keysDir = mkdtempSync(path.join(tmpdir(), "galleon-e2e-keys-"));
  process.env.GALLEON_REGISTRY_TOKEN_KEYS = keysDir;
  const registry = await startRegistry({
    token: { realm: `http://127.0.0.1:${webPort}${REGISTRY_TOKEN_PATH}`, keysDir },
    notifications: { url: `http://127.0.0.1:${eventsPort}/events`, secret: EVENTS_SECRET },
  });
  await seedRegistry(registry.url);
  await pushImage(registry.url, HOSTILE_REPOSITORY, "latest");
  const { catalog, cluster } = await startE2eCatalog();
  await seedCatalog(catalog.db);
  await saveRepository(catalog.db, HOSTILE_REPOSITORY, {
    visibility: "PUBLIC",
    shortDescription: "Markdown that tries everything",
    about: HOSTILE_ABOUT,
    usage: HOSTILE_ABOUT,
  });
  await catalog.db.$disconnect();

  const searchDir = mkdtempSync(path.join(tmpdir(), "galleon-e2e-search-"));
  const env = {
    ...process.env,
    DATABASE_URL: catalog.url,
    GALLEON_SEARCH_DB: path.join(searchDir, "search.db"),
    GALLEON_REGISTRY_URL: registry.url,
    GALLEON_REGISTRY_USERNAME: "galleon-indexer",
    GALLEON_REGISTRY_PASSWORD: randomBytes(24).toString("hex"),
  };
  // The provider must know the web app's callback URL before the web app is told where the provider is.
  const oidc = await startOidcProvider(`http://127.0.0.1:${webPort}/auth/oidc/callback`);
  // Before the indexer: the web app answers the registry's token requests.
  const web = await startWebApp(webPort, {
    ...env,
    GALLEON_OIDC_ISSUER: oidc.issuer,
    GALLEON_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    GALLEON_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    GALLEON_OIDC_NAME: OIDC_CLIENT.name,
    // As in the demo: the signed sample verifies with its sample key.
    GALLEON_COSIGN_PUBLIC_KEY: demoCosignPublicKey(),
  });
  const indexer = spawn(process.execPath, ["--import", "tsx", "indexer/main.ts"], {
    env: {
      ...env,
      GALLEON_EVENTS_SECRET: EVENTS_SECRET,
      GALLEON_EVENTS_PORT: String(eventsPort),
      GALLEON_INDEXER_HEALTH_PORT: "0",
      GALLEON_RECONCILE_INTERVAL: "3600",
      // Pull counts reach pages within a second (a minute by default), as the pulls chart's test expects.
      GALLEON_PULLS_PUBLISH_SECONDS: "1",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const teardown = async () => {
    web.stop();
    await oidc.stop();
    if (indexer.exitCode === null && indexer.signalCode === null) {
      indexer.kill("SIGTERM");
      await new Promise((resolve) => indexer.once("exit", resolve));
    }
    await registry.stop();
    await catalog.dispose();
    cluster?.stop();
    rmSync(searchDir, { recursive: true, force: true });
    rmSync(keysDir, { recursive: true, force: true });
  };
  const prepare = async () => {
    await indexerReady(indexer, 60_000);
    const db = createCatalog(catalog.url);
    // The registry delivers the seed's notifications late (it retried them until the
    // indexer listened): let them be applied before writing more, and before tests push.
    await noPendingEvents(db, 60_000);
    // Read by tags.spec.ts and a11y.spec.ts only, which the PostgreSQL run (`npm run
    // test:e2e:postgresql`) leaves out: there the indexer's write path, ten tags a
    // transaction and a round trip a statement, takes minutes over 10,000 tags.
    if (!cluster) await seedManyTags(db);
    await db.$disconnect();
  };
  try {
    // The web app is also the registry's token server: without it the indexer retries and logs
    // progress for ever, so its exit fails the setup at once rather than leaving it waiting.
    const webExit = await Promise.race([prepare().then(() => null), web.exited]);
    if (webExit !== null) throw new Error(`the web app exited (${webExit}) during the setup`);
  } catch (error) {
    // Playwright runs no teardown for a setup that failed: nothing may be left running.
    await teardown();
    throw error;
  }

  // Workers read these: the tests compare what pages show with what was pushed.
  process.env.GALLEON_E2E_URL = web.url;
  process.env.GALLEON_E2E_REGISTRY_URL = registry.url;
  process.env.GALLEON_E2E_REGISTRY_HOST = registry.host;
  process.env.GALLEON_E2E_DATABASE_URL = catalog.url;

  return teardown;
}
