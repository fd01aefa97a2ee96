/**
 * Runs work one key at a time, in the order it was asked for. Two kinds of
 * work share a key's turn:
 * - `run`: a request for a key whose coalescing work is already waiting to
 *   start joins it instead of queueing again, since the waiting run will read
 *   the registry after every request made so far (a full sync);
 * - `runInTurn`: work that is never joined, because it applies something
 *   particular (the tags named by some notifications).
 * Either way nothing of one key ever overlaps, so an earlier read can never
 * overwrite a later one's result.
 */
export class CoalescingQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting) return waiting as Promise<T>;
    const job = this.enqueue(key, work, () => this.waiting.delete(key));
    this.waiting.set(key, job);
    return job;
  }

  runInTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.enqueue(key, work);
  }

  private enqueue<T>(key: string, work: () => Promise<T>, onStart?: () => void): Promise<T> {
    const job = (this.tails.get(key) ?? Promise.resolve()).then(() => {
      onStart?.();
      return work();
    });
    const tail = job.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return job;
  }
}
