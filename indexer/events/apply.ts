import type { StoredEvent } from "@/lib/catalog/events";
import { applyTagEvents, recordDiscovered, repositoryKnown } from "@/lib/catalog/sync";
import { ManifestError, NotFoundError, type ResolvedTag } from "@/lib/registry";
import { forEachLimit } from "../concurrency";
import { publishSynced, syncRepository, type Indexer } from "../reconcile";

/** What some events of one repository amount to, taken in the order the registry saw them. */
export interface TagPlan {
  /** Tag → the digest it was last pushed with, or null when it was last deleted. */
  tags: Map<string, string | null>;
  /** Manifests deleted by digest. */
  deletedDigests: Set<string>;
  /** Manifests pushed by digest alone and not deleted since: referrers pushed without a tag among them. */
  pushedDigests: Set<string>;
  /** An event named neither tag nor digest: only a full sync can tell what changed. */
  vague: boolean;
}

export function planTagEvents(events: readonly StoredEvent[]): TagPlan {
  const plan: TagPlan = { tags: new Map(), deletedDigests: new Set(), pushedDigests: new Set(), vague: false };
  const ordered = [...events].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime(),
  );
  for (const event of ordered) {
    if (event.action === "push") {
      // A push by digest alone (an index's child, an untagged artifact) changes no tag, but may be a referrer.
      if (event.tag && event.digest) plan.tags.set(event.tag, event.digest);
      else if (event.tag) plan.vague = true;
      else if (event.digest) plan.pushedDigests.add(event.digest);
    } else if (event.action === "delete") {
      if (event.tag) {
        plan.tags.set(event.tag, null);
      } else if (event.digest) {
        for (const [tag, digest] of plan.tags) if (digest === event.digest) plan.tags.set(tag, null);
        plan.deletedDigests.add(event.digest);
        plan.pushedDigests.delete(event.digest);
      } else {
        plan.vague = true;
      }
    }
  }
  return plan;
}

/**
 * Applies a repository's pushes and deletes with registry requests for the
 * digests they name only, whatever the repository's tag count: each pushed
 * digest is resolved (it exists once the registry sends the event, while the
 * tag may not be linked yet), then the named tags are written and the
 * repository republished. It takes its turn with the repository's full syncs
 * (indexer.syncs), so neither can overwrite the other with an older read.
 * Nothing is recorded for a repository the registry does not confirm.
 * Registry failures other than a tag's own bad content throw: the caller
 * retries the events later. With `publish: false` the search document is
 * left for a later call to rewrite (the caller's next turn, during a burst):
 * it reads the catalog when it starts, so it carries these tags too.
 */
export async function applyRepositoryEvents(
  indexer: Indexer,
  path: string,
  events: readonly StoredEvent[],
  { publish = true }: { publish?: boolean } = {},
): Promise<void> {
  const plan = planTagEvents(events);
  if (plan.vague) {
    // A full sync creates rows: only for a repository the registry lists.
    if ((await repositoryKnown(indexer.db, path)) || (await inRegistry(indexer, path))) await syncRepository(indexer, path);
    return;
  }
  await indexer.syncs.runInTurn(path, async () => {
    const { pushed, errors } = await resolvePushed(indexer, path, plan);
    const known = await repositoryKnown(indexer.db, path);
    if (!known && pushed.length === 0) return;
    if (pushed.length > 0) await recordDiscovered(indexer.db, path);
    const untagged = [...plan.tags].filter(([, digest]) => digest === null).map(([tag]) => tag);
    await applyTagEvents(indexer.db, path, { pushed, untagged, deletedDigests: [...plan.deletedDigests], errors });
    if (errors.length > 0) indexer.log.warn("tags skipped", { repository: path, errors });
  });
  if (publish) await publishSynced(indexer, path);
}

/**
 * Each pushed digest read once, however many tags it was pushed as; a
 * manifest pushed by digest alone is read for its `subject`, so a referrer
 * pushed without a tag shows on its image at once, kept under its digest.
 */
async function resolvePushed(indexer: Indexer, path: string, plan: TagPlan) {
  const byDigest = new Map<string, string[]>();
  for (const [tag, digest] of plan.tags) if (digest) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
  for (const digest of plan.pushedDigests) if (!byDigest.has(digest)) byDigest.set(digest, []);
  const pushed: ResolvedTag[] = [];
  const errors: string[] = [];
  await forEachLimit([...byDigest], indexer.tagConcurrency, async ([digest, tags]) => {
    try {
      if (tags.length === 0) {
        const referrer = await indexer.registry.resolvePushedByDigest(path, digest);
        if (referrer) pushed.push(referrer);
        return;
      }
      const resolved = await indexer.registry.resolveTag(path, tags[0]!, digest);
      pushed.push(...tags.map((tag) => ({ ...resolved, tag })));
    } catch (error) {
      // Deleted since: the registry's delete events follow this push.
      if (error instanceof NotFoundError) return;
      if (error instanceof ManifestError) errors.push(error.message);
      else throw error;
    }
  });
  return { pushed, errors };
}

async function inRegistry(indexer: Indexer, path: string): Promise<boolean> {
  try {
    await indexer.registry.listTags(path);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
