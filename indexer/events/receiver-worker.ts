/**
 * The events receiver's own thread (see receiver-thread.ts): answers the
 * registry's deliveries after appending them to the journal, whatever the
 * indexer's main thread is doing.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createLogger } from "../log";
import { appendToJournal, rotateJournal } from "./journal";
import { startEventsReceiver } from "./receiver";
import type { ReceiverThreadData, ToReceiverThread } from "./receiver-thread";

const port = parentPort!;
const { journal, logLevel, ...server } = workerData as ReceiverThreadData;
const receiver = await startEventsReceiver({
  ...server,
  log: createLogger("indexer", logLevel),
  store: async (events) => {
    appendToJournal(journal, events);
    port.postMessage({ type: "appended", events, receivedAt: Date.now() });
  },
});
port.on("message", (message: ToReceiverThread) => {
  if (message.type === "rotate") {
    // Between two appends of this thread: no delivery can land in a file the mover has read.
    rotateJournal(journal);
    port.postMessage({ type: "rotated", id: message.id });
  } else {
    void receiver.close().then(() => port.postMessage({ type: "closed" }));
  }
});
port.postMessage({ type: "listening", url: receiver.url });
