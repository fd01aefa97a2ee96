/** The operator's admin operations on a real, seeded catalog file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findInvitation } from "@/lib/auth/invitations.server";
import type { Principal } from "@/lib/auth/policy";
import { type Authentication, loadTokenPrincipal, loadUserPrincipal } from "@/lib/auth/principal.server";
import { verifyPassword } from "@/lib/auth/passwords.server";
import {
  adminOverview,
  assignNamespaceTo,
  createAccount,
  createPublisher,
  inviteMember,
  setBadge,
  setMemberRole,
} from "@/lib/publisher/admin.server";
import { createApiToken } from "@/lib/publisher/tokens.server";
import { seedCatalog } from "@/scripts/seed/catalog";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { authenticationOf, refusal } from "./support/principals";

let catalog: TestCatalog;
let admin: Authentication;
let owner: Authentication;
let acmeId: number;
const operator: Authentication = { principal: { kind: "operator", osUser: "alice" }, via: "cli", session: null };

const pendingChanges = async () =>
  (await catalog.db.catalogChange.findMany({ where: { processedAt: null } })).map((c) => c.repository).sort();
const markChangesProcessed = () => catalog.db.catalogChange.updateMany({ data: { processedAt: new Date() } });
const lastAudit = () => catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

beforeAll(async () => {
  process.env.GALLEON_PUBLIC_URL = "https://gallery.example";
  catalog = createTestCatalog();
  await seedCatalog(catalog.db);
  admin = await authenticationOf(catalog.db, "admin@galleon.test");
  owner = await authenticationOf(catalog.db, "owner@acme.test");
  acmeId = (await catalog.db.namespace.findUniqueOrThrow({ where: { name: "acme" } })).publisherId!;
});
afterAll(() => catalog.dispose());

describe("who may administer", () => {
  it("refuses owners, editors and tokens as if the admin side did not exist, and stores nothing", async () => {
    const { secret } = await createApiToken(catalog.db, owner, acmeId, { name: "ci", scope: "WRITE", namespaces: [], expiresInDays: 1 });
    const token: Authentication = { principal: (await loadTokenPrincipal(catalog.db, secret))!, via: "api", session: null };
    const before = { publishers: await catalog.db.publisher.count(), audit: await catalog.db.auditEntry.count() };
    for (const auth of [owner, await authenticationOf(catalog.db, "editor@acme.test"), token]) {
      const attempts = [
        createPublisher(catalog.db, auth, { displayName: "Sneaky" }),
        assignNamespaceTo(catalog.db, auth, { namespace: "sneaky", publisherId: acmeId }),
        inviteMember(catalog.db, auth, { publisherId: acmeId, email: "friend@example.com", role: "OWNER" }),
        setMemberRole(catalog.db, auth, { publisherId: acmeId, userId: 1, role: "OWNER" }),
        setBadge(catalog.db, auth, { publisherId: acmeId, badge: "official", granted: true }),
        createAccount(catalog.db, auth, { email: "new-admin@example.com", password: "a long enough password", admin: true }),
        adminOverview(catalog.db, auth.principal),
      ];
      for (const attempt of attempts) expect((await refusal(attempt)).status).toBe(404);
    }
    expect(await catalog.db.publisher.count()).toBe(before.publishers);
    expect(await catalog.db.auditEntry.count()).toBe(before.audit);
    expect(await catalog.db.namespace.findUnique({ where: { name: "sneaky" } })).toBeNull();
    expect(await catalog.db.user.findUnique({ where: { email: "new-admin@example.com" } })).toBeNull();
  });
});

describe("publishers and namespaces", () => {
  it("creates a publisher and gives it a new namespace, audited as the admin in the console", async () => {
    const created = await createPublisher(catalog.db, admin, { displayName: "  Orbit Labs " });
    expect(created.displayName).toBe("Orbit Labs");
    expect(await lastAudit()).toMatchObject({
      publisherId: created.id,
      actor: "admin@galleon.test",
      via: "console",
      action: "publisher.create",
    });

    await assignNamespaceTo(catalog.db, admin, { namespace: "orbit", publisherId: created.id });
    expect(await catalog.db.namespace.findUniqueOrThrow({ where: { name: "orbit" } })).toMatchObject({ publisherId: created.id });
    expect(await lastAudit()).toMatchObject({ publisherId: created.id, action: "namespace.assign", target: "orbit" });

    const overview = await adminOverview(catalog.db, admin.principal);
    expect(overview.publishers.find((p) => p.id === created.id)).toMatchObject({ displayName: "Orbit Labs", namespaces: ["orbit"] });
  });

  it("refuses empty names, invalid and reserved namespaces, and unknown publishers", async () => {
    expect(await refusal(createPublisher(catalog.db, admin, { displayName: "   " }))).toMatchObject({ status: 400, field: "displayName" });
    for (const namespace of ["Upper", "with space", "a/b", "-dash", "x".repeat(65)]) {
      expect(await refusal(assignNamespaceTo(catalog.db, admin, { namespace, publisherId: acmeId }))).toMatchObject({
        status: 400,
        field: "namespace",
      });
    }
    for (const namespace of ["admin", "console", "api", "auth", "search"]) {
      const error = await refusal(assignNamespaceTo(catalog.db, admin, { namespace, publisherId: acmeId }));
      expect(error).toMatchObject({ status: 400, field: "namespace" });
      expect(error.message).toContain("reserved");
      expect(await catalog.db.namespace.findUnique({ where: { name: namespace } })).toBeNull();
    }
    expect(await refusal(assignNamespaceTo(catalog.db, admin, { namespace: "fresh", publisherId: 999_999 }))).toMatchObject({
      status: 404,
      field: "publisherId",
    });
  });

  it("moves a namespace between publishers only when asked to, telling both audit logs and search", async () => {
    const labs = await createPublisher(catalog.db, admin, { displayName: "Nimbus Labs" });
    const nimbusId = (await catalog.db.namespace.findUniqueOrThrow({ where: { name: "nimbus" } })).publisherId!;
    const conflict = await refusal(assignNamespaceTo(catalog.db, admin, { namespace: "nimbus", publisherId: labs.id }));
    expect(conflict.status).toBe(409);
    expect(conflict.message).toContain("Nimbus");
    expect(await catalog.db.namespace.findUniqueOrThrow({ where: { name: "nimbus" } })).toMatchObject({ publisherId: nimbusId });

    await markChangesProcessed();
    await assignNamespaceTo(catalog.db, admin, { namespace: "nimbus", publisherId: labs.id, move: true });
    expect(await catalog.db.namespace.findUniqueOrThrow({ where: { name: "nimbus" } })).toMatchObject({ publisherId: labs.id });
    const nimbusRepositories = await catalog.db.repository.findMany({ where: { namespaceName: "nimbus" } });
    expect(nimbusRepositories.length).toBeGreaterThan(0);
    expect(await pendingChanges()).toEqual(nimbusRepositories.map((r) => r.path).sort());
    const [moved, assigned] = await catalog.db.auditEntry.findMany({ orderBy: { id: "desc" }, take: 2 });
    expect(assigned).toMatchObject({ publisherId: labs.id, action: "namespace.assign", target: "nimbus" });
    expect(moved).toMatchObject({ publisherId: nimbusId, action: "namespace.move", target: "nimbus" });
    // The old owner's member no longer reaches it.
    const nimbusOwner = await authenticationOf(catalog.db, "owner@nimbus.test");
    expect(nimbusOwner.principal.kind === "user" && nimbusOwner.principal.memberships[0]!.namespaces).toEqual([]);
  });
});

describe("members", () => {
  it("adds someone with an account at once, without an invitation", async () => {
    const before = await catalog.db.invitation.count();
    const result = await inviteMember(catalog.db, admin, { publisherId: acmeId, email: " Owner@Nimbus.test ", role: "EDITOR" });
    expect(result).toMatchObject({ status: "member", email: "owner@nimbus.test", role: "EDITOR" });
    expect("link" in result).toBe(false);
    expect(await catalog.db.invitation.count()).toBe(before);
    const user = await catalog.db.user.findUniqueOrThrow({ where: { email: "owner@nimbus.test" } });
    expect(await catalog.db.membership.findUnique({ where: { userId_publisherId: { userId: user.id, publisherId: acmeId } } })).toMatchObject({
      role: "EDITOR",
    });
    expect(await lastAudit()).toMatchObject({ action: "member.add", target: "owner@nimbus.test", publisherId: acmeId });
  });

  it("invites someone without an account with a link on the public URL that only the link carries", async () => {
    const result = await inviteMember(catalog.db, admin, { publisherId: acmeId, email: "newcomer@example.com", role: "OWNER" });
    if (result.status !== "invited") throw new Error("expected an invitation");
    const prefix = "https://gallery.example/auth/invitations/";
    expect(result.link.startsWith(prefix)).toBe(true);
    const invitation = await findInvitation(catalog.db, result.link.slice(prefix.length));
    expect(invitation).toMatchObject({ email: "newcomer@example.com", role: "OWNER", publisherId: acmeId });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "member.invite", target: "newcomer@example.com" });
    expect(audit.detail).not.toContain(result.link.slice(prefix.length));
    expect((await adminOverview(catalog.db, admin.principal)).publishers.find((p) => p.id === acmeId)!.invitations).toEqual([
      expect.objectContaining({ email: "newcomer@example.com", role: "OWNER" }),
    ]);
  });

  it("refuses a bad email or role", async () => {
    expect(await refusal(inviteMember(catalog.db, admin, { publisherId: acmeId, email: "not-an-email", role: "EDITOR" }))).toMatchObject({
      status: 400,
      field: "email",
    });
    expect(await refusal(inviteMember(catalog.db, admin, { publisherId: acmeId, email: "a@b.example", role: "ADMIN" }))).toMatchObject({
      status: 400,
      field: "role",
    });
  });

  it("changes a member's role and removes them", async () => {
    const editor = await catalog.db.user.findUniqueOrThrow({ where: { email: "editor@acme.test" } });
    const key = { userId_publisherId: { userId: editor.id, publisherId: acmeId } };
    await setMemberRole(catalog.db, admin, { publisherId: acmeId, userId: editor.id, role: "OWNER" });
    expect(await catalog.db.membership.findUniqueOrThrow({ where: key })).toMatchObject({ role: "OWNER" });
    expect(await lastAudit()).toMatchObject({ action: "member.role", target: "editor@acme.test" });
    await setMemberRole(catalog.db, admin, { publisherId: acmeId, userId: editor.id, role: null });
    expect(await catalog.db.membership.findUnique({ where: key })).toBeNull();
    expect(await lastAudit()).toMatchObject({ action: "member.remove", target: "editor@acme.test" });
    expect((await refusal(setMemberRole(catalog.db, admin, { publisherId: acmeId, userId: editor.id, role: "EDITOR" }))).status).toBe(404);
  });
});

describe("badges", () => {
  it("grant and revoke queue every repository of the publisher for search", async () => {
    await markChangesProcessed();
    const acmeRepositories = (await catalog.db.repository.findMany({ where: { namespace: { publisherId: acmeId } } })).map((r) => r.path);
    expect(acmeRepositories.length).toBeGreaterThan(0);

    const granted = await setBadge(catalog.db, admin, { publisherId: acmeId, badge: "official", granted: true });
    expect(granted).toMatchObject({ official: true });
    expect(await pendingChanges()).toEqual(acmeRepositories.sort());
    expect(await lastAudit()).toMatchObject({ publisherId: acmeId, action: "badge.grant", target: "official" });

    await markChangesProcessed();
    await setBadge(catalog.db, admin, { publisherId: acmeId, badge: "official", granted: false });
    expect(await catalog.db.publisher.findUniqueOrThrow({ where: { id: acmeId } })).toMatchObject({ official: false });
    expect(await pendingChanges()).toEqual(acmeRepositories.sort());
    expect(await lastAudit()).toMatchObject({ action: "badge.revoke" });
  });
});

describe("accounts", () => {
  it("the operator creates the first admin from a shell, audited as the OS user through the cli", async () => {
    const created = await createAccount(catalog.db, operator, { email: "Root@Example.com", password: "correct horse battery", admin: true });
    const user = await catalog.db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(user).toMatchObject({ email: "root@example.com", admin: true });
    expect(await verifyPassword(user.passwordHash, "correct horse battery")).toBe(true);
    expect(await lastAudit()).toMatchObject({
      publisherId: null,
      actor: "operator alice (cli)",
      userId: null,
      via: "cli",
      action: "user.create",
      target: "root@example.com",
    });
    const principal: Principal | null = await loadUserPrincipal(catalog.db, user.id);
    expect(principal).toMatchObject({ kind: "user", admin: true });
  });

  it("refuses a short password and an email that has an account, storing nothing", async () => {
    const users = await catalog.db.user.count();
    expect(await refusal(createAccount(catalog.db, operator, { email: "short@example.com", password: "short", admin: false }))).toMatchObject({
      status: 400,
      field: "password",
    });
    expect(await refusal(createAccount(catalog.db, operator, { email: "owner@acme.test", password: "long enough password", admin: false }))).toMatchObject({
      status: 400,
      field: "email",
    });
    expect(await catalog.db.user.count()).toBe(users);
  });
});
