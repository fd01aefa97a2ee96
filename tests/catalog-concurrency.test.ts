import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { saveRepository } from "@/lib/catalog/publishing";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

const run = promisify(execFile);
const WRITES = 500;

let catalog: TestCatalog;
beforeAll(async () => {
  catalog = createTestCatalog();
  await saveRepository(catalog.db, "shared/counter", {});
});
afterAll(() => catalog.dispose());

interface WriterReport {
  acknowledged: string[];
  failures: string[];
}

async function writer(name: string): Promise<WriterReport> {
  const { stdout } = await run("npx", ["tsx", "tests/support/catalog-writer.ts", catalog.file, name, String(WRITES)], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as WriterReport;
}

test("two processes writing the catalog at once lose no acknowledged write", async () => {
  const reports = await Promise.all([writer("web"), writer("indexer")]);
  const acknowledged = reports.flatMap((r) => r.acknowledged);
  const failures = reports.flatMap((r) => r.failures);

  // Every write either was acknowledged or failed with an error; none vanished.
  expect(acknowledged.length + failures.length).toBe(2 * WRITES);
  expect(failures).toEqual([]);

  const { db } = catalog;
  const repositories = await db.repository.findMany({ where: { path: { not: "shared/counter" } } });
  const tags = await db.tag.findMany({ select: { name: true } });
  const stored = [...repositories.map((r) => r.shortDescription), ...tags.map((t) => t.name)];
  expect(stored.sort()).toEqual([...acknowledged].sort());

  // Each read-modify-write added exactly one: no update was lost to a concurrent one.
  const counter = await db.repository.findUniqueOrThrow({ where: { path: "shared/counter" } });
  expect(counter.pulls).toBe(tags.length);
  expect(await db.repositoryCategory.count()).toBe(repositories.length);
});
