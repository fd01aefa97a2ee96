/**
 * Who may do what, for every door (console, API, CLI, admin page): one
 * function, `can`, so the doors cannot drift apart. Pure: principals are
 * loaded by principal.server.ts.
 */

export const ROLES = ["OWNER", "EDITOR"] as const;
export type Role = (typeof ROLES)[number];
export const TOKEN_SCOPES = ["READ", "WRITE"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface PublisherMembership {
  publisherId: number;
  publisherName: string;
  role: Role;
  /** The namespaces the publisher owns. */
  namespaces: string[];
}

export type Principal =
  | {
      kind: "user";
      userId: number;
      email: string;
      admin: boolean;
      memberships: PublisherMembership[];
    }
  | {
      kind: "token";
      tokenId: number;
      name: string;
      displayPrefix: string;
      publisherId: number;
      scope: TokenScope;
      /** The namespaces it covers: those it names, or all its publisher's, and only those its publisher still owns. */
      namespaces: string[];
    }
  | {
      /** The site operator in a shell on the server (`galleon admin …`): may do what an admin may. */
      kind: "operator";
      /** The OS user running the command, for the audit log. */
      osUser: string;
    };

/**
 * - read: a repository's catalog data, public or private;
 * - edit: its descriptions, categories, default tag and logo;
 * - visibility: making it public or private;
 * - manage: the namespace's settings, the publisher's API tokens and audit log.
 */
export type Permission = "read" | "edit" | "visibility" | "manage";

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  OWNER: ["read", "edit", "visibility", "manage"],
  EDITOR: ["read", "edit"],
};
// Tokens serve CI and scripts: never token or setting management.
const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  READ: ["read"],
  WRITE: ["read", "edit", "visibility"],
};

/** Whether `principal` may do `permission` on repositories of `namespace`. */
export function can(principal: Principal | null, permission: Permission, namespace: string): boolean {
  if (!principal) return false;
  if (principal.kind === "token") {
    return principal.namespaces.includes(namespace) && SCOPE_PERMISSIONS[principal.scope].includes(permission);
  }
  if (isAdmin(principal)) return true;
  return principal.kind === "user" && principal.memberships.some(
    (m) => m.namespaces.includes(namespace) && ROLE_PERMISSIONS[m.role].includes(permission),
  );
}

/** Whether `principal` may manage a publisher as a whole (tokens, audit log, namespace settings). */
export function canManagePublisher(principal: Principal | null, publisherId: number): boolean {
  if (isAdmin(principal)) return true;
  return principal?.kind === "user" && principal.memberships.some((m) => m.publisherId === publisherId && m.role === "OWNER");
}

/** The site operator: creates publishers, assigns namespaces, invites members, grants badges. */
export function isAdmin(principal: Principal | null): boolean {
  return (principal?.kind === "user" && principal.admin) || principal?.kind === "operator";
}

/** How the principal is named in the audit log. */
export function actorLabel(principal: Principal): string {
  switch (principal.kind) {
    case "user":
      return principal.email;
    case "token":
      return `token "${principal.name}" (${principal.displayPrefix}…)`;
    case "operator":
      return `operator ${principal.osUser} (cli)`;
  }
}
