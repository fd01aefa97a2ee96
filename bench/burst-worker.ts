/** bench/freshness.ts's burst, in a thread of its own: pushes every tag, 8 at a time, then says so. */
import { parentPort, workerData } from "node:worker_threads";
import { forEachLimit } from "@/indexer/concurrency";
import { pushImage } from "@/tests/support/images";

const { registry, repository, tags } = workerData as { registry: string; repository: string; tags: string[] };
await forEachLimit(tags, 8, async (tag) => {
  await pushImage(registry, repository, tag);
});
parentPort!.postMessage("done");
