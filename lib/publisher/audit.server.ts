import "server-only";
import type { Authentication } from "@/lib/auth/principal.server";
import { actorLabel } from "@/lib/auth/policy";
import type { AuditActor } from "@/lib/catalog/audit";

/** Who the audit log names for a change made through `auth`. */
export function auditActor({ principal, via }: Authentication): AuditActor {
  return {
    actor: actorLabel(principal),
    userId: principal.kind === "user" ? principal.userId : null,
    tokenId: principal.kind === "token" ? principal.tokenId : null,
    via,
  };
}
