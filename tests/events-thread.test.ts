/**
 * The events receiver in its own thread, writing the journal that the main
 * thread moves into the catalog: the registry's deliveries are answered
 * whatever the indexer's main thread is doing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventJournal } from "@/indexer/events/journal";
import { EVENTS_MEDIA_TYPE } from "@/indexer/events/parse";
import { type ReceiverThread, startReceiverThread } from "@/indexer/events/receiver-thread";
import { createLogger } from "@/indexer/log";
import { storeEvents } from "@/lib/catalog/events";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

const SECRET = "test-secret-0123456789abcdef";
const log = createLogger("test", "error");

let catalog: TestCatalog;
let dir: string;
let file: string;
let thread: ReceiverThread;
let journal: EventJournal | null = null;
const moved: string[] = [];

beforeAll(async () => {
  catalog = createTestCatalog();
  dir = mkdtempSync(path.join(tmpdir(), "galleon-journal-"));
  file = path.join(dir, "events.journal");
  thread = await startReceiverThread({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    journal: file,
    logLevel: "error",
    onAppended: () => journal?.flushSoon(),
    onError: (error) => {
      throw error;
    },
  });
  journal = new EventJournal(
    file,
    async (events) => {
      await storeEvents(catalog.db, events);
      moved.push(...events.map((event) => event.id));
    },
    log,
    thread.rotate,
  );
});

afterAll(async () => {
  await thread?.close();
  await catalog?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The registry, in a thread of its own: posts each body it is sent, in order, and reports when each was answered. */
function registrySide(url: string) {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     parentPort.on("message", async (bodies) => {
       const answers = [];
       for (const body of bodies) {
         const response = await fetch(workerData.url, {
           method: "POST", body, headers: { "content-type": workerData.type, authorization: workerData.auth },
         });
         answers.push({ status: response.status, answeredAt: Date.now() });
       }
       parentPort.postMessage(answers);
     });`,
    { eval: true, workerData: { url, type: EVENTS_MEDIA_TYPE, auth: `Bearer ${SECRET}` } },
  );
  return {
    deliver(bodies: string[]) {
      const answers = new Promise<Array<{ status: number; answeredAt: number }>>((resolve) => worker.once("message", resolve));
      worker.postMessage(bodies);
      return answers;
    },
    stop: () => worker.terminate(),
  };
}

const delivery = (id: string) =>
  JSON.stringify({
    events: [{ id, timestamp: new Date().toISOString(), action: "delete", target: { repository: "nowhere/threaded", tag: id } }],
  });

/** Blocks this thread as a long synchronous catalog statement or search write does. */
function busy(ms: number): number {
  const until = Date.now() + ms;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return until;
}

describe("the receiver's thread", () => {
  it("answers deliveries while the main thread is busy; the journal brings each into the catalog once", async () => {
    const registry = registrySide(thread.url);
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `threaded-${i}`);
      const answers = registry.deliver(ids.map(delivery));
      const busyUntil = busy(3_000);
      // All twenty, one after another as the registry sends them, answered before this thread was free.
      for (const { status, answeredAt } of await answers) {
        expect(status).toBe(200);
        expect(answeredAt).toBeLessThan(busyUntil);
      }
      await journal!.flush();
      expect(moved).toEqual(ids);
      expect(await catalog.db.registryEvent.count({ where: { id: { in: ids } } })).toBe(ids.length);
      expect(existsSync(file) || existsSync(`${file}.moving`)).toBe(false);
    } finally {
      await registry.stop();
    }
  });
});
