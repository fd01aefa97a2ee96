import type { Catalog } from "./database.server";
import type { CatalogTransaction } from "./transaction";

/** Who made a change, as the audit log names them. */
export interface AuditActor {
  actor: string;
  userId: number | null;
  tokenId: number | null;
  /** The door the change came through (console, api, cli). */
  via: string;
}

export interface AuditEvent {
  publisherId: number | null;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** Writes an audit entry in the transaction of the change it records, so neither exists without the other. */
export async function recordAudit(tx: CatalogTransaction, actor: AuditActor, event: AuditEvent): Promise<void> {
  await tx.auditEntry.create({
    data: { ...actor, ...event, detail: JSON.stringify(event.detail ?? {}) },
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** A publisher's audit log, newest first, a page at a time (`before` is the last id seen). */
export async function listAudit(db: Catalog, publisherId: number, before?: number) {
  const entries = await db.auditEntry.findMany({
    where: { publisherId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: AUDIT_PAGE_SIZE,
  });
  return entries.map((entry) => ({ ...entry, detail: JSON.parse(entry.detail) as Record<string, unknown> }));
}
