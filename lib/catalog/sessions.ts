import type { Catalog } from "./database.server";

/** Signed-in browsers: rows keyed by the hash of the cookie's token (the services hash it). */

export interface SessionRow {
  id: string;
  userId: number;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Stores a new session, deleting the one `replaces` names (if any) in the same transaction. */
export async function insertSession(
  db: Catalog,
  session: { id: string; userId: number; csrfToken: string; expiresAt: Date },
  replaces?: string,
): Promise<void> {
  await db.$transaction([
    ...(replaces ? [db.session.deleteMany({ where: { id: replaces } })] : []),
    db.session.create({ data: session }),
  ]);
}

export async function findSessionRow(db: Catalog, id: string): Promise<SessionRow | null> {
  return db.session.findUnique({ where: { id }, select: { id: true, userId: true, csrfToken: true, lastSeenAt: true, expiresAt: true } });
}

/** Records a use of the session and its new expiry. */
export async function touchSession(db: Catalog, id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await db.session.update({ where: { id }, data: { lastSeenAt, expiresAt } });
}

export async function deleteSession(db: Catalog, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}
