/**
 * Fencing of search writes (decision 0029): a writer that holds the indexer
 * lease writes under the lease's fencing token; the index keeps the highest
 * token it was written under and refuses writes under a lower one, so an
 * indexer that was paused across a takeover cannot overwrite its successor.
 */

/** A write refused: a writer with a newer token has written the index since. */
export class FencedOutError extends Error {
  constructor(
    readonly token: number,
    readonly newer: number,
  ) {
    super(`search write refused: written under fence ${token}, but the index has been written under fence ${newer} since`);
    this.name = "FencedOutError";
  }
}

/** One writer's token, and what to do when a write under it is refused. */
export class WriteFence {
  constructor(
    readonly token: number,
    private readonly onFencedOut: (error: FencedOutError) => void,
  ) {}

  /**
   * Throws FencedOutError when `highest`, the highest token the index holds,
   * is above this writer's. onFencedOut is told first: a caller up the stack
   * may catch and log the error and go on writing.
   */
  check(highest: number): void {
    if (highest <= this.token) return;
    const error = new FencedOutError(this.token, highest);
    this.onFencedOut(error);
    throw error;
  }
}
