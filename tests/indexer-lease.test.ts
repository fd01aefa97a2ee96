/**
 * One active indexer (decision 0017). The lease's statements against a real
 * catalog; then real indexer processes on one catalog and one registry: the
 * second waits as a standby (its /readyz says so), takes over within seconds
 * of the first being killed with SIGKILL, and goes on indexing the
 * registry's pushes from their notifications. Then the fencing of search
 * and catalog writes (decision 0029): a holder paused across a takeover, in
 * this process and as a process stopped with SIGSTOP, has its next write
 * refused and stops.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { holdIndexerLease } from "@/indexer/lease";
import { createLogger } from "@/indexer/log";
import { createCatalog } from "@/lib/catalog/database.server";
import { beatLease, LeaseLostError, readLease, releaseLease, takeLease } from "@/lib/catalog/lease";
import { recordDiscovered } from "@/lib/catalog/sync";
import { writeTransaction } from "@/lib/catalog/transaction";
import { EmbeddedSearchEngine } from "@/lib/search/embedded/engine";
import { FencedOutError } from "@/lib/search/fence";
import { freePort, type RegistryHandle, startRegistry } from "@/scripts/registry/harness";
import { createTestCatalog, onPostgres, type TestCatalog } from "./support/catalog";
import { eventually } from "./support/eventually";
import { pushImage } from "./support/images";
import { spawnIndexer } from "./support/indexer-process";
import { testDocument } from "./support/search-documents";

const log = createLogger("lease-test", "error");

describe("the lease in the catalog", () => {
  let catalog: TestCatalog;
  beforeAll(() => {
    catalog = createTestCatalog();
  });
  afterAll(() => catalog.dispose());

  it("has one holder; a takeover raises the fence and fences the old holder out", async () => {
    const { db } = catalog;
    expect(await takeLease(db, "x", "a", null)).toBe(1);
    expect(await takeLease(db, "x", "b", null)).toBeNull();
    expect(await beatLease(db, "x", 1)).toBe(true);
    const seen = (await readLease(db, "x"))!;
    expect(seen).toEqual({ holder: "a", fence: 1, beat: 1 });
    // Taking it over only works on the state seen: a beat in between wins.
    await beatLease(db, "x", 1);
    expect(await takeLease(db, "x", "b", seen)).toBeNull();
    expect(await takeLease(db, "x", "b", (await readLease(db, "x"))!)).toBe(2);
    expect(await beatLease(db, "x", 1)).toBe(false);
    await releaseLease(db, "x", 1);
    expect(await readLease(db, "x")).toMatchObject({ holder: "b", fence: 2 });
    await releaseLease(db, "x", 2);
    expect(await readLease(db, "x")).toMatchObject({ holder: "", fence: 2 });
    expect(await takeLease(db, "x", "c", (await readLease(db, "x"))!)).toBe(3);
  });

  it("a standby waits while the holder on another machine beats, and takes over a period after it stops", async () => {
    const { db } = catalog;
    // A holder on another host: only the silence of its beats frees the lease.
    expect(await takeLease(db, "indexer", "elsewhere/1/remote", null)).toBe(1);
    // The standby counts a period from when it saw the last beat, which a beat may start up to one interval before it stops.
    let lastBeatStarted = 0;
    let lastBeat: Promise<unknown> = Promise.resolve();
    const beating = setInterval(() => {
      lastBeatStarted = performance.now();
      lastBeat = beatLease(db, "indexer", 1);
    }, 200);
    const stop = new AbortController();
    let lostReason: string | null = null;
    const standby = holdIndexerLease({ db, periodMs: 1000, log, signal: stop.signal, onLost: (reason) => (lostReason = reason) });
    let held = false;
    void standby.then(() => (held = true));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(held).toBe(false);
    clearInterval(beating);
    await lastBeat;
    const lease = (await standby)!;
    const silence = performance.now() - lastBeatStarted;
    expect(lease.fence).toBe(2);
    expect(silence).toBeGreaterThanOrEqual(1000);
    expect(silence).toBeLessThan(5000);
    // The old holder is fenced out; the new one keeps beating.
    expect(await beatLease(db, "indexer", 1)).toBe(false);
    const before = (await readLease(db, "indexer"))!.beat;
    await eventually(async () => expect((await readLease(db, "indexer"))!.beat).toBeGreaterThan(before), 3000);
    // Someone else taking it over is noticed at the next beat.
    expect(await takeLease(db, "indexer", "elsewhere/2/remote", (await readLease(db, "indexer"))!)).toBe(3);
    await eventually(async () => expect(lostReason).toMatch(/took the lease over/), 3000);
    await lease.release();
    expect((await readLease(db, "indexer"))!.holder).toBe("elsewhere/2/remote");
    stop.abort();
  });
});

describe("two indexer processes", () => {
  const SECRET = "lease-test-secret-0123456789";
  let dir: string;
  let catalog: TestCatalog;
  let registry: RegistryHandle;
  let eventsPort: number;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "galleon-lease-"));
    catalog = createTestCatalog();
    eventsPort = await freePort();
    registry = await startRegistry({
      storageDir: path.join(dir, "registry"),
      notifications: { url: `http://127.0.0.1:${eventsPort}/events`, secret: SECRET },
    });
    await catalog.db.namespace.create({ data: { name: "lease", newRepositoriesPublic: true } });
    await pushImage(registry.url, "lease/first", "v1");
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await registry?.stop();
    await catalog?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An indexer process; both use the same events port, which only the active one binds. */
  function startIndexer() {
    const child = spawnIndexer(
      { catalogUrl: catalog.url, searchFile: path.join(dir, "search.db"), registryUrl: registry.url },
      {
        GALLEON_EVENTS_SECRET: SECRET,
        GALLEON_EVENTS_PORT: String(eventsPort),
        GALLEON_EVENTS_JOURNAL: path.join(dir, `journal-${children.length}`),
        GALLEON_INDEXER_LEASE_SECONDS: "10",
      },
    );
    children.push(child);
    let log = "";
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const logged = (text: string, timeoutMs = 60_000) =>
      eventually(async () => {
        if (!log.includes(text)) throw new Error(`not logged yet: ${text}\n${log.slice(-3000)}`);
      }, timeoutMs);
    const healthUrl = async () => {
      await logged('"health"');
      return /"health":"(http:[^"]+)"/.exec(log)![1]!;
    };
    return { child, logged, log: () => log, healthUrl };
  }

  const catalogTags = async (fullName: string) => {
    const row = await catalog.db.repository.findUnique({ where: { path: fullName }, select: { tags: { select: { name: true } } } });
    return row?.tags.map((t) => t.name).sort() ?? [];
  };

  it("the standby waits, takes over within seconds of a SIGKILL, and indexes the next pushes", async () => {
    const first = startIndexer();
    await first.logged("this indexer is active");
    await first.logged('"reconcile finished"');
    expect(await catalogTags("lease/first")).toEqual(["v1"]);

    const second = startIndexer();
    await second.logged("waiting as a standby");
    const standbyHealth = await second.healthUrl();
    const readiness = await fetch(`${standbyHealth}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: "standby" });

    // The active one still indexes the registry's notifications; the standby writes nothing.
    await pushImage(registry.url, "lease/first", "v2");
    await eventually(async () => expect(await catalogTags("lease/first")).toEqual(["v1", "v2"]), 30_000);
    expect(second.log()).not.toContain("this indexer is active");

    const killedAt = Date.now();
    first.child.kill("SIGKILL");
    await second.logged("this indexer is active", 30_000);
    const tookOverMs = Date.now() - killedAt;
    console.log(`standby took over ${tookOverMs} ms after SIGKILL (lease period 10 s)`);
    expect(tookOverMs).toBeLessThan(10_000);
    await eventually(async () => expect((await fetch(`${standbyHealth}/readyz`)).status).toBe(200), 10_000);

    // The registry's next notifications reach the new active indexer on the same port.
    await pushImage(registry.url, "lease/second", "v1");
    await pushImage(registry.url, "lease/first", "v3");
    await eventually(async () => {
      expect(await catalogTags("lease/second"), second.log().slice(-4000)).toEqual(["v1"]);
      expect(await catalogTags("lease/first")).toEqual(["v1", "v2", "v3"]);
    }, 60_000);
    expect((await readLease(catalog.db, "indexer"))!.fence).toBe(2);

    // A clean stop hands the lease back at once.
    second.child.kill("SIGTERM");
    await new Promise((resolve) => second.child.once("exit", resolve));
    expect((await readLease(catalog.db, "indexer"))!.holder).toBe("");
  }, 240_000);
});

describe("fenced writes", () => {
  let dir: string;
  let catalog: TestCatalog;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "galleon-fence-"));
    file = path.join(dir, "search.db");
    catalog = createTestCatalog();
  });
  afterEach(async () => {
    await catalog.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The lease as the indexer holds it, with a period long enough that no beat runs during a test. */
  async function holdLease() {
    const lost: string[] = [];
    const lease = await holdIndexerLease({
      db: catalog.db,
      periodMs: 600_000,
      log,
      signal: new AbortController().signal,
      onLost: (reason) => lost.push(reason),
    });
    return { lease: lease!, lost };
  }

  it("refuses the old holder's write that comes after a takeover, and stops it as a lost beat does", async () => {
    const { db } = catalog;
    const { lease, lost } = await holdLease();
    const older = new EmbeddedSearchEngine(file);
    const newer = new EmbeddedSearchEngine(file);
    try {
      await lease.fenceSearch(older);
      await older.replace([testDocument("old/app-0")]);
      // A standby elsewhere takes over and opens the index under its fence before the old holder's next beat.
      expect(await takeLease(db, "indexer", "elsewhere/1/remote", (await readLease(db, "indexer"))!)).toBe(2);
      newer.fenceWrites(2, (error) => expect.fail(error.message));
      await newer.setup();
      await newer.replace([testDocument("new/app-0")]);

      await expect(older.replace([testDocument("old/app-1")])).rejects.toBeInstanceOf(FencedOutError);
      expect(lost).toEqual(["search write refused: written under fence 1, but the index has been written under fence 2 since"]);
      expect(await newer.listFullNames()).toEqual(["new/app-0", "old/app-0"]);
      // Stopped without handing back a lease it no longer holds.
      await lease.release();
      expect(await readLease(db, "indexer")).toMatchObject({ holder: "elsewhere/1/remote", fence: 2 });
    } finally {
      await older.close();
      await newer.close();
    }
  });

  it("refuses the old holder's catalog write transactions after a takeover, and stops it", async () => {
    const { db } = catalog;
    const { lease, lost } = await holdLease();
    await recordDiscovered(db, "fence/before");
    expect(await takeLease(db, "indexer", "elsewhere/1/remote", (await readLease(db, "indexer"))!)).toBe(2);

    await expect(recordDiscovered(db, "fence/after")).rejects.toBeInstanceOf(LeaseLostError);
    expect(lost).toEqual(['catalog write refused: written under the "indexer" lease\'s fence 1, which another holder has raised since']);
    expect((await db.repository.findMany({ select: { path: true } })).map((r) => r.path)).toEqual(["fence/before"]);
    await lease.release();
  });

  // SQLite's writers take turns, beats included; on PostgreSQL only a takeover may wait for the holder's writes.
  it.runIf(onPostgres)("lets the holder's beats pass its write transactions in flight, while a takeover waits for them", async () => {
    const { db } = catalog;
    const { lease, lost } = await holdLease();
    const rival = createCatalog(catalog.url);
    let finish = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let fenceChecked = () => {};
    const inFlight = new Promise<void>((resolve) => (fenceChecked = resolve));
    const writing = writeTransaction(db, async (tx) => {
      await tx.pageGeneration.create({ data: { scope: "fence/in-flight", generation: 1 } });
      fenceChecked();
      await finished;
    });
    // Either settles long before this unless it waits for the transaction, which ends only when told.
    const waitingFor = <T,>(work: Promise<T>, ms: number) => Promise.race([work, sleep(ms).then(() => "waiting" as const)]);
    try {
      await inFlight;
      expect(await waitingFor(beatLease(rival, "indexer", lease.fence), 10_000)).toBe(true);
      const takeover = takeLease(rival, "indexer", "elsewhere/1/remote", (await readLease(rival, "indexer"))!);
      expect(await waitingFor(takeover, 1_000)).toBe("waiting");
      finish();
      await writing;
      expect(await takeover).toBe(lease.fence + 1);
      expect(await db.pageGeneration.count({ where: { scope: "fence/in-flight" } })).toBe(1);
      expect(lost).toEqual([]);
    } finally {
      finish();
      await rival.$disconnect();
    }
  });

  it("raises the lease's fence past that of an index written under another catalog", async () => {
    // The index kept from a catalog replaced since, whose lease had reached fence 7.
    const previous = new EmbeddedSearchEngine(file);
    previous.fenceWrites(7, (error) => expect.fail(error.message));
    await previous.setup();
    await previous.replace([testDocument("kept/app")]);
    await previous.close();

    const { lease, lost } = await holdLease();
    expect(lease.fence).toBe(1);
    const search = new EmbeddedSearchEngine(file);
    try {
      await lease.fenceSearch(search);
      expect(lease.fence).toBe(8);
      expect((await readLease(catalog.db, "indexer"))!.fence).toBe(8);
      await search.replace([testDocument("new/app")]);
      expect(await search.listFullNames()).toEqual(["kept/app", "new/app"]);
      expect(lost).toEqual([]);
      await lease.release();
      expect(await readLease(catalog.db, "indexer")).toMatchObject({ holder: "", fence: 8 });
    } finally {
      await search.close();
    }
  });

  /** tests/support/fenced-writer.ts in a process of its own, with a lease period of 2 s. */
  function startWriter(prefix: string, count: number, pauseBefore = -1) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/support/fenced-writer.ts", file, prefix, String(count), String(pauseBefore)],
      { env: { ...process.env, DATABASE_URL: catalog.url, GALLEON_INDEXER_LEASE_SECONDS: "2" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, "exit").then(([code]) => code as number | null);
    return { child, exited, log: () => output };
  }

  /** A process's state letter in /proc: "T" once stopped. */
  const processState = (pid: number) => /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))![1];

  it("a holder stopped with SIGSTOP mid-write, continued after a takeover, has that write refused and exits", async () => {
    const older = startWriter("old", 3, 2);
    try {
      // Stopped with two documents written and the third in hand.
      await eventually(async () => expect(processState(older.child.pid!)).toBe("T"), 60_000);
      expect(older.log()).toContain("pausing before a write");

      // Takes over once the stopped holder's beats have been silent for a period, writes, hands the lease back.
      const newer = startWriter("new", 2);
      expect(await newer.exited, newer.log()).toBe(0);
      expect(newer.log()).toContain('"previous":"');
      expect(await readLease(catalog.db, "indexer")).toMatchObject({ holder: "", fence: 2 });

      older.child.kill("SIGCONT");
      expect(await older.exited, older.log()).toBe(75);
      expect(older.log()).toContain("search write refused: written under fence 1, but the index has been written under fence 2 since");
      expect(older.log()).not.toContain('"document":"old/app-2"');

      const search = new EmbeddedSearchEngine(file);
      try {
        expect(await search.listFullNames()).toEqual(["new/app-0", "new/app-1", "old/app-0", "old/app-1"]);
      } finally {
        await search.close();
      }
    } finally {
      older.child.kill("SIGKILL");
    }
  }, 120_000);
});
