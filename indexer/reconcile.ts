import type { Catalog } from "@/lib/catalog/database.server";
import { fullNameOf, splitRepositoryPath } from "@/lib/catalog/names";
import { foldPageGenerations } from "@/lib/catalog/page-generations";
import { getRepositoryForSearch, listPublicRepositories } from "@/lib/catalog/repositories";
import {
  applyTagEvents,
  applyTagSync,
  markGone,
  markSynced,
  recordDiscovered,
  recordSyncError,
  type RepositorySyncState,
  repositorySyncStates,
} from "@/lib/catalog/sync";
import {
  isDigest,
  NotFoundError,
  RegistryUnavailableError,
  type RegistryClient,
  type RepositoryDiscovery,
  type ResolvedTag,
} from "@/lib/registry";
import type { SearchEngine } from "@/lib/search/types";
import { forEachLimit } from "./concurrency";
import { toSearchDocument } from "./documents";
import type { Logger } from "./log";
import { syncErrors } from "./metrics";
import type { CoalescingQueue } from "./queue";

export interface Indexer {
  db: Catalog;
  registry: RegistryClient;
  discovery: RepositoryDiscovery;
  search: SearchEngine;
  log: Logger;
  /** Repositories synced at once. */
  repositoryConcurrency: number;
  /** Tags of one repository read at once. */
  tagConcurrency: number;
  /** A reconcile re-verifies 1/verifyEvery of the known tags (each tag once every verifyEvery reconciles). */
  verifyEvery: number;
  /** Syncs of one repository never overlap; requests made during one are served by the next. */
  syncs: CoalescingQueue;
  /**
   * Search writes of one repository never overlap either, and each reads the
   * catalog when it starts: a document written from a stale read (public a
   * moment ago) is always followed by the write that removes it.
   */
  publishes: CoalescingQueue;
}

export interface SyncOptions {
  /** Re-read every tag, even those whose digest has not changed, and rewrite the search document. */
  force?: boolean;
  /**
   * Which known tags to re-verify with a HEAD: all of them when unset (a
   * notification said the repository changed), else the share of this
   * reconcile round (see verifyEvery).
   */
  round?: number;
}

export interface ReconcileOptions extends SyncOptions {
  onProgress?: (done: number, total: number, path: string) => void;
}

export interface ReconcileReport {
  repositories: number;
  /** Repositories whose catalog record or search document was written. */
  changed: number;
  /** Repositories whose sync recorded an error. */
  failed: number;
  /** Paths discovery no longer lists. */
  gone: string[];
  /** Documents removed from search that no sync had removed (gone or stray). */
  strays: number;
  durationMs: number;
}

/** Tags resolved and written per catalog transaction: a huge repository is synced in slices of this. */
const TAG_SLICE = 100;
/** Tag errors quoted in a repository's syncError; the rest are counted. */
const MAX_QUOTED_ERRORS = 20;
const PROGRESS_LOG_MS = 10_000;

const rounds = new WeakMap<Indexer, number>();

/** This indexer's next reconcile round; the first is random, so restarts do not favour one share of the tags. */
function nextRound(indexer: Indexer): number {
  const round = (rounds.get(indexer) ?? Math.floor(Math.random() * indexer.verifyEvery)) + 1;
  rounds.set(indexer, round);
  return round;
}

/** FNV-1a: spreads a repository's tags evenly over the verification rounds. */
function shareOf(path: string, tag: string, every: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${path}:${tag}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (hash >>> 0) % every;
}

/**
 * A full pass: every repository discovery lists is synced and published or
 * unpublished; then anything in the search index that is not a public
 * repository of the catalog is removed, and any public repository missing
 * from it is published. If discovery fails, nothing changes. What a sync
 * re-reads is in docs/decisions/0012: the tags list of every repository,
 * new tags, and a share (1/verifyEvery) of the known ones; a pass that finds
 * nothing to change writes nothing.
 */
export async function reconcile(indexer: Indexer, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const { log } = indexer;
  const started = new Date();
  const round = options.round ?? nextRound(indexer);
  const paths: string[] = [];
  for await (const path of indexer.discovery.listRepositories()) paths.push(path);
  log.info("reconcile listed", { repositories: paths.length, listingMs: Date.now() - started.getTime() });

  let done = 0;
  let failed = 0;
  let changed = 0;
  let lastLog = Date.now();
  const states = new StateSlices(indexer, paths);
  await forEachLimit(paths, indexer.repositoryConcurrency, async (path, index) => {
    const outcome = await indexer.syncs.run(path, async () =>
      syncNow(indexer, path, { ...options, round }, await states.take(index)),
    );
    if (!outcome.ok) failed++;
    if (outcome.wrote) changed++;
    options.onProgress?.(++done, paths.length, path);
    if (Date.now() - lastLog >= PROGRESS_LOG_MS) {
      lastLog = Date.now();
      log.info("reconcile progress", { done, total: paths.length, changed, failed });
    }
  });

  const gone = await markGone(indexer.db, new Set(paths), started);
  // PostgreSQL's per-connection rows of the shared page generations, kept few.
  await foldPageGenerations(indexer.db);
  const publicRepositories = await listPublicRepositories(indexer.db);
  const indexed = new Set(await indexer.search.listFullNames());
  const publicNames = new Set(publicRepositories.map((r) => r.fullName));
  const strays = [...indexed].filter((name) => !publicNames.has(name));
  await indexer.search.remove(strays);
  // A public repository whose document is missing (a crash, a lost write) is published again.
  const missing = publicRepositories.filter((r) => !indexed.has(r.fullName));
  for (const { path } of missing) await publishSynced(indexer, path);

  const report = {
    repositories: paths.length,
    changed: changed + missing.length,
    failed,
    gone,
    strays: strays.length,
    durationMs: Date.now() - started.getTime(),
  };
  log.info("reconcile finished", { ...report, gone: gone.length });
  return report;
}

/**
 * Brings one repository's catalog record and search document in line with
 * the registry. Bad tags are recorded and skipped; a failure of the whole
 * repository is recorded and leaves its last known state. Returns false when
 * an error was recorded.
 */
export async function syncRepository(indexer: Indexer, path: string, options: SyncOptions = {}): Promise<boolean> {
  return (
    await indexer.syncs.run(path, async () =>
      syncNow(indexer, path, options, (await repositorySyncStates(indexer.db, [path])).get(path) ?? null),
    )
  ).ok;
}

/** Repositories whose catalog state a reconcile reads at once. */
const STATE_SLICE = 500;

/**
 * A reconcile's catalog reads, one per slice of its repositories, read when
 * the slice's first repository is synced and let go after its last. A state
 * read a moment before its sync can only be older than the catalog: what it
 * misses is re-read from the registry and rewritten, never lost.
 */
class StateSlices {
  private readonly slices = new Map<number, { states: Promise<Map<string, RepositorySyncState>>; left: number }>();

  constructor(
    private readonly indexer: Indexer,
    private readonly paths: string[],
  ) {}

  async take(index: number): Promise<RepositorySyncState | null> {
    const number = Math.floor(index / STATE_SLICE);
    let slice = this.slices.get(number);
    if (!slice) {
      const paths = this.paths.slice(number * STATE_SLICE, (number + 1) * STATE_SLICE);
      slice = { states: repositorySyncStates(this.indexer.db, paths), left: paths.length };
      this.slices.set(number, slice);
    }
    if (--slice.left === 0) this.slices.delete(number);
    return (await slice.states).get(this.paths[index]!) ?? null;
  }
}

interface SyncOutcome {
  /** No error was recorded. */
  ok: boolean;
  /** Something was written to the catalog or the search index. */
  wrote: boolean;
}

async function syncNow(
  indexer: Indexer,
  path: string,
  options: SyncOptions,
  state: RepositorySyncState | null,
): Promise<SyncOutcome> {
  const { db, registry, log } = indexer;
  if (!state?.inRegistry) await recordDiscovered(db, path);
  // The error last written: an unchanged error is not written again.
  const recordedError = state?.syncError ?? null;
  let wrote = !state?.inRegistry;
  let ok = true;
  try {
    const known = state?.tags ?? new Map<string, string>();
    // Referrers pushed by digest alone are known by their digest (indexer/events/apply.ts): checked as tags are.
    const listed = [...(await listTagsOrNone(registry, path)), ...[...known.keys()].filter(isDigest)];
    const due = (tag: string) =>
      options.round === undefined || shareOf(path, tag, indexer.verifyEvery) === options.round % indexer.verifyEvery;
    const toRead = options.force ? listed : listed.filter((tag) => !known.has(tag) || due(tag));
    const vanished = new Set<string>();
    const errors: string[] = [];
    // As applyTagSync records it.
    const errorText = () => errorLines(errors).join("\n") || null;

    // In slices, so memory holds one slice of resolved tags however many the repository has.
    for (let start = 0; start < toRead.length; start += TAG_SLICE) {
      const changed: ResolvedTag[] = [];
      await forEachLimit(toRead.slice(start, start + TAG_SLICE), indexer.tagConcurrency, async (tag) => {
        try {
          const knownDigest = options.force ? undefined : known.get(tag);
          if (knownDigest !== undefined) {
            const head = await registry.headManifest(path, tag);
            if (!head) return void vanished.add(tag);
            if (head.digest === knownDigest) return;
          }
          changed.push(await registry.resolveTag(path, tag));
        } catch (error) {
          // Deleted since it was listed: the next sync sees it gone. A registry that stopped
          // answering fails the repository; any other error is this tag's alone.
          if (error instanceof NotFoundError) vanished.add(tag);
          else if (error instanceof RegistryUnavailableError) throw error;
          else errors.push(error instanceof Error ? error.message : String(error));
        }
      });
      if (changed.length === 0) continue;
      // Only this slice's tags: removals and errors are written once, below.
      await applyTagEvents(db, path, { pushed: changed, untagged: [], deletedDigests: [], errors: [] });
      wrote = true;
    }
    const listedSet = new Set(listed);
    const removed = [...known.keys()].some((tag) => vanished.has(tag) || !listedSet.has(tag));
    if (removed || errorText() !== recordedError) {
      const present = listed.filter((tag) => !vanished.has(tag));
      await applyTagSync(db, path, { present, changed: [], errors: errorLines(errors) });
      wrote = true;
    }
    if (errors.length > 0) {
      ok = false;
      syncErrors.inc({ scope: "tags" });
      log.warn("tags skipped", { repository: path, errors: errors.slice(0, MAX_QUOTED_ERRORS), count: errors.length });
    }
  } catch (error) {
    ok = false;
    const message = error instanceof Error ? error.message : String(error);
    if (message !== recordedError) {
      await recordSyncError(db, path, message);
      wrote = true;
    }
    syncErrors.inc({ scope: "repository" });
    log.error("repository sync failed", { repository: path, error: message });
  }
  if (wrote || options.force || !state?.published) {
    await publishSynced(indexer, path);
    wrote = true;
  }
  return { ok, wrote };
}

/** A repository's syncError lines from its tags' errors: the first few quoted, the rest counted. */
function errorLines(errors: string[]): string[] {
  // Sorted: tags are read concurrently, and the same errors must read the same to be left unwritten.
  const quoted = [...errors].sort().slice(0, MAX_QUOTED_ERRORS);
  const more = errors.length - quoted.length;
  return more > 0 ? [...quoted, `… and ${more} more tag errors`] : quoted;
}

/** A repository that lost its last tag may answer 404 to tags/list. */
async function listTagsOrNone(registry: RegistryClient, path: string): Promise<string[]> {
  try {
    return await registry.listTags(path);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/**
 * Publishes a repository whose tags were just written, then records that
 * search has them (markSynced): a crash in between leaves it for the next
 * reconcile to publish.
 */
export async function publishSynced(indexer: Indexer, path: string): Promise<void> {
  const at = new Date();
  await publish(indexer, path);
  await markSynced(indexer.db, path, at);
}

/** Writes the repository's search document when the public may see it, removes it otherwise. */
export function publish(indexer: Indexer, path: string): Promise<void> {
  return indexer.publishes.run(path, async () => {
    const repository = await getRepositoryForSearch(indexer.db, path);
    if (repository) await indexer.search.replace([toSearchDocument(repository)]);
    else await indexer.search.remove([fullNameOf(splitRepositoryPath(path))]);
  });
}
