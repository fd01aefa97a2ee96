import type { RegistryEventInput } from "@/lib/catalog/events";
import type { LogLevel } from "../log";
import { typeScriptWorker } from "../worker";
import { rotateJournal } from "./journal";

/** What the receiver's thread is started with. */
export interface ReceiverThreadData {
  host: string;
  port: number;
  secret: string;
  /** The journal file the thread appends deliveries to (indexer/events/journal.ts). */
  journal: string;
  logLevel?: LogLevel;
}

export type ToReceiverThread = { type: "rotate"; id: number } | { type: "close" };
type FromReceiverThread =
  | { type: "listening"; url: string }
  | { type: "appended"; events: RegistryEventInput[]; receivedAt: number }
  | { type: "rotated"; id: number }
  | { type: "closed" };

export interface ReceiverThreadOptions extends ReceiverThreadData {
  /** A delivery is in the journal (it was answered); `receivedAt` is the thread's clock when it was. */
  onAppended(events: RegistryEventInput[], receivedAt: number): void;
  /** The thread died after it started: deliveries go unanswered until the process restarts. */
  onError(error: Error): void;
}

export interface ReceiverThread {
  url: string;
  /** Rotates the journal in the thread that appends to it (EventJournal's rotate). */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The events receiver in a worker thread of its own (docs/decisions/0011).
 * The registry sends one endpoint's next notification only after the answer
 * to the one before, so every repository's notifications wait for each
 * answer; on the indexer's main thread an answer waited for whatever
 * synchronous catalog or search work was running (0.4–0.7 s at a time during
 * a large burst). The thread only authenticates, validates, appends to the
 * journal and answers; the main thread moves the journal into the catalog.
 */
export function startReceiverThread(options: ReceiverThreadOptions): Promise<ReceiverThread> {
  const { onAppended, onError, ...data } = options;
  const worker = typeScriptWorker(new URL("./receiver-worker.ts", import.meta.url), data);
  const rotations = new Map<number, () => void>();
  let nextId = 0;
  let closed: Promise<void> | null = null;
  // Once the thread is gone nothing else appends: rotations are this thread's.
  let gone = false;
  return new Promise((resolve, reject) => {
    let started = false;
    worker.on("error", (error) => (started ? onError(error) : reject(error)));
    worker.on("exit", (code) => {
      gone = true;
      if (!started) reject(new Error(`the events receiver thread exited (${code})`));
      for (const done of rotations.values()) {
        rotateJournal(data.journal);
        done();
      }
      rotations.clear();
    });
    worker.on("message", (message: FromReceiverThread) => {
      if (message.type === "appended") onAppended(message.events, message.receivedAt);
      else if (message.type === "rotated") {
        rotations.get(message.id)?.();
        rotations.delete(message.id);
      } else if (message.type === "listening") {
        started = true;
        resolve({
          url: message.url,
          rotate: () => {
            if (gone) return Promise.resolve(rotateJournal(data.journal));
            const id = nextId++;
            return new Promise<void>((done) => {
              rotations.set(id, done);
              worker.postMessage({ type: "rotate", id } satisfies ToReceiverThread);
            });
          },
          close: () =>
            (closed ??= new Promise<void>((done) => {
              worker.on("message", (reply: FromReceiverThread) => {
                if (reply.type === "closed") void worker.terminate().then(() => done());
              });
              worker.postMessage({ type: "close" } satisfies ToReceiverThread);
            })),
        });
      }
    });
  });
}
