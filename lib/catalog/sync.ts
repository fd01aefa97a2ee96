import type { ResolvedTag } from "@/lib/registry/types";
import type { Catalog } from "./client";
import { isReservedNamespace, splitRepositoryPath } from "./names";
import { ensureNamespace } from "./publishing";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/** Indexer-side writes: the catalog's copy of what the registry holds. */

export interface TagSync {
  /** Every tag name the registry lists now. */
  present: string[];
  /** Tags that are new or point at a new digest, as the registry client read them. */
  changed: ResolvedTag[];
  /** Why some tags could not be read; they keep their last known state. */
  errors: string[];
}

const toBigInt = (size: number | null) => (size === null ? null : BigInt(size));

/** Prisma refuses statements with more parameters than SQLite once allowed (999): lists go in slices. */
const MAX_LIST_PARAMETERS = 500;

function chunks<T>(items: T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / MAX_LIST_PARAMETERS) }, (_, i) =>
    items.slice(i * MAX_LIST_PARAMETERS, (i + 1) * MAX_LIST_PARAMETERS),
  );
}

/** Deletes tags (and, by cascade, their platforms) by id; returns how many. */
async function deleteTags(tx: CatalogTransaction, ids: number[]): Promise<number> {
  let deleted = 0;
  for (const slice of chunks(ids)) deleted += (await tx.tag.deleteMany({ where: { id: { in: slice } } })).count;
  return deleted;
}

/** Digest of every tag the catalog knows for a repository, by tag name. */
export async function knownTagDigests(db: Catalog, path: string): Promise<Map<string, string>> {
  const tags = await db.tag.findMany({ where: { repository: { path } }, select: { name: true, digest: true } });
  return new Map(tags.map((t) => [t.name, t.digest]));
}

/** Whether the catalog has a row for this registry path (events for others are verified first). */
export async function repositoryKnown(db: Catalog, path: string): Promise<boolean> {
  return (await db.repository.count({ where: { path } })) > 0;
}

/**
 * Records a repository the registry lists. A new one takes its namespace's
 * default visibility, which is private unless the publisher opted in (and
 * always private in a reserved namespace, see RESERVED_NAMESPACES).
 */
export async function recordDiscovered(db: Catalog, path: string): Promise<void> {
  const { namespace, name } = splitRepositoryPath(path);
  await writeTransaction(db, async (tx) => {
    const ns = await ensureNamespace(tx, namespace);
    await tx.repository.upsert({
      where: { path },
      create: {
        path,
        namespaceName: namespace,
        name,
        visibility: ns.newRepositoriesPublic && !isReservedNamespace(namespace) ? "PUBLIC" : "PRIVATE",
      },
      update: { inRegistry: true },
    });
  });
}

/** Creates or rewrites one tag and its platforms from what the registry client resolved. */
async function writeTag(tx: CatalogTransaction, repositoryId: number, snapshot: ResolvedTag, now: Date): Promise<void> {
  const data = {
    digest: snapshot.digest,
    mediaType: snapshot.mediaType,
    kind: snapshot.kind,
    artifactType: snapshot.artifactType,
    totalSize: toBigInt(snapshot.totalSize),
    annotations: JSON.stringify(snapshot.annotations),
    files: JSON.stringify(snapshot.files),
    imageCreated: snapshot.created,
    updatedAt: now,
  };
  const tag = await tx.tag.upsert({
    where: { repositoryId_name: { repositoryId, name: snapshot.tag } },
    create: { repositoryId, name: snapshot.tag, pushedAt: now, ...data },
    update: data,
  });
  await tx.platform.deleteMany({ where: { tagId: tag.id } });
  await tx.platform.createMany({
    data: snapshot.platforms.map(({ details, ...p }) => ({
      ...p,
      tagId: tag.id,
      compressedSize: toBigInt(p.compressedSize),
      details: JSON.stringify(details),
    })),
  });
}

/** Applies one sync of a repository's tags in a single transaction. */
export async function applyTagSync(db: Catalog, path: string, sync: TagSync, now = new Date()): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const repository = await tx.repository.findUniqueOrThrow({ where: { path } });
    const present = new Set(sync.present);
    const existing = await tx.tag.findMany({ where: { repositoryId: repository.id }, select: { id: true, name: true } });
    const removed = await deleteTags(
      tx,
      existing.filter((tag) => !present.has(tag.name)).map((tag) => tag.id),
    );
    for (const snapshot of sync.changed) await writeTag(tx, repository.id, snapshot, now);
    const changed = removed > 0 || sync.changed.length > 0;
    await tx.repository.update({
      where: { id: repository.id },
      data: {
        ...(changed ? { updatedAt: now } : {}),
        lastSyncedAt: now,
        syncError: sync.errors.length > 0 ? sync.errors.join("\n") : null,
        syncErrorAt: sync.errors.length > 0 ? now : null,
      },
    });
  });
}

/** What a repository's notifications say happened to some of its tags (docs/decisions/0011). */
export interface TagEvents {
  /** Tags pushed, resolved from the digest their event named. */
  pushed: ResolvedTag[];
  /** Tags deleted by name. */
  untagged: string[];
  /** Manifests deleted: every tag pointing at one goes, unless `pushed` names it. */
  deletedDigests: string[];
  /** Why some pushed tags could not be read; they keep their last known state. */
  errors: string[];
}

/**
 * Applies what notifications said about some tags, touching no other tag, in
 * one transaction. A repository the catalog does not know is left unknown
 * (the caller records it first when the registry confirmed a push). Returns
 * whether any tag changed.
 */
export async function applyTagEvents(db: Catalog, path: string, events: TagEvents, now = new Date()): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const repository = await tx.repository.findUnique({ where: { path }, select: { id: true } });
    if (!repository) return false;
    const pushedNames = events.pushed.map((tag) => tag.tag);
    const gone = await tx.tag.findMany({
      where: {
        repositoryId: repository.id,
        OR: [{ name: { in: events.untagged } }, { digest: { in: events.deletedDigests }, name: { notIn: pushedNames } }],
      },
      select: { id: true },
    });
    const removed = await deleteTags(tx, gone.map((tag) => tag.id));
    for (const snapshot of events.pushed) await writeTag(tx, repository.id, snapshot, now);
    const changed = removed > 0 || events.pushed.length > 0;
    await tx.repository.update({
      where: { id: repository.id },
      data: {
        ...(changed ? { updatedAt: now } : {}),
        ...(events.errors.length > 0 ? { syncError: events.errors.join("\n"), syncErrorAt: now } : {}),
      },
    });
    return changed;
  });
}

/** Records why a repository could not be synced at all; its last known state stays. */
export async function recordSyncError(db: Catalog, path: string, message: string, now = new Date()): Promise<void> {
  await db.repository.update({ where: { path }, data: { syncError: message, syncErrorAt: now } });
}

/**
 * Marks the repositories a discovery pass that started at `listedAt` did not
 * list as gone, and drops their tags; publishers' catalog data is kept in
 * case they come back. Repositories discovered or synced since `listedAt`
 * (by a notification during the pass) are left alone: the listing is older
 * than what is known about them. Returns the paths that were marked.
 */
export async function markGone(
  db: Catalog,
  listed: ReadonlySet<string>,
  listedAt: Date,
  now = new Date(),
): Promise<string[]> {
  return writeTransaction(db, async (tx) => {
    const inRegistry = await tx.repository.findMany({
      where: {
        inRegistry: true,
        createdAt: { lt: listedAt },
        OR: [{ lastSyncedAt: null }, { lastSyncedAt: { lt: listedAt } }],
      },
      select: { id: true, path: true },
    });
    const gone = inRegistry.filter((r) => !listed.has(r.path));
    for (const ids of chunks(gone.map((r) => r.id))) {
      await tx.tag.deleteMany({ where: { repositoryId: { in: ids } } });
      await tx.repository.updateMany({ where: { id: { in: ids } }, data: { inRegistry: false, updatedAt: now } });
    }
    return gone.map((r) => r.path);
  });
}
