/**
 * Runs `work` over `items` with at most `limit` running at once. The first
 * failure starts nothing more and is thrown once the work already running has
 * settled: no work outlives the call. (Rejecting at once left the other lanes
 * reading the registry after a failed sync had returned, beside the next sync
 * of the same repository and beyond the concurrency bound: a reconcile that
 * failed because the registry stopped answering went on reading it into the
 * next one.)
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}
