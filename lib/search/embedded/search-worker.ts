/**
 * A search thread of SearchThreads: one read connection on the index,
 * answering search and suggest in the order asked.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type EmbeddedOptions, EmbeddedSearchEngine } from "./engine";
import type { SearchThreadReply, SearchThreadRequest } from "./search-threads";

const { path, options } = workerData as { path: string; options: EmbeddedOptions };
const engine = new EmbeddedSearchEngine(path, options);

parentPort!.on("message", async ({ id, call }: SearchThreadRequest) => {
  let reply: SearchThreadReply;
  try {
    const result = call.operation === "search" ? await engine.search(call.query) : await engine.suggest(call.q, call.limit);
    reply = { id, result };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
