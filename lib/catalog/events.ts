import { type Catalog, urgently } from "./database.server";
import { writeTransaction } from "./transaction";

/** Registry notifications: stored first, processed after, so none is lost. */

export interface RegistryEventInput {
  id: string;
  occurredAt: Date;
  action: "push" | "pull" | "delete";
  repository: string;
  tag: string | null;
  digest: string | null;
  mediaType: string | null;
  method: string | null;
}

/**
 * Stores events in one transaction; an id already stored (a retried delivery)
 * is left as it is. Urgent: the registry waits for it before sending any
 * repository's next notification.
 */
export async function storeEvents(db: Catalog, events: RegistryEventInput[]): Promise<void> {
  await urgently(() =>
    writeTransaction(
      db,
      async (tx) => {
        for (const event of events) {
          await tx.registryEvent.upsert({ where: { id: event.id }, create: event, update: {} });
        }
      },
      { readCommitted: true },
    ),
  );
}

/** Where a reader of pending events left off: events received later, or at that instant and not seen yet. */
export interface EventCursor {
  receivedAt: Date;
  seen: ReadonlySet<string>;
}

/**
 * Pushes and deletes not processed yet, oldest first, after `cursor`. Pulls
 * are read apart (pendingPulls), so a flood of them never holds a push back.
 */
export async function pendingChanges(db: Catalog, limit: number, cursor: EventCursor | null = null) {
  return db.registryEvent.findMany({
    where: {
      processedAt: null,
      action: { not: "pull" },
      ...(cursor && {
        OR: [{ receivedAt: { gt: cursor.receivedAt } }, { receivedAt: cursor.receivedAt, id: { notIn: [...cursor.seen] } }],
      }),
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

/** Pulls not counted yet, oldest first. */
export async function pendingPulls(db: Catalog, limit: number) {
  return db.registryEvent.findMany({
    where: { processedAt: null, action: "pull" },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

export type StoredEvent = Awaited<ReturnType<typeof pendingChanges>>[number];

/** Keeps events pending with the reason they failed; their repository records it too, if it exists. */
export async function recordEventsFailed(db: Catalog, path: string, ids: string[], message: string, now = new Date()) {
  await writeTransaction(db, async (tx) => {
    await tx.registryEvent.updateMany({ where: { id: { in: ids } }, data: { attempts: { increment: 1 }, lastError: message } });
    await tx.repository.updateMany({ where: { path }, data: { syncError: message, syncErrorAt: now } });
  });
}

export async function markProcessed(db: Catalog, ids: string[], now = new Date()): Promise<void> {
  await writeTransaction(db, (tx) => tx.registryEvent.updateMany({ where: { id: { in: ids } }, data: { processedAt: now } }));
}

/** "2026-11-27": the key of a DailyPulls row. */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Pulls counted per transaction: the events receiver's stores wait for the one running. */
const PULLS_PER_TRANSACTION = 25;

/**
 * Counts pulls exactly once: each pull is added to its repository's total and
 * day in the same transaction that marks its event processed. A GET of a
 * manifest counts; a HEAD does not (clients HEAD to resolve, then GET), nor
 * does a GET of a platform manifest inside an index that the client reached
 * through the index (docs/decisions/0004). Returns the paths whose totals changed.
 */
export async function countPulls(db: Catalog, events: StoredEvent[], now = new Date()): Promise<string[]> {
  const changed = new Set<string>();
  for (let start = 0; start < events.length; start += PULLS_PER_TRANSACTION) {
    await countPullSlice(db, events.slice(start, start + PULLS_PER_TRANSACTION), changed, now);
  }
  return [...changed];
}

async function countPullSlice(db: Catalog, events: StoredEvent[], changed: Set<string>, now: Date): Promise<void> {
  // Added to `changed` only once committed: a retried transaction counts again from scratch.
  const counted = await writeTransaction(db, async (tx) => {
    const paths: string[] = [];
    for (const event of events) {
      const repository = await tx.repository.findUnique({ where: { path: event.repository }, select: { id: true } });
      const counts =
        repository !== null &&
        event.method === "GET" &&
        event.digest !== null &&
        (await tx.platform.count({
          where: { digest: event.digest, tag: { repositoryId: repository.id, digest: { not: event.digest } } },
        })) === 0;
      if (counts) {
        const day = utcDay(event.occurredAt);
        await tx.dailyPulls.upsert({
          where: { repositoryId_day: { repositoryId: repository.id, day } },
          create: { repositoryId: repository.id, day, count: 1 },
          update: { count: { increment: 1 } },
        });
        await tx.repository.update({ where: { id: repository.id }, data: { pulls: { increment: 1 } } });
        paths.push(event.repository);
      }
      await tx.registryEvent.update({ where: { id: event.id }, data: { processedAt: now } });
    }
    return paths;
  });
  for (const path of counted) changed.add(path);
}

/** Publisher-side changes not yet applied to the search index, oldest first. */
export async function pendingCatalogChanges(db: Catalog, limit: number) {
  return db.catalogChange.findMany({ where: { processedAt: null }, orderBy: { id: "asc" }, take: limit });
}

/** Retried while another process holds a long write (a bulk sync), rather than failing the drain. */
export async function markCatalogChangesProcessed(db: Catalog, ids: number[], now = new Date()): Promise<void> {
  await writeTransaction(db, (tx) => tx.catalogChange.updateMany({ where: { id: { in: ids } }, data: { processedAt: now } }));
}
