import type { Catalog } from "@/lib/catalog/client";
import type { CatalogTransaction } from "@/lib/catalog/transaction";
import type { Authentication } from "@/lib/auth/principal.server";
import { actorLabel } from "@/lib/auth/policy";

export interface AuditRecord {
  publisherId: number | null;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** Writes an audit entry in the transaction of the change it records, so neither exists without the other. */
export async function recordAudit(tx: CatalogTransaction, auth: Authentication, record: AuditRecord): Promise<void> {
  const { principal } = auth;
  await tx.auditEntry.create({
    data: {
      publisherId: record.publisherId,
      actor: actorLabel(principal),
      userId: principal.kind === "user" ? principal.userId : null,
      tokenId: principal.kind === "token" ? principal.tokenId : null,
      via: auth.via,
      action: record.action,
      target: record.target,
      detail: JSON.stringify(record.detail ?? {}),
    },
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
