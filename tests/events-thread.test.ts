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

/**
 * The registry, in a thread of its own: posts each body it is sent, in order,
 * then raises `answered` (shared memory, readable while this thread is blocked)
 * and reports each answer's status.
 */
function registrySide(url: string, answered: Int32Array) {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     parentPort.on("message", async (bodies) => {
       const statuses = [];
       for (const body of bodies) {
         const response = await fetch(workerData.url, {
           method: "POST", body, headers: { "content-type": workerData.type, authorization: workerData.auth },
         });
         statuses.push(response.status);
       }
       Atomics.store(workerData.answered, 0, 1);
       Atomics.notify(workerData.answered, 0);
       parentPort.postMessage(statuses);
     });`,
    { eval: true, workerData: { url, type: EVENTS_MEDIA_TYPE, auth: `Bearer ${SECRET}`, answered } },
  );
  return {
    deliver(bodies: string[]) {
      const statuses = new Promise<number[]>((resolve) => worker.once("message", resolve));
      worker.postMessage(bodies);
      return statuses;
    },
    stop: () => worker.terminate(),
  };
}

const delivery = (id: string) =>
  JSON.stringify({
    events: [{ id, timestamp: new Date().toISOString(), action: "delete", target: { repository: "nowhere/threaded", tag: id } }],
  });

describe("the receiver's thread", () => {
  it("answers deliveries while the main thread is busy; the journal brings each into the catalog once", async () => {
    const answered = new Int32Array(new SharedArrayBuffer(4));
    const registry = registrySide(thread.url, answered);
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `threaded-${i}`);
      const statuses = registry.deliver(ids.map(delivery));
      // This thread blocked, as by a long catalog statement or search write, until all twenty
      // (sent one after another, as the registry does) are answered: a receiver on this
      // thread could answer none of them, and the wait would time out.
      expect(Atomics.wait(answered, 0, 0, 30_000)).not.toBe("timed-out");
      expect(await statuses).toEqual(ids.map(() => 200));
      await journal!.flush();
      expect(moved).toEqual(ids);
      expect(await catalog.db.registryEvent.count({ where: { id: { in: ids } } })).toBe(ids.length);
      expect(existsSync(file) || existsSync(`${file}.moving`)).toBe(false);
    } finally {
      await registry.stop();
    }
  });
});
