import type { ResolvedTag } from "@/lib/registry/types";
import { type Catalog, isPostgres } from "./database.server";
import { Prisma } from "./generated/client";
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

function chunks<T>(items: T[], size = MAX_LIST_PARAMETERS): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Platform manifest digests of the given tags. */
async function platformDigestsOf(tx: CatalogTransaction, tagIds: number[]): Promise<string[]> {
  const digests: string[] = [];
  for (const slice of chunks(tagIds)) {
    const rows = await tx.platform.findMany({ where: { tagId: { in: slice } }, select: { digest: true }, distinct: ["digest"] });
    digests.push(...rows.map((row) => row.digest));
  }
  return digests;
}

/**
 * Drops the stored details of these digests that no platform refers to any
 * more. Details are shared by repositories, whose syncs run READ COMMITTED
 * side by side on PostgreSQL: there the rows are locked first (a no-op
 * update, which fires no trigger), so that the delete, in a statement of its
 * own, sees the platforms of any sync that wrote these details and committed
 * meanwhile; one that writes them later waits for this transaction and then
 * writes them again. SQLite's writers take turns.
 */
async function dropUnreferencedDetails(tx: CatalogTransaction, digests: string[]): Promise<void> {
  for (const slice of chunks([...new Set(digests)])) {
    if (isPostgres(tx)) await tx.$executeRaw`UPDATE "PlatformDetails" SET digest = digest WHERE digest IN (${Prisma.join(slice)})`;
    await tx.$executeRaw`DELETE FROM "PlatformDetails" WHERE digest IN (${Prisma.join(slice)})
      AND NOT EXISTS (SELECT 1 FROM "Platform" WHERE "Platform".digest = "PlatformDetails".digest)`;
  }
}

/** Deletes tags (and, by cascade, their platforms and then-unreferenced details) by id; returns how many. */
async function deleteTags(tx: CatalogTransaction, ids: number[]): Promise<number> {
  const digests = await platformDigestsOf(tx, ids);
  let deleted = 0;
  for (const slice of chunks(ids)) deleted += (await tx.tag.deleteMany({ where: { id: { in: slice } } })).count;
  await dropUnreferencedDetails(tx, digests);
  return deleted;
}

/** What a sync needs to know of a repository's catalog record before it reads the registry. */
export interface RepositorySyncState {
  inRegistry: boolean;
  syncError: string | null;
  /** Digest of every tag, by tag name. */
  tags: Map<string, string>;
  /** Its search document was written after its last tag change (see markSynced). */
  published: boolean;
}

/** The sync state of each repository of `paths` the catalog knows, by path, in one read per slice. */
export async function repositorySyncStates(db: Catalog, paths: string[]): Promise<Map<string, RepositorySyncState>> {
  const states = new Map<string, RepositorySyncState>();
  for (const slice of chunks(paths)) {
    const repositories = await db.repository.findMany({
      where: { path: { in: slice } },
      select: {
        path: true,
        inRegistry: true,
        syncError: true,
        updatedAt: true,
        lastSyncedAt: true,
        tags: { select: { name: true, digest: true } },
        attachments: { select: { tag: true, tagDigest: true }, distinct: ["tag"] },
      },
    });
    for (const r of repositories) {
      states.set(r.path, {
        inRegistry: r.inRegistry,
        syncError: r.syncError,
        // Attached tags (referrers, cosign) are known by their attachments' rows.
        tags: new Map([...r.attachments.map((a) => [a.tag, a.tagDigest] as const), ...r.tags.map((t) => [t.name, t.digest] as const)]),
        published: r.lastSyncedAt !== null && r.lastSyncedAt >= r.updatedAt,
      });
    }
  }
  return states;
}

/**
 * Records that a sync's changes reached search. Written after the search
 * document, so a crash between the two leaves the repository unpublished
 * (updatedAt after lastSyncedAt) and the next reconcile publishes it.
 */
export async function markSynced(db: Catalog, path: string, at: Date): Promise<void> {
  // updateMany: events for a repository the registry did not confirm leave no row to mark.
  await db.repository.updateMany({ where: { path }, data: { lastSyncedAt: at } });
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

/**
 * Creates or rewrites tags and their platforms from what the registry client
 * resolved, and the attachments found through them; a tag attached to another
 * manifest (snapshot.subject) is no image and keeps only its attachments.
 * Then drops the details no platform refers to any more. A statement per tag
 * (its upsert) and a few per batch: on PostgreSQL each is a round trip.
 */
async function writeTags(tx: CatalogTransaction, repositoryId: number, resolved: ResolvedTag[], now: Date): Promise<void> {
  const snapshots = [...new Map(resolved.map((snapshot) => [snapshot.tag, snapshot])).values()];
  await writeAttachments(tx, repositoryId, snapshots, now);
  const images = snapshots.filter((snapshot) => snapshot.subject === null);
  const attachedNames = snapshots.filter((snapshot) => snapshot.subject !== null).map((snapshot) => snapshot.tag);
  const noLongerImages: number[] = [];
  for (const slice of chunks(attachedNames)) {
    const rows = await tx.tag.findMany({ where: { repositoryId, name: { in: slice } }, select: { id: true } });
    noLongerImages.push(...rows.map((row) => row.id));
  }
  const existing = new Map<string, number>();
  for (const slice of chunks(images.map((snapshot) => snapshot.tag))) {
    const rows = await tx.tag.findMany({ where: { repositoryId, name: { in: slice } }, select: { id: true, name: true } });
    for (const row of rows) existing.set(row.name, row.id);
  }
  const dataOf = (snapshot: ResolvedTag) => ({
    digest: snapshot.digest,
    mediaType: snapshot.mediaType,
    kind: snapshot.kind,
    artifactType: snapshot.artifactType,
    totalSize: toBigInt(snapshot.totalSize),
    annotations: JSON.stringify(snapshot.annotations),
    files: JSON.stringify(snapshot.files),
    chart: snapshot.chart ? JSON.stringify(snapshot.chart) : null,
    imageCreated: snapshot.created,
    updatedAt: now,
  });
  for (const snapshot of images) {
    const id = existing.get(snapshot.tag);
    if (id !== undefined) await tx.tag.update({ where: { id }, data: dataOf(snapshot) });
  }
  // New tags in one statement per slice: a racing writer of the same tag makes the transaction retry.
  const created = images.filter((snapshot) => !existing.has(snapshot.tag));
  for (const slice of chunks(created, 50)) {
    const rows = await tx.tag.createManyAndReturn({
      data: slice.map((snapshot) => ({ repositoryId, name: snapshot.tag, pushedAt: now, ...dataOf(snapshot) })),
      select: { id: true, name: true },
    });
    for (const row of rows) existing.set(row.name, row.id);
  }
  const tagIds = images.map((snapshot) => existing.get(snapshot.tag)!);
  const replaced = await platformDigestsOf(tx, [...tagIds, ...noLongerImages]);
  for (const slice of chunks(noLongerImages)) await tx.tag.deleteMany({ where: { id: { in: slice } } });
  for (const slice of chunks(tagIds)) await tx.platform.deleteMany({ where: { tagId: { in: slice } } });
  const platforms = images.flatMap((snapshot, i) =>
    snapshot.platforms.map(({ details: _, ...p }) => ({ ...p, tagId: tagIds[i]!, compressedSize: toBigInt(p.compressedSize) })),
  );
  if (platforms.length > 0) await tx.platform.createMany({ data: platforms });
  // The same digest has the same details; a newer reader's version replaces an older one's.
  const details = [...new Map(images.flatMap((snapshot) => snapshot.platforms.map((p) => [p.digest, JSON.stringify(p.details)] as const))).entries()];
  for (const slice of chunks(details, MAX_LIST_PARAMETERS / 2)) {
    await tx.$executeRaw`INSERT INTO "PlatformDetails" (digest, details)
      VALUES ${Prisma.join(slice.map(([digest, text]) => Prisma.sql`(${digest}, ${text})`))}
      ON CONFLICT (digest) DO UPDATE SET details = excluded.details WHERE "PlatformDetails".details <> excluded.details`;
  }
  await dropUnreferencedDetails(tx, replaced);
}

/** Replaces the attachments found through these tags; one first seen earlier keeps its pushedAt. */
async function writeAttachments(tx: CatalogTransaction, repositoryId: number, snapshots: ResolvedTag[], now: Date): Promise<void> {
  const firstSeen = new Map<string, Date>();
  for (const slice of chunks(snapshots.map((snapshot) => snapshot.tag))) {
    const previous = await tx.attachment.findMany({
      where: { repositoryId, tag: { in: slice } },
      select: { tag: true, digest: true, pushedAt: true },
      distinct: ["tag", "digest"],
    });
    for (const row of previous) firstSeen.set(`${row.tag} ${row.digest}`, row.pushedAt);
    await tx.attachment.deleteMany({ where: { repositoryId, tag: { in: slice } } });
  }
  const data = snapshots.flatMap((snapshot) =>
    // One artifact found twice through the same tag (a referrer of two of its manifests) is written once.
    [...new Map(snapshot.attachments.map((a) => [a.digest, a])).values()].flatMap((attachment) =>
      attachment.contents.map((content, part) => ({
        repositoryId,
        tag: snapshot.tag,
        tagDigest: snapshot.digest,
        subjectDigest: attachment.subject,
        digest: attachment.digest,
        part,
        mediaType: attachment.mediaType,
        artifactType: attachment.artifactType,
        category: content.category,
        summary: JSON.stringify(content.summary),
        document: content.document,
        created: attachment.created,
        pushedAt: firstSeen.get(`${snapshot.tag} ${attachment.digest}`) ?? now,
      })),
    ),
  );
  if (data.length > 0) await tx.attachment.createMany({ data });
}

/** Deletes the attachments found through these tags; returns how many rows went. */
async function deleteAttachments(tx: CatalogTransaction, repositoryId: number, tags: string[]): Promise<number> {
  let deleted = 0;
  for (const slice of chunks(tags)) {
    deleted += (await tx.attachment.deleteMany({ where: { repositoryId, tag: { in: slice } } })).count;
  }
  return deleted;
}

/** Applies one sync of a repository's tags in a single transaction (READ COMMITTED: only the active indexer syncs a repository, one sync at a time). */
export async function applyTagSync(db: Catalog, path: string, sync: TagSync, now = new Date()): Promise<void> {
  await writeTransaction(
    db,
    async (tx) => {
      const repository = await tx.repository.findUniqueOrThrow({ where: { path } });
      const present = new Set(sync.present);
      const existing = await tx.tag.findMany({ where: { repositoryId: repository.id }, select: { id: true, name: true } });
      const attached = await tx.attachment.findMany({ where: { repositoryId: repository.id }, select: { tag: true }, distinct: ["tag"] });
      const removed =
        (await deleteTags(tx, existing.filter((tag) => !present.has(tag.name)).map((tag) => tag.id))) +
        (await deleteAttachments(tx, repository.id, attached.map((a) => a.tag).filter((tag) => !present.has(tag))));
      await writeTags(tx, repository.id, sync.changed, now);
      const changed = removed > 0 || sync.changed.length > 0;
      await tx.repository.update({
        where: { id: repository.id },
        data: {
          ...(changed ? { updatedAt: now } : {}),
          syncError: sync.errors.length > 0 ? sync.errors.join("\n") : null,
          syncErrorAt: sync.errors.length > 0 ? now : null,
        },
      });
    },
    { readCommitted: true },
  );
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
 * Tags written per transaction. The indexer's statements share one
 * connection, and the events receiver stores each delivery on it before the
 * registry gets its answer (and sends the next event): a write of a few tags
 * keeps that wait in milliseconds, where hundreds of tags in one transaction
 * held every other repository's notification for seconds.
 */
const TAGS_PER_TRANSACTION = 10;

/**
 * Applies what notifications said about some tags, touching no other tag:
 * the removals, then the pushed tags a few per transaction (a crash between
 * two leaves the caller's events pending, and applying them again gives the
 * same result). A repository the catalog does not know is left unknown (the
 * caller records it first when the registry confirmed a push). Returns
 * whether any tag changed.
 */
export async function applyTagEvents(db: Catalog, path: string, events: TagEvents, now = new Date()): Promise<boolean> {
  const pushedNames = events.pushed.map((tag) => tag.tag);
  const slices = Array.from({ length: Math.max(1, Math.ceil(events.pushed.length / TAGS_PER_TRANSACTION)) }, (_, i) =>
    events.pushed.slice(i * TAGS_PER_TRANSACTION, (i + 1) * TAGS_PER_TRANSACTION),
  );
  let changed = false;
  for (const [index, pushed] of slices.entries()) {
    const first = index === 0;
    const known = await writeTransaction(db, async (tx) => {
      const repository = await tx.repository.findUnique({ where: { path }, select: { id: true } });
      if (!repository) return false;
      let removed = 0;
      if (first) {
        const gone = await tx.tag.findMany({
          where: {
            repositoryId: repository.id,
            OR: [{ name: { in: events.untagged } }, { digest: { in: events.deletedDigests }, name: { notIn: pushedNames } }],
          },
          select: { id: true },
        });
        const goneAttached = await tx.attachment.findMany({
          where: {
            repositoryId: repository.id,
            OR: [{ tag: { in: events.untagged } }, { tagDigest: { in: events.deletedDigests }, tag: { notIn: pushedNames } }],
          },
          select: { tag: true },
          distinct: ["tag"],
        });
        removed =
          (await deleteTags(tx, gone.map((tag) => tag.id))) +
          (await deleteAttachments(tx, repository.id, goneAttached.map((attached) => attached.tag)));
      }
      await writeTags(tx, repository.id, pushed, now);
      const sliceChanged = removed > 0 || pushed.length > 0;
      const recordErrors = first && events.errors.length > 0;
      if (sliceChanged || recordErrors) {
        await tx.repository.update({
          where: { id: repository.id },
          data: {
            ...(sliceChanged ? { updatedAt: now } : {}),
            ...(recordErrors ? { syncError: events.errors.join("\n"), syncErrorAt: now } : {}),
          },
        });
      }
      changed ||= sliceChanged;
      return true;
    }, { readCommitted: true });
    if (!known) return false;
  }
  return changed;
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
      const tags = await tx.tag.findMany({ where: { repositoryId: { in: ids } }, select: { id: true } });
      await deleteTags(tx, tags.map((tag) => tag.id));
      await tx.attachment.deleteMany({ where: { repositoryId: { in: ids } } });
      await tx.repository.updateMany({ where: { id: { in: ids } }, data: { inRegistry: false, updatedAt: now } });
    }
    return gone.map((r) => r.path);
  });
}
