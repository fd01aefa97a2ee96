/** forEachLimit: bounded concurrency, and no work left running after it fails. */
import { describe, expect, it } from "vitest";
import { forEachLimit } from "@/indexer/concurrency";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("forEachLimit", () => {
  it("runs every item with at most `limit` at once", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      done.push(item);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("on a failure starts nothing more, and throws only once the running work has settled", async () => {
    const started: number[] = [];
    let running = 0;
    const failing = forEachLimit([0, 1, 2, 3, 4, 5], 3, async (item) => {
      started.push(item);
      running++;
      // The failing item ends first; its siblings still run after it.
      await (item === 0 ? tick() : tick().then(tick).then(tick));
      running--;
      if (item === 0) throw new Error("registry stopped answering");
    });
    await expect(failing).rejects.toThrow("registry stopped answering");
    expect(running).toBe(0);
    expect(started).toEqual([0, 1, 2]);
  });
});
