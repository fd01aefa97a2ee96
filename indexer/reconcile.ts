import type { Catalog } from "@/lib/catalog/client";
import { fullNameOf, splitRepositoryPath } from "@/lib/catalog/names";
import { getRepositoryForSearch, listPublicFullNames } from "@/lib/catalog/repositories";
import {
  applyTagSync,
  knownTagDigests,
  markGone,
  recordDiscovered,
  recordSyncError,
} from "@/lib/catalog/sync";
import {
  ManifestError,
  NotFoundError,
  type RegistryClient,
  type RepositoryDiscovery,
  type ResolvedTag,
} from "@/lib/registry";
import type { SearchEngine } from "@/lib/search/types";
import { forEachLimit } from "./concurrency";
import { toSearchDocument } from "./documents";
import type { Logger } from "./log";
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
  /** Re-read every tag, even those whose digest has not changed. */
  force?: boolean;
}

export interface ReconcileOptions extends SyncOptions {
  onProgress?: (done: number, total: number, path: string) => void;
}

export interface ReconcileReport {
  repositories: number;
  /** Repositories whose sync recorded an error. */
  failed: number;
  /** Paths discovery no longer lists. */
  gone: string[];
  /** Documents removed from search that no sync had removed (gone or stray). */
  strays: number;
  durationMs: number;
}

/**
 * A full pass: every repository discovery lists is synced and published or
 * unpublished; then anything in the search index that is not a public
 * repository of the catalog is removed. If discovery fails, nothing changes.
 */
export async function reconcile(indexer: Indexer, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const started = new Date();
  const paths: string[] = [];
  for await (const path of indexer.discovery.listRepositories()) paths.push(path);

  let done = 0;
  let failed = 0;
  await forEachLimit(paths, indexer.repositoryConcurrency, async (path) => {
    if (!(await syncRepository(indexer, path, options))) failed++;
    options.onProgress?.(++done, paths.length, path);
  });

  const gone = await markGone(indexer.db, new Set(paths), started);
  const publicNames = new Set(await listPublicFullNames(indexer.db));
  const strays = (await indexer.search.listFullNames()).filter((name) => !publicNames.has(name));
  await indexer.search.remove(strays);

  const report = { repositories: paths.length, failed, gone, strays: strays.length, durationMs: Date.now() - started.getTime() };
  indexer.log.info("reconcile finished", { ...report, gone: gone.length });
  return report;
}

/**
 * Brings one repository's catalog record and search document in line with
 * the registry. Bad tags are recorded and skipped; a failure of the whole
 * repository is recorded and leaves its last known state. Returns false when
 * an error was recorded.
 */
export function syncRepository(indexer: Indexer, path: string, options: SyncOptions = {}): Promise<boolean> {
  return indexer.syncs.run(path, () => syncNow(indexer, path, options));
}

async function syncNow(indexer: Indexer, path: string, options: SyncOptions): Promise<boolean> {
  const { db, registry, log } = indexer;
  await recordDiscovered(db, path);
  let ok = true;
  try {
    const listed = await listTagsOrNone(registry, path);
    const known = options.force ? new Map<string, string>() : await knownTagDigests(db, path);
    const vanished = new Set<string>();
    const changed: ResolvedTag[] = [];
    const errors: string[] = [];
    await forEachLimit(listed, indexer.tagConcurrency, async (tag) => {
      try {
        const knownDigest = known.get(tag);
        if (knownDigest && (await registry.headManifest(path, tag))?.digest === knownDigest) return;
        changed.push(await registry.resolveTag(path, tag));
      } catch (error) {
        // Deleted since it was listed: the next sync sees it gone.
        if (error instanceof NotFoundError) vanished.add(tag);
        else if (error instanceof ManifestError) errors.push(error.message);
        else throw error;
      }
    });
    const present = listed.filter((tag) => !vanished.has(tag));
    await applyTagSync(db, path, { present, changed, errors });
    if (errors.length > 0) {
      ok = false;
      log.warn("tags skipped", { repository: path, errors });
    }
  } catch (error) {
    ok = false;
    const message = error instanceof Error ? error.message : String(error);
    await recordSyncError(db, path, message);
    log.error("repository sync failed", { repository: path, error: message });
  }
  await publish(indexer, path);
  return ok;
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

/** Writes the repository's search document when the public may see it, removes it otherwise. */
export function publish(indexer: Indexer, path: string): Promise<void> {
  return indexer.publishes.run(path, async () => {
    const repository = await getRepositoryForSearch(indexer.db, path);
    if (repository) await indexer.search.replace([toSearchDocument(repository)]);
    else await indexer.search.remove([fullNameOf(splitRepositoryPath(path))]);
  });
}
