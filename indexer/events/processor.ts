import {
  countPulls,
  type EventCursor,
  markCatalogChangesProcessed,
  markProcessed,
  pendingCatalogChanges,
  pendingChanges,
  pendingPulls,
  recordEventsFailed,
  type StoredEvent,
} from "@/lib/catalog/events";
import { bumpRepositoryPages } from "@/lib/catalog/page-generations";
import { pullsPublishMs } from "../config";
import { publish, type Indexer } from "../reconcile";
import { applyRepositoryEvents } from "./apply";
import { Rerun } from "./rerun";

const BATCH = 500;
/** Events one repository applies in one turn before the others get theirs. */
const EVENTS_PER_TURN = 200;
/**
 * A repository whose events keep coming has its search document rewritten at
 * most this often: each rewrite reads the catalog afresh, so it carries every
 * turn's tags since the last one, and a burst costs a few rewrites instead of
 * one per turn (catalog and search work that every other repository's turn
 * would wait behind).
 */
const PUBLISH_EVERY_MS = 1_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

/** One repository's pending events and its retry schedule. */
interface Lane {
  events: StoredEvent[];
  /** Events applied to the catalog whose publication was left to a later turn; marked processed with it. */
  unpublished: string[];
  publishedAt: number;
  running: boolean;
  failures: number;
  retryAt: number;
}

/**
 * Applies stored registry events (docs/decisions/0011). Each repository has
 * its own lane: its events are applied in order, one turn at a time, and at
 * most `indexer.repositoryConcurrency` repositories take a turn at once; no
 * repository waits for another's turn to end, and a failing one retries on
 * its own backoff with its error recorded. Pulls are counted apart from the
 * lanes and published (search documents, their repositories' page generations) at most
 * once every `pullsPublishInterval`; publishers' catalog changes (visibility,
 * descriptions) republish their repository at once. An event is marked processed only after its
 * effect is committed, so events stored before a crash are applied at the
 * next start.
 */
export class EventProcessor {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with events, not running, not waiting for a retry: first come, first served. */
  private readonly ready: string[] = [];
  private running = 0;
  private cursor: EventCursor | null = null;
  private settledWaiters: Array<() => void> = [];
  private readonly catalogChanges = new Rerun(async () => {
    while (await this.processCatalogChanges());
  });
  private readonly pulls = new Rerun(async () => {
    while (await this.countPulls());
  });
  private readonly dispatch = new Rerun(async () => {
    while (await this.dispatchChanges());
  });
  /** Repositories whose pulls were counted since pull counts were last published. */
  private readonly pullsToPublish = new Set<string>();
  private pullsPublishedAt = 0;
  private pullsTimer: NodeJS.Timeout | null = null;
  private readonly pullsPublish = new Rerun(() => this.publishPulls());

  constructor(
    private readonly indexer: Indexer,
    /** A pull batch published at once would throw away every cached listing (docs/decisions/0013). */
    private readonly pullsPublishInterval = pullsPublishMs(),
  ) {}

  /**
   * Takes in every pending event and resolves once each has been applied or
   * has failed and waits for its retry, and publishes counted pulls at once.
   */
  async drain(): Promise<void> {
    await Promise.all([this.catalogChanges.call(), this.pulls.call(), this.dispatch.call()]);
    await this.settled();
    // Now, not at the next interval: drain is the indexer's last call before it stops.
    if (this.pullsTimer) clearTimeout(this.pullsTimer);
    this.pullsTimer = null;
    await this.pullsPublish.call();
  }

  /** Takes in pending events without waiting for them; failures are logged. */
  wake(): void {
    for (const work of [this.catalogChanges, this.pulls, this.dispatch]) {
      work.call().catch((error: unknown) => this.indexer.log.error("event processing failed", { error }));
    }
  }

  private settled(): Promise<void> {
    if (this.running === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Hands new pushes and deletes to their repositories' lanes; false when there were none. */
  private async dispatchChanges(): Promise<boolean> {
    const events = await pendingChanges(this.indexer.db, BATCH, this.cursor);
    const last = events.at(-1);
    if (!last) return false;
    const atLast = events.filter((event) => event.receivedAt.getTime() === last.receivedAt.getTime()).map((e) => e.id);
    const sameInstant = this.cursor?.receivedAt.getTime() === last.receivedAt.getTime();
    this.cursor = { receivedAt: last.receivedAt, seen: new Set([...(sameInstant ? this.cursor!.seen : []), ...atLast]) };
    for (const event of events) {
      const lane = this.laneOf(event.repository);
      lane.events.push(event);
      if (!lane.running && lane.retryAt <= Date.now() && !this.ready.includes(event.repository)) this.ready.push(event.repository);
    }
    this.schedule();
    return true;
  }

  private laneOf(path: string): Lane {
    let lane = this.lanes.get(path);
    if (!lane) this.lanes.set(path, (lane = { events: [], unpublished: [], publishedAt: 0, running: false, failures: 0, retryAt: 0 }));
    return lane;
  }

  /** Starts ready lanes while the concurrency allows. */
  private schedule(): void {
    while (this.running < this.indexer.repositoryConcurrency && this.ready.length > 0) {
      const path = this.ready.shift()!;
      void this.turn(path, this.lanes.get(path)!);
    }
    if (this.running === 0 && this.ready.length === 0) {
      for (const resolve of this.settledWaiters.splice(0)) resolve();
    }
  }

  private async turn(path: string, lane: Lane): Promise<void> {
    lane.running = true;
    this.running++;
    const events = lane.events.splice(0, EVENTS_PER_TURN);
    const ids = events.map((event) => event.id);
    // Left to a later turn only while events wait for one: a lane never ends with tags unpublished.
    const publish = lane.events.length === 0 || Date.now() - lane.publishedAt >= PUBLISH_EVERY_MS;
    try {
      await applyRepositoryEvents(this.indexer, path, events, { publish });
      if (publish) {
        await markProcessed(this.indexer.db, [...lane.unpublished, ...ids]);
        lane.unpublished = [];
        lane.publishedAt = Date.now();
      } else {
        lane.unpublished.push(...ids);
      }
      lane.failures = 0;
    } catch (error) {
      lane.events.unshift(...events);
      await this.failed(path, lane, ids, error).catch((failure: unknown) =>
        this.indexer.log.error("recording an event failure failed", { repository: path, error: failure }),
      );
    } finally {
      lane.running = false;
      this.running--;
      if (lane.events.length === 0 && lane.failures === 0) this.lanes.delete(path);
      else if (lane.retryAt <= Date.now()) this.ready.push(path);
      this.schedule();
    }
  }

  /** Keeps the events for a retry after a backoff of this repository's own, and records why. */
  private async failed(path: string, lane: Lane, ids: string[], error: unknown): Promise<void> {
    lane.failures++;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (lane.failures - 1)) * (0.75 + Math.random() / 2);
    lane.retryAt = Date.now() + delay;
    setTimeout(() => {
      if (!lane.running && this.lanes.get(path) === lane && !this.ready.includes(path)) this.ready.push(path);
      this.schedule();
    }, delay).unref();
    const message = error instanceof Error ? error.message : String(error);
    this.indexer.log.error("repository events failed", { repository: path, error: message, retryInMs: Math.round(delay) });
    await recordEventsFailed(this.indexer.db, path, ids, message);
  }

  /** Catalog changes go straight to search: a repository made private must leave the index at once. */
  private async processCatalogChanges(): Promise<boolean> {
    const changes = await pendingCatalogChanges(this.indexer.db, BATCH);
    if (changes.length === 0) return false;
    await Promise.all([...new Set(changes.map((change) => change.repository))].map((path) => publish(this.indexer, path)));
    await markCatalogChangesProcessed(this.indexer.db, changes.map((change) => change.id));
    return true;
  }

  /** One batch of pulls; false when there was none. */
  private async countPulls(): Promise<boolean> {
    const pulls = await pendingPulls(this.indexer.db, BATCH);
    if (pulls.length === 0) return false;
    const changed = await countPulls(this.indexer.db, pulls);
    for (const path of changed) this.pullsToPublish.add(path);
    this.schedulePullsPublish();
    this.indexer.log.debug("pulls counted", { events: pulls.length, repositories: changed.length });
    return true;
  }

  /** Publishes counted pulls once `pullsPublishInterval` has passed since the last time. */
  private schedulePullsPublish(): void {
    if (this.pullsTimer || this.pullsToPublish.size === 0) return;
    const wait = Math.max(0, this.pullsPublishedAt + this.pullsPublishInterval - Date.now());
    this.pullsTimer = setTimeout(() => {
      this.pullsTimer = null;
      this.pullsPublish.call().catch((error: unknown) => this.indexer.log.error("publishing pull counts failed", { error }));
    }, wait);
    this.pullsTimer.unref();
  }

  /**
   * Pulls order the "most pulled" sort, so public documents carry the new
   * totals; bumping their pages then lets cached repository pages show them. A
   * crash before this leaves those totals to the repository's next publish.
   */
  private async publishPulls(): Promise<void> {
    const paths = [...this.pullsToPublish];
    if (paths.length === 0) return;
    this.pullsToPublish.clear();
    this.pullsPublishedAt = Date.now();
    try {
      await Promise.all(paths.map((path) => publish(this.indexer, path)));
      await bumpRepositoryPages(this.indexer.db, paths);
    } catch (error) {
      for (const path of paths) this.pullsToPublish.add(path);
      throw error;
    } finally {
      this.schedulePullsPublish();
    }
  }
}
