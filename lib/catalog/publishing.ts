import { RENDERER_VERSION, type RenderedAbout, type RenderedUsage, renderAbout, renderUsage } from "../markdown/stored";
import { type CatalogData, CatalogValidationError, type Visibility, validateCatalogData } from "./catalog-data";
import { type AuditActor, type AuditEvent, recordAudit } from "./audit";
import type { Catalog } from "./database.server";
import type { Prisma } from "./generated/client";
import { isReservedNamespace, splitRepositoryPath } from "./names";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/**
 * The stored rendering of a repository whose stored one is of an older
 * renderer (or none), keeping what this save already rendered: both fields
 * must be of one version.
 */
async function renderStale(
  tx: CatalogTransaction,
  path: string,
  rendered: Partial<RenderedAbout & RenderedUsage>,
): Promise<RenderedAbout & RenderedUsage & { renderVersion: number }> {
  const { about, usage } = await tx.repository.findUniqueOrThrow({ where: { path }, select: { about: true, usage: true } });
  return {
    ...(rendered.aboutHtml === undefined ? renderAbout(about) : (rendered as RenderedAbout)),
    ...(rendered.usageHtml === undefined ? renderUsage(usage) : (rendered as RenderedUsage)),
    renderVersion: RENDERER_VERSION,
  };
}

/** Publisher-side writes: who owns which namespace and what their repositories say. */

/** A repository's uploaded logo, and what decides who may see it. */
export async function findUploadedLogo(db: Catalog, path: string) {
  return db.repository.findUnique({
    where: { path },
    select: { visibility: true, inRegistry: true, namespaceName: true, logo: true, uploadedLogo: true },
  });
}

export interface PublisherFields {
  displayName: string;
  verified: boolean;
  official: boolean;
}

export interface PublisherInput extends PublisherFields {
  namespaces: string[];
}

/** Creates or updates the publisher that owns `namespaces` (matched by its first namespace). */
export async function savePublisher(db: Catalog, input: PublisherInput): Promise<number> {
  const [primary] = input.namespaces;
  if (!primary) throw new Error("a publisher needs at least one namespace");
  return writeTransaction(db, async (tx) => {
    const existing = await tx.namespace.findUnique({ where: { name: primary } });
    const fields = { displayName: input.displayName, verified: input.verified, official: input.official };
    const id = existing?.publisherId
      ? (await updatePublisher(tx, existing.publisherId, fields)).id
      : (await tx.publisher.create({ data: fields })).id;
    for (const name of input.namespaces) await assignNamespace(tx, name, id);
    return id;
  });
}

/**
 * Changes a publisher's name or badges. Every search document of its
 * repositories shows them, so all are queued for the indexer to republish.
 */
export async function updatePublisher(tx: CatalogTransaction, id: number, fields: Partial<PublisherFields>) {
  const publisher = await tx.publisher.update({ where: { id }, data: fields });
  await queueRepositoryChanges(tx, { namespace: { publisherId: id } });
  return publisher;
}

/**
 * Gives `namespace` to the publisher, creating it if needed. When it changes
 * hands, its repositories' search documents name another publisher, so they
 * are queued for the indexer.
 */
export async function assignNamespace(tx: CatalogTransaction, namespace: string, publisherId: number) {
  const previous = await tx.namespace.findUnique({ where: { name: namespace }, select: { publisherId: true } });
  if (previous?.publisherId === publisherId) return;
  await tx.namespace.upsert({
    where: { name: namespace },
    create: { name: namespace, publisherId },
    update: { publisherId },
  });
  await queueRepositoryChanges(tx, { namespaceName: namespace });
}

/** Queues the matching repositories for the indexer to republish (CatalogChange rows). */
export async function queueRepositoryChanges(tx: CatalogTransaction, where: Prisma.RepositoryWhereInput) {
  const repositories = await tx.repository.findMany({ where, select: { path: true } });
  await tx.catalogChange.createMany({ data: repositories.map(({ path }) => ({ repository: path })) });
}

/** Ensures the namespace row of a repository path exists. */
export async function ensureNamespace(tx: CatalogTransaction, name: string) {
  return tx.namespace.upsert({ where: { name }, create: { name }, update: {} });
}

export type RepositoryEdit = Partial<CatalogData> & { visibility?: Visibility };

/** The repository changed since the revision the save was based on. */
export class RevisionConflictError extends Error {
  constructor(readonly currentRevision: number) {
    super(`this repository was saved by someone else since you loaded it (it is now at revision ${currentRevision})`);
    this.name = "RevisionConflictError";
  }
}

export interface SaveOptions {
  /** Refuse the save (RevisionConflictError) unless the repository is still at this revision. */
  expectedRevision?: number;
  /** Refuse (null result) rather than create a repository the catalog does not know. */
  existingOnly?: boolean;
  /** The audit entry of the save, written in its transaction. */
  audit?: { actor: AuditActor; event: AuditEvent };
  /** A new uploaded logo (re-encoded), linked at `url(revision)`; null removes the uploaded logo. */
  uploadedLogo?: { logo: UploadedLogo; url: (revision: number) => string } | null;
}

export interface UploadedLogo {
  mediaType: string;
  bytes: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

/**
 * Saves catalog data for a registry path, validated first so nothing is
 * stored half-way, and bumps its revision. A repository described before the
 * indexer has seen it is created outside the registry; discovery brings it
 * in. A reserved namespace's repository may not be made public: its pages are
 * unreachable. About and Usage are stored with their rendering (HTML, and the
 * About's plain text) so that no read parses Markdown. Queues a CatalogChange
 * so the indexer updates the search index.
 */
export async function saveRepository(
  db: Catalog,
  path: string,
  edit: RepositoryEdit,
  options: SaveOptions = {},
): Promise<{ id: number; revision: number } | null> {
  validateCatalogData(edit);
  const { categories, ...fields } = edit;
  const { namespace, name } = splitRepositoryPath(path);
  if (edit.visibility === "PUBLIC" && isReservedNamespace(namespace)) {
    throw new CatalogValidationError(
      "visibility",
      `"${namespace}" is a reserved gallery path, so repositories in that namespace cannot be public`,
    );
  }
  // Rendered before the write lock is taken: a long About takes a while.
  const rendered = {
    ...(fields.about !== undefined && renderAbout(fields.about)),
    ...(fields.usage !== undefined && renderUsage(fields.usage)),
  };
  return writeTransaction(db, async (tx) => {
    const current = await tx.repository.findUnique({ where: { path }, select: { revision: true, renderVersion: true } });
    if (!current && options.existingOnly) return null;
    if (options.expectedRevision !== undefined && (current?.revision ?? 0) !== options.expectedRevision) {
      throw new RevisionConflictError(current?.revision ?? 0);
    }
    await ensureNamespace(tx, namespace);
    const repository = current
      ? await tx.repository.update({
          where: { path },
          data: {
            ...fields,
            revision: { increment: 1 },
            ...(current.renderVersion === RENDERER_VERSION ? rendered : await renderStale(tx, path, rendered)),
          },
          select: { id: true, revision: true },
        })
      : await tx.repository.create({
          data: {
            path, namespaceName: namespace, name, inRegistry: false, ...fields, revision: 1,
            ...renderAbout(""), ...renderUsage(""), ...rendered, renderVersion: RENDERER_VERSION,
          },
          select: { id: true, revision: true },
        });
    if (categories) {
      await tx.repositoryCategory.deleteMany({ where: { repositoryId: repository.id } });
      await tx.repositoryCategory.createMany({
        data: [...new Set(categories)].map((category) => ({ repositoryId: repository.id, category })),
      });
    }
    await tx.catalogChange.create({ data: { repository: path } });
    if (options.uploadedLogo) {
      const { logo, url } = options.uploadedLogo;
      await tx.repositoryLogo.upsert({
        where: { repositoryId: repository.id },
        create: { repositoryId: repository.id, ...logo },
        update: { ...logo, updatedAt: new Date() },
      });
      await tx.repository.update({ where: { id: repository.id }, data: { logo: url(repository.revision) } });
    } else if (options.uploadedLogo === null) {
      await tx.repositoryLogo.deleteMany({ where: { repositoryId: repository.id } });
    }
    if (options.audit) await recordAudit(tx, options.audit.actor, options.audit.event);
    return repository;
  });
}

/**
 * Stores the rendering of every repository whose stored one is of an older
 * renderer or missing (rows from before these columns): `npm run reindex`
 * runs it so that reads stop rendering. A row saved meanwhile keeps what its
 * save stored. Returns how many were rendered.
 */
export async function renderStaleRepositories(db: Catalog, batchSize = 200): Promise<number> {
  let rendered = 0;
  for (let after = 0; ; ) {
    const batch = await db.repository.findMany({
      where: { id: { gt: after }, renderVersion: { not: RENDERER_VERSION } },
      select: { id: true, revision: true, about: true, usage: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return rendered;
    for (const { id, revision, about, usage } of batch) {
      const data = { ...renderAbout(about), ...renderUsage(usage), renderVersion: RENDERER_VERSION };
      rendered += (await db.repository.updateMany({ where: { id, revision }, data })).count;
    }
    after = batch.at(-1)!.id;
  }
}
