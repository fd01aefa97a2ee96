/**
 * Two processes writing one embedded search index at once (`npm run reindex`
 * beside the indexer): each write waits its turn instead of failing with
 * SQLITE_BUSY_SNAPSHOT, and no write is lost.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "galleon-writers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("lets two processes write the same index, one write at a time", async () => {
  const file = path.join(dir, "search.db");
  const writer = (prefix: string) =>
    run(process.execPath, ["--import", "tsx", "tests/support/search-writer.ts", file, prefix, "400"], { timeout: 120_000 });
  await Promise.all([writer("a"), writer("b")]);

  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare("SELECT full_name FROM docs").pluck().all() as string[];
    // 400 written by each, a third of those removed again (all but the -1 of the first).
    expect(names.filter((n) => n.startsWith("a-"))).toHaveLength(400 - 133);
    expect(names.filter((n) => n.startsWith("b-"))).toHaveLength(400 - 133);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  } finally {
    db.close();
  }
}, 180_000);
