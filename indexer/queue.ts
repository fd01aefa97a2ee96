/**
 * Runs work one key at a time. A request for a key whose work is already
 * waiting to start joins it instead of queueing again: the waiting run will
 * read the registry after every request made so far, so it covers them all.
 */
export class CoalescingQueue {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting) return waiting as Promise<T>;
    const previous = this.running.get(key);
    if (!previous) return this.start(key, work);
    const next = previous
      .catch(() => {})
      .then(() => {
        this.waiting.delete(key);
        return this.start(key, work);
      });
    this.waiting.set(key, next);
    return next;
  }

  private start<T>(key: string, work: () => Promise<T>): Promise<T> {
    const job = work().finally(() => {
      if (this.running.get(key) === job) this.running.delete(key);
    });
    this.running.set(key, job);
    return job;
  }
}
