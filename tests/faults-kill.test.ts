/**
 * The indexer process killed with SIGKILL in the middle of a reconcile, then
 * started again: it converges on the registry, and both SQLite files pass
 * PRAGMA integrity_check. Then the registry restarts, losing the
 * notifications it held: the next reconcile makes them up.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assembleIndexer } from "@/indexer/config";
import { createLogger } from "@/indexer/log";
import { reconcile } from "@/indexer/reconcile";
import { saveRepository } from "@/lib/catalog/publishing";
import { RegistryClient } from "@/lib/registry";
import { EmbeddedSearchEngine } from "@/lib/search";
import { type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { pushImage } from "./support/images";
import { spawnIndexer } from "./support/indexer-process";

const REPOSITORIES = Array.from({ length: 24 }, (_, i) => `kill/app${i}`);
let registry: RegistryHandle;
let catalog: TestCatalog;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "galleon-kill-"));
  registry = await startRegistry({ storageDir: path.join(dir, "registry") });
  for (const repository of REPOSITORIES) for (const tag of ["v1", "v2", "v3"]) await pushImage(registry.url, repository, tag);
  catalog = createTestCatalog();
  for (const repository of REPOSITORIES.slice(0, 12)) await saveRepository(catalog.db, repository, { visibility: "PUBLIC" });
}, 300_000);

afterAll(async () => {
  await catalog?.dispose();
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startIndexer(): { child: ChildProcess; finished: Promise<void> } {
  const child = spawnIndexer({ catalogUrl: catalog.url, searchFile: path.join(dir, "search.db"), registryUrl: registry.url });
  let log = "";
  const finished = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('"reconcile finished"')) resolve();
    });
    child.once("exit", (code, signal) => reject(new Error(`indexer exited (${code ?? signal}): ${log.slice(-2000)}`)));
  });
  return { child, finished };
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
}

it("converges after SIGKILL mid-reconcile, with both databases intact", async () => {
  const first = startIndexer();
  first.finished.catch(() => undefined);
  // Killed once the reconcile has written some tags, and not all of them.
  for (;;) {
    const tags = await catalog.db.tag.count();
    if (tags > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  first.child.kill("SIGKILL");
  await new Promise((resolve) => first.child.once("exit", resolve));
  expect(await catalog.db.tag.count()).toBeLessThan(REPOSITORIES.length * 3);

  const second = startIndexer();
  await second.finished;
  second.child.kill("SIGTERM");
  await new Promise((resolve) => second.child.once("exit", resolve));

  const client = new RegistryClient({ url: registry.url });
  for (const repository of REPOSITORIES) {
    const tags = await catalog.db.tag.findMany({ where: { repository: { path: repository } }, orderBy: { name: "asc" } });
    expect(tags.map((t) => t.name)).toEqual(await client.listTags(repository));
  }
  const search = new Database(path.join(dir, "search.db"), { readonly: true });
  try {
    const names = search.prepare("SELECT full_name FROM docs ORDER BY full_name").pluck().all();
    expect(names).toEqual(REPOSITORIES.slice(0, 12).sort());
  } finally {
    search.close();
  }
  expect(integrity(catalog.file)).toBe("ok");
  expect(integrity(path.join(dir, "search.db"))).toBe("ok");
}, 300_000);

it("makes up at the next reconcile what a restarted registry never notified", async () => {
  const { storageDir } = registry;
  await registry.stop();
  registry = await startRegistry({ storageDir });
  // Pushed with no notification delivered, as when the registry restarts with deliveries pending.
  const { manifest } = await pushImage(registry.url, "kill/app0", "after-restart");
  const client = new RegistryClient({ url: registry.url });
  const search = new EmbeddedSearchEngine(path.join(dir, "search.db"));
  const indexer = assembleIndexer({ db: catalog.db, registry: client, search, log: createLogger("test", "error") });
  try {
    await reconcile(indexer);
  } finally {
    await search.close();
  }
  const tag = await catalog.db.tag.findFirst({ where: { name: "after-restart", repository: { path: "kill/app0" } } });
  expect(tag?.digest).toBe(manifest.descriptor.digest);
}, 120_000);
