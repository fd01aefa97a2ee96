import {
  countPulls,
  markCatalogChangesProcessed,
  markProcessed,
  pendingCatalogChanges,
  pendingEvents,
  type StoredEvent,
} from "@/lib/catalog/events";
import { publish, syncRepository, type Indexer } from "../reconcile";

const BATCH = 500;

/**
 * Applies stored registry events. A push or delete syncs its repository
 * against the registry (so events out of order, repeated or concurrent
 * converge on the registry's state); pulls are counted. Publishers' catalog
 * changes (visibility, descriptions) republish their repository. An event is
 * marked processed only after its effect is committed, so events stored
 * before a crash are applied at the next start.
 */
export class EventProcessor {
  private draining: Promise<void> | null = null;
  private again = false;

  constructor(private readonly indexer: Indexer) {}

  /** Processes every pending event; calls made while it runs are served by one more pass. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.processCatalogChanges()) || (await this.processBatch()));
        } while (this.again);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /** One batch; false when there was nothing left. */
  private async processBatch(): Promise<boolean> {
    const events = await pendingEvents(this.indexer.db, BATCH);
    if (events.length === 0) return false;
    const changes = events.filter((event) => event.action !== "pull");
    const byRepository = new Map<string, StoredEvent[]>();
    for (const event of changes) byRepository.set(event.repository, [...(byRepository.get(event.repository) ?? []), event]);
    // Repositories in parallel (bounded by the sync queue's own serialization per repository).
    await Promise.all(
      [...byRepository].map(async ([path, repositoryEvents]) => {
        await syncRepository(this.indexer, path);
        await markProcessed(this.indexer.db, repositoryEvents.map((event) => event.id));
      }),
    );
    await this.countPulls(events.filter((event) => event.action === "pull"));
    return true;
  }

  /** Catalog changes go first: a repository made private must leave the index at once. */
  private async processCatalogChanges(): Promise<boolean> {
    const changes = await pendingCatalogChanges(this.indexer.db, BATCH);
    if (changes.length === 0) return false;
    await Promise.all([...new Set(changes.map((change) => change.repository))].map((path) => publish(this.indexer, path)));
    await markCatalogChangesProcessed(this.indexer.db, changes.map((change) => change.id));
    return true;
  }

  private async countPulls(pulls: StoredEvent[]): Promise<void> {
    if (pulls.length === 0) return;
    const changed = await countPulls(this.indexer.db, pulls);
    // Pulls order the "most pulled" sort: public documents carry the new totals.
    await Promise.all(changed.map((path) => publish(this.indexer, path)));
    this.indexer.log.debug("pulls counted", { events: pulls.length, repositories: changed.length });
  }
}
