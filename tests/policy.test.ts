/** The one authorization rule of every door (docs/decisions/0006), cell by cell. */
import { describe, expect, it } from "vitest";
import { can, canManagePublisher, isAdmin, type Permission, type Principal } from "@/lib/auth/policy";

const user = (role: "OWNER" | "EDITOR" | null, admin = false): Principal => ({
  kind: "user",
  userId: 1,
  email: "someone@example.com",
  admin,
  memberships: role ? [{ publisherId: 7, publisherName: "Acme", role, namespaces: ["acme", "acme-labs"] }] : [],
});
const token = (scope: "READ" | "WRITE", namespaces = ["acme"]): Principal => ({
  kind: "token",
  tokenId: 1,
  name: "ci",
  displayPrefix: "glt_abcdef",
  publisherId: 7,
  scope,
  namespaces,
});

const PERMISSIONS: Permission[] = ["read", "edit", "visibility", "manage"];
const allowed = (principal: Principal | null, namespace = "acme") => PERMISSIONS.filter((p) => can(principal, p, namespace));

describe("can", () => {
  it("gives each principal exactly its permissions in its namespaces", () => {
    expect(allowed(null)).toEqual([]);
    expect(allowed(user(null))).toEqual([]);
    expect(allowed(user("EDITOR"))).toEqual(["read", "edit"]);
    expect(allowed(user("OWNER"))).toEqual(PERMISSIONS);
    expect(allowed(user(null, true))).toEqual(PERMISSIONS);
    expect(allowed(token("READ"))).toEqual(["read"]);
    expect(allowed(token("WRITE"))).toEqual(["read", "edit", "visibility"]);
  });

  it("gives nothing outside the principal's namespaces, except to the admin", () => {
    expect(allowed(user("OWNER"), "nimbus")).toEqual([]);
    expect(allowed(token("WRITE"), "acme-labs")).toEqual([]);
    expect(allowed(user(null, true), "nimbus")).toEqual(PERMISSIONS);
  });

  it("lets only owners and the admin manage a publisher, and only the admin administer the site", () => {
    expect([user("OWNER"), user("EDITOR"), user(null, true), token("WRITE")].map((p) => canManagePublisher(p, 7))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(canManagePublisher(user("OWNER"), 8)).toBe(false);
    expect([user("OWNER"), user(null, true), token("WRITE"), null].map(isAdmin)).toEqual([false, true, false, false]);
  });
});
