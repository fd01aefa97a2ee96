import { availableParallelism } from "node:os";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { validateSearchQuery, validateSuggestion } from "../query";
import type { SearchQuery, SearchResult, Suggestion } from "../types";
import { type EmbeddedOptions, EmbeddedSearchEngine } from "./engine";

export type SearchThreadCall = { operation: "search"; query: SearchQuery } | { operation: "suggest"; q: string; limit: number };
export type SearchThreadRequest = { id: number; call: SearchThreadCall };
export type SearchThreadReply = { id: number; result: SearchResult | Suggestion[] } | { id: number; error: string };

const MAX_THREADS = 16;

/** GALLEON_SEARCH_THREADS: threads a web process searches in, 1 to 16, default one per core up to 2. */
export function searchThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GALLEON_SEARCH_THREADS;
  if (raw === undefined || raw === "") return Math.min(2, availableParallelism());
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new Error(`GALLEON_SEARCH_THREADS must be an integer from 1 to ${MAX_THREADS}, got "${raw}"`);
  }
  return threads;
}

/** A thread running search-worker.ts, from its bundle (scripts/search-worker.mjs). */
function startWorker(options: WorkerOptions): Worker {
  return new Worker(new URL("./generated/search-worker.mjs", import.meta.url), options);
}

/** One worker thread and the calls it has not answered yet. */
class SearchThread {
  readonly worker: Worker;
  readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  constructor(path: string, options: EmbeddedOptions, onGone: (thread: SearchThread) => void) {
    this.worker = startWorker({ workerData: { path, options } });
    this.worker.on("message", ({ id, ...reply }: SearchThreadReply) => {
      const call = this.pending.get(id);
      this.pending.delete(id);
      if ("error" in reply) call?.reject(new Error(reply.error));
      else call?.resolve(reply.result);
    });
    // A thread that failed (an uncaught error, out of memory) fails its calls, and the next call starts
    // another at once: Node reports the error before the exit, and a call sent between them would be lost.
    const gone = (error: Error) => {
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      onGone(this);
    };
    this.worker.on("error", gone);
    this.worker.on("exit", (code) => gone(new Error(`search thread exited with code ${code}`)));
  }
}

/**
 * The embedded engine for a process that serves requests. A query is
 * milliseconds of synchronous SQLite work (tens at p95 on 100,000
 * repositories); on the event loop it would hold up every other request that
 * long. So searches and suggestions run in worker threads, each with its own
 * read connection (WAL readers never wait for the writer), on the least busy
 * thread; and one process searches on more than one core. Writes (the web
 * app's are few: a repository made private) and generation, a cheap pragma
 * read asked for by every cached page, stay on this engine's own connection.
 */
export class SearchThreads extends EmbeddedSearchEngine {
  private readonly threads: (SearchThread | undefined)[];
  private nextId = 0;

  constructor(
    private readonly path: string,
    private readonly options: EmbeddedOptions,
    threads: number,
  ) {
    super(path, options);
    this.threads = Array.from({ length: threads }, () => undefined);
  }

  /** Sets the index up before any thread opens it (a thread only reads). */
  override async setup(): Promise<void> {
    await super.setup();
    this.threads.forEach((_, index) => this.thread(index));
  }

  override async search(query: SearchQuery): Promise<SearchResult> {
    // Here, so that an invalid query throws its SearchQueryError on the caller's thread.
    validateSearchQuery(query);
    return (await this.call({ operation: "search", query })) as SearchResult;
  }

  override async suggest(q: string, limit: number): Promise<Suggestion[]> {
    if (!validateSuggestion(q, limit)) return [];
    return (await this.call({ operation: "suggest", q, limit })) as Suggestion[];
  }

  override async close(): Promise<void> {
    const running = this.threads.filter((thread) => thread !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map((thread) => thread.worker.terminate()));
    await super.close();
  }

  private call(call: SearchThreadCall): Promise<unknown> {
    let least = 0;
    for (let index = 1; index < this.threads.length; index++) {
      if ((this.threads[index]?.pending.size ?? 0) < (this.threads[least]?.pending.size ?? 0)) least = index;
    }
    const thread = this.thread(least);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, call } satisfies SearchThreadRequest);
    });
  }

  /** The thread at `index`, started when there is none (at setup, or after one failed). */
  private thread(index: number): SearchThread {
    return (this.threads[index] ??= new SearchThread(this.path, this.options, (gone) => {
      if (this.threads[index] === gone) this.threads[index] = undefined;
    }));
  }
}
