/**
 * Concurrent writes of different repositories (the indexer's parallel syncs,
 * publishers' saves) through the real write paths: on PostgreSQL, where they
 * run SERIALIZABLE, they must never conflict on the one 'listings' page
 * generation they all bump, and that generation must still rise with every
 * commit, readable only with the change it stands for (docs/decisions/0013).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldPageGenerations, LISTINGS_SCOPE, readPageGenerations } from "@/lib/catalog/page-generations";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { forEachLimit } from "@/indexer/concurrency";
import { createTestCatalog, onPostgres, type TestCatalog } from "./support/catalog";
import { testDigest, testPlatform, testTag } from "./support/resolved-tags";

const REPOSITORIES = Array.from({ length: 24 }, (_, i) => `busy/app-${i}`);

let catalog: TestCatalog;
beforeAll(async () => {
  catalog = createTestCatalog();
  await saveRepository(catalog.db, "busy/seed", { visibility: "PUBLIC" });
  for (const path of REPOSITORIES) await recordDiscovered(catalog.db, path);
});
afterAll(() => catalog.dispose());

const listings = async () => (await readPageGenerations(catalog.db, [LISTINGS_SCOPE]))[0]!;

/** Transactions of this test's database that rolled back (serialization failures, deadlocks): 0 on SQLite, whose writers take turns. */
async function rollbacks(): Promise<number> {
  if (!onPostgres) return 0;
  // Backends report their counts when idle, within a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await catalog.db.$executeRawUnsafe("SELECT pg_stat_clear_snapshot()");
  const [row] = await catalog.db.$queryRawUnsafe<Array<{ n: bigint }>>(
    "SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(row!.n);
}

/** Round `round` of a sync of `path` (three new tags of their own digests), as the indexer writes it. */
function sync(path: string, round: number) {
  const repository = REPOSITORIES.indexOf(path).toString(16).padStart(2, "0");
  const tags = Array.from({ length: 3 }, (_, i) =>
    testTag(`v${round}.${i}`, testDigest(`${repository}${round}${i}`), [testPlatform("amd64", testDigest(`${repository}${round}${i}a`))]),
  );
  return applyTagSync(catalog.db, path, { present: tags.map((t) => t.tag), changed: tags, errors: [] });
}

describe("the listings generation under concurrent writes", () => {
  it("concurrent syncs and saves of different repositories never conflict, and each one bumps the listings", async () => {
    const before = await listings();
    const rolledBackBefore = await rollbacks();
    for (let round = 1; round <= 3; round++) {
      // The indexer's concurrency (GALLEON_INDEXER_CONCURRENCY=4), beside a publisher's save.
      await Promise.all([
        forEachLimit(REPOSITORIES, 4, (path) => sync(path, round)),
        saveRepository(catalog.db, "busy/seed", { shortDescription: `Round ${round}` }),
      ]);
    }
    const conflicts = (await rollbacks()) - rolledBackBefore;
    console.log(`listings contention: ${conflicts} rolled-back transactions in ${3 * (REPOSITORIES.length + 1)} writes`);
    expect(conflicts).toBe(0);
    // Every sync changed its repository (updatedAt), every save its description: each bumped once at least.
    expect((await listings()) - before).toBeGreaterThanOrEqual(3 * (REPOSITORIES.length + 1));
  });

  it("a repository made private has bumped the listings by the time its save returns, while syncs run", async () => {
    const syncs = Promise.all(REPOSITORIES.map((path) => sync(path, 4)));
    const before = await listings();
    await saveRepository(catalog.db, "busy/seed", { visibility: "PRIVATE" });
    expect(await listings()).toBeGreaterThan(before);
    await syncs;
  });

  // READ COMMITTED syncs share PlatformDetails: B has written a platform of `digest` and its details but not committed when A drops them.
  it.runIf(onPostgres)("a sync dropping a digest's details while another repository's sync starts using them leaves them stored", async () => {
    const [leaving, arriving] = [REPOSITORIES[0]!, REPOSITORIES[1]!];
    const digest = testDigest("d1");
    const image = (name: string, platform: string) => testTag(name, testDigest(`e${platform.slice(7, 9)}`), [testPlatform("amd64", platform)]);
    await applyTagSync(catalog.db, leaving, { present: ["shared"], changed: [image("shared", digest)], errors: [] });
    const blocked = async () =>
      Number(
        (
          await catalog.db.$queryRawUnsafe<Array<{ n: bigint }>>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          )
        )[0]!.n,
      );
    const waitFor = async (count: number) => {
      while ((await blocked()) < count) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Holds the arriving repository's row, so its sync stops at its last statement, after writing the digest's platform and details.
    const holder = catalog.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Repository" WHERE "path" = ${arriving} FOR NO KEY UPDATE`;
      await held;
    });
    const arrival = applyTagSync(catalog.db, arriving, { present: ["uses"], changed: [image("uses", digest)], errors: [] });
    await waitFor(1);
    const departure = applyTagSync(catalog.db, leaving, { present: ["shared"], changed: [image("shared", testDigest("d2"))], errors: [] });
    await waitFor(2);
    release();
    await Promise.all([holder, arrival, departure]);
    expect(await catalog.db.platformDetails.count({ where: { digest } })).toBe(1);
  });

  it("folding the per-connection bumps keeps the generation, and a bump after it still raises it", async () => {
    const before = await listings();
    await foldPageGenerations(catalog.db);
    expect(await listings()).toBe(before);
    if (onPostgres) {
      const [row] = await catalog.db.$queryRawUnsafe<Array<{ n: bigint }>>(
        `SELECT count(*) AS n FROM "PageGeneration" WHERE "scope" LIKE 'listings@%'`,
      );
      expect(Number(row!.n)).toBe(0);
    }
    await saveRepository(catalog.db, "busy/seed", { shortDescription: "After the fold" });
    expect(await listings()).toBe(before + 1);
  });
});
