import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Catalog, createCatalog } from "@/lib/catalog/client";

export interface TestCatalog {
  file: string;
  url: string;
  db: Catalog;
  dispose(): Promise<void>;
}

let template: string | undefined;

/** Applies the real migrations once per test process, into a template file. */
function migratedTemplate(): string {
  if (!template) {
    const dir = mkdtempSync(path.join(tmpdir(), "galleon-catalog-template-"));
    template = path.join(dir, "catalog.db");
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${template}` },
      stdio: "pipe",
    });
  }
  return template;
}

/** A fresh, migrated catalog file of its own. */
export function createTestCatalog(): TestCatalog {
  const dir = mkdtempSync(path.join(tmpdir(), "galleon-catalog-"));
  const file = path.join(dir, "catalog.db");
  copyFileSync(migratedTemplate(), file);
  const db = createCatalog(file);
  return {
    file,
    url: `file:${file}`,
    db,
    async dispose() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
