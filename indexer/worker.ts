import { Worker } from "node:worker_threads";

/**
 * A worker thread running the TypeScript module at `entry`. Workers do not
 * inherit tsx's loader (the indexer runs through tsx), so the thread
 * registers it before loading the module.
 */
export function typeScriptWorker(entry: URL, workerData: unknown): Worker {
  return new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`,
    { eval: true, workerData },
  );
}
