/**
 * Leases: a role only one process may hold at a time (the active indexer),
 * kept in one catalog row so it works wherever the catalog is shared. Plain
 * compare-and-set updates, so the same statements serve SQLite and
 * PostgreSQL. The holder bumps `beat`; a rival that sees the row unchanged
 * for a lease period (by its own clock: no clock is compared between
 * machines) takes it over and raises `fence`, after which the old holder's
 * next beat fails and it knows it must stop (decision 0017).
 */
import { type Catalog, isPostgres } from "./database.server";
import { Prisma } from "./generated/client";
import type { CatalogTransaction } from "./transaction";

export interface LeaseState {
  /** Who holds it; "" once released. */
  holder: string;
  /** Raised at every change of holder: a holder's beats count only under its own fence. */
  fence: number;
  beat: number;
}

export function readLease(db: Catalog, name: string): Promise<LeaseState | null> {
  return db.lease.findUnique({ where: { name }, select: { holder: true, fence: true, beat: true } });
}

/**
 * Takes the lease: a first claim when nobody ever held it (`seen` null), else
 * only if it is still exactly as seen. Returns the new fence, or null when
 * another process got there first.
 */
export async function takeLease(db: Catalog, name: string, holder: string, seen: LeaseState | null): Promise<number | null> {
  if (!seen) {
    try {
      await db.lease.create({ data: { name, holder, fence: 1, beat: 0 } });
      return 1;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
      throw error;
    }
  }
  const fence = seen.fence + 1;
  const take = db.lease.updateMany({ where: { name, fence: seen.fence, beat: seen.beat }, data: { holder, fence, beat: 0 } });
  // On PostgreSQL the row is locked FOR UPDATE first, which waits for the old holder's write
  // transactions in flight (checkWriteFence); its beats, plain updates, never wait for them.
  const { count } = isPostgres(db)
    ? (await db.$transaction([db.$queryRaw`SELECT 1 FROM "Lease" WHERE name = ${name} FOR UPDATE`, take]))[1]
    : await take;
  return count === 1 ? fence : null;
}

/** The holder's heartbeat: false when it has been fenced out (someone took the lease over). */
export async function beatLease(db: Catalog, name: string, fence: number): Promise<boolean> {
  const { count } = await db.lease.updateMany({ where: { name, fence }, data: { beat: { increment: 1 } } });
  return count === 1;
}

/**
 * Raises the holder's fence to `to`, unless it has been fenced out meanwhile
 * (false then): for a search index written under another catalog's higher
 * fence (decision 0029).
 */
export async function raiseLeaseFence(db: Catalog, name: string, fence: number, to: number): Promise<boolean> {
  const { count } = await db.lease.updateMany({ where: { name, fence }, data: { fence: to } });
  return count === 1;
}

/** Hands the lease back on a clean stop, so a waiting process takes it at once. */
export async function releaseLease(db: Catalog, name: string, fence: number): Promise<void> {
  await db.lease.updateMany({ where: { name, fence }, data: { holder: "", beat: { increment: 1 } } });
}

/** A write transaction refused: the lease its writes were fenced with has passed to a newer holder. */
export class LeaseLostError extends Error {
  constructor(name: string, fence: number) {
    super(`catalog write refused: written under the "${name}" lease's fence ${fence}, which another holder has raised since`);
    this.name = "LeaseLostError";
  }
}

interface CatalogFence {
  name: string;
  fence: number;
  onFencedOut: (error: LeaseLostError) => void;
}

const writeFences = new WeakMap<Catalog, CatalogFence>();

/**
 * Fences every later writeTransaction of this client with a lease's fence
 * (decision 0029): each first checks, in its own transaction, that the lease
 * still has that fence, and is refused with LeaseLostError otherwise, after
 * `onFencedOut` is called. null lifts the fence (a clean release).
 */
export function fenceWriteTransactions(db: Catalog, fence: CatalogFence | null): void {
  if (fence) writeFences.set(db, fence);
  else writeFences.delete(db);
}

/**
 * First in every write transaction of a fenced client. On PostgreSQL the row
 * is read FOR KEY SHARE: a takeover (which locks it FOR UPDATE) waits until
 * this transaction ends, and one committed before is seen even under READ
 * COMMITTED, while the holder's beats (updates of no key) pass; FOR SHARE
 * would hold a beat up behind every transaction in flight, and a steady
 * stream of them could starve it into a needless takeover. SQLite's writers
 * take turns: a takeover committed after this read fails the transaction's
 * first write as busy, and it runs again.
 */
export async function checkWriteFence(db: Catalog, tx: CatalogTransaction): Promise<void> {
  const fenced = writeFences.get(db);
  if (!fenced) return;
  const lock = Prisma.raw(isPostgres(db) ? "FOR KEY SHARE" : "");
  const [row] = await tx.$queryRaw<Array<{ fence: number }>>`SELECT fence FROM "Lease" WHERE name = ${fenced.name} ${lock}`;
  if (row && Number(row.fence) === fenced.fence) return;
  const error = new LeaseLostError(fenced.name, fenced.fence);
  // Before the throw: a caller may catch and log the error and go on writing.
  fenced.onFencedOut(error);
  throw error;
}
