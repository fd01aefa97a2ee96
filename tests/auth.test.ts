/**
 * Identity and access against a real, migrated catalog: passwords, sessions,
 * sign-in throttling, CSRF tokens and the rules that link OpenID Connect
 * identities to accounts.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCsrfToken, FORM_TOKEN_TTL_MS, fromOwnOrigin, validAnonymousCsrfToken } from "@/lib/auth/csrf.server";
import { formErrorMessage } from "@/lib/auth/forms.server";
import { userForIdentity } from "@/lib/auth/identities.server";
import { acceptInvitationWithNewAccount, createInvitation, findInvitation } from "@/lib/auth/invitations.server";
import { oidcSettings } from "@/lib/auth/oidc.server";
import { hashPassword, PasswordPolicyError, verifyPassword } from "@/lib/auth/passwords.server";
import { safeReturnTo } from "@/lib/auth/return-to";
import { endSession, findSession, sessionCookie, startSession, validCsrfToken } from "@/lib/auth/sessions.server";
import { signInWithPassword } from "@/lib/auth/sign-in.server";
import { siteSecret } from "@/lib/auth/site-secret.server";
import { beginLoginAttempt, LOGIN_LIMITS } from "@/lib/auth/throttle.server";
import { clientAddress } from "@/lib/http/auth-forms.server";
import { createUser } from "@/lib/auth/users.server";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

process.env.GALLEON_SECRET = "a test secret that is long enough to sign tokens";

/** An environment with only `vars` set. */
const envOf = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

let catalog: TestCatalog;
beforeAll(() => {
  catalog = createTestCatalog();
});
afterAll(() => catalog.dispose());

let accounts = 0;
/** A fresh account with a password, so tests do not share throttling counts. */
async function newAccount(password = "correct horse battery") {
  const user = await createUser(catalog.db, { email: `user${++accounts}@example.test`, password });
  return { ...user, password };
}

describe("passwords", () => {
  it("verifies argon2id hashes and refuses short passwords", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "wrong horse battery")).toBe(false);
    expect(await verifyPassword(null, "correct horse battery")).toBe(false);
    expect(() => hashPassword("short")).toThrow(PasswordPolicyError);
  });
});

describe("sessions", () => {
  it("rotates on sign-in: the browser's previous session is revoked", async () => {
    const user = await newAccount();
    const first = await startSession(catalog.db, user.id);
    expect((await findSession(catalog.db, first.token))?.userId).toBe(user.id);
    const second = await startSession(catalog.db, user.id, first.token);
    expect(await findSession(catalog.db, first.token)).toBeNull();
    expect((await findSession(catalog.db, second.token))?.userId).toBe(user.id);
  });

  it("signing out revokes the session on the server", async () => {
    const user = await newAccount();
    const session = await startSession(catalog.db, user.id);
    await endSession(catalog.db, session.token);
    expect(await findSession(catalog.db, session.token)).toBeNull();
  });

  it("expires", async () => {
    const user = await newAccount();
    const session = await startSession(catalog.db, user.id);
    await catalog.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findSession(catalog.db, session.token)).toBeNull();
  });

  it("sets HttpOnly, SameSite=Lax cookies, Secure and __Host- only behind https", () => {
    const https = sessionCookie(envOf({ GALLEON_PUBLIC_URL: "https://gallery.example.com" }));
    expect(https.name).toBe("__Host-galleon_session");
    expect(https.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    const http = sessionCookie(envOf({ GALLEON_PUBLIC_URL: "http://127.0.0.1:3000" }));
    expect(http.name).toBe("galleon_session");
    expect(http.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false, path: "/" });
  });
});

describe("sign-in throttling", () => {
  it("blocks an account after 5 failures, before the password is checked and from any address", async () => {
    const user = await newAccount();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect(await signInWithPassword(catalog.db, user.email, "wrong password!", `10.0.0.${i}`)).toEqual({ wrong: true });
    }
    const blocked = await signInWithPassword(catalog.db, user.email, user.password, "10.0.1.1");
    expect(blocked).toHaveProperty("retryAfterSeconds");
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(14 * 60);
    // The same account under another spelling is the same account.
    expect(await signInWithPassword(catalog.db, ` ${user.email.toUpperCase()}`, user.password, "10.0.1.2")).toHaveProperty(
      "retryAfterSeconds",
    );
  });

  it("answers an unknown account like a wrong password, and counts it", async () => {
    expect(await signInWithPassword(catalog.db, "nobody@example.test", "some password", "10.0.2.1")).toEqual({ wrong: true });
    expect(await catalog.db.loginFailure.count({ where: { key: "account:nobody@example.test" } })).toBe(1);
  });

  it("forgets an account's failures when it signs in", async () => {
    const user = await newAccount();
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) {
      await signInWithPassword(catalog.db, user.email, "wrong password!", "10.0.3.1");
    }
    expect(await signInWithPassword(catalog.db, user.email, user.password, "10.0.3.1")).toEqual({ userId: user.id });
    expect(await catalog.db.loginFailure.count({ where: { key: `account:${user.email}` } })).toBe(0);
    // The address keeps its failures (4), the successful attempt is not one of them.
    expect(await catalog.db.loginFailure.count({ where: { key: "ip:10.0.3.1" } })).toBe(LOGIN_LIMITS.perAccount - 1);
  });

  it("blocks an address after 20 failures across accounts; other addresses go on", async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      await signInWithPassword(catalog.db, `sprayed${i}@example.test`, "Winter2026!", "10.0.4.1");
    }
    const user = await newAccount();
    expect(await signInWithPassword(catalog.db, user.email, user.password, "10.0.4.1")).toHaveProperty("retryAfterSeconds");
    expect(await signInWithPassword(catalog.db, user.email, user.password, "10.0.4.2")).toEqual({ userId: user.id });
  });

  it("counts failures in a 15-minute window and prunes older ones", async () => {
    const email = "windowed@example.test";
    const start = new Date("2030-01-01T00:00:00Z");
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      expect(await beginLoginAttempt(catalog.db, email, "10.0.5.1", new Date(start.getTime() + i * 60_000))).toHaveProperty(
        "allowed",
        true,
      );
    }
    // 5 failures at minutes 0–4: at minute 10 the first one expires at minute 15.
    expect(await beginLoginAttempt(catalog.db, email, "10.0.5.1", new Date(start.getTime() + 10 * 60_000))).toEqual({
      allowed: false,
      retryAfterSeconds: 5 * 60,
    });
    const later = await beginLoginAttempt(catalog.db, email, "10.0.5.1", new Date(start.getTime() + 15 * 60_000));
    expect(later).toHaveProperty("allowed", true);
    expect(await catalog.db.loginFailure.count({ where: { key: `account:${email}` } })).toBe(LOGIN_LIMITS.perAccount);
    expect(await catalog.db.loginFailure.count({ where: { at: { lte: start } } })).toBe(0);
  });

  it("takes the client address from the last X-Forwarded-For entry, the one the last hop wrote", () => {
    const request = (xff?: string) => new Request("http://127.0.0.1/", { headers: xff ? { "x-forwarded-for": xff } : {} });
    expect(clientAddress(request("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(request("1.2.3.4, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(request())).toBe("unknown");
  });
});

describe("CSRF", () => {
  it("accepts an anonymous form's token only with the pre-session cookie it was made for, until it expires", () => {
    const now = Date.now();
    const token = anonymousCsrfToken("browser-a", now);
    expect(validAnonymousCsrfToken("browser-a", token, now)).toBe(true);
    expect(validAnonymousCsrfToken("browser-b", token, now)).toBe(false);
    expect(validAnonymousCsrfToken(undefined, token, now)).toBe(false);
    expect(validAnonymousCsrfToken("browser-a", null, now)).toBe(false);
    expect(validAnonymousCsrfToken("browser-a", `${now + FORM_TOKEN_TTL_MS * 2}.${token.split(".")[1]}`, now)).toBe(false);
    expect(validAnonymousCsrfToken("browser-a", token, now + FORM_TOKEN_TTL_MS + 1)).toBe(false);
  });

  it("accepts a session's form only with that session's token", async () => {
    const user = await newAccount();
    const { token, csrfToken } = await startSession(catalog.db, user.id);
    const session = (await findSession(catalog.db, token))!;
    expect(validCsrfToken(session, csrfToken)).toBe(true);
    expect(validCsrfToken(session, (await startSession(catalog.db, user.id)).csrfToken)).toBe(false);
    expect(validCsrfToken(session, "")).toBe(false);
  });

  it("refuses a foreign Origin", () => {
    const env = envOf({ GALLEON_PUBLIC_URL: "https://gallery.example.com" });
    const post = (origin?: string) =>
      new Request("https://gallery.example.com/auth/sign-out", { method: "POST", headers: origin ? { origin } : {} });
    expect(fromOwnOrigin(post("https://gallery.example.com").headers.get("origin"), env)).toBe(true);
    expect(fromOwnOrigin(post().headers.get("origin"), env)).toBe(true);
    expect(fromOwnOrigin(post("https://evil.example").headers.get("origin"), env)).toBe(false);
    expect(fromOwnOrigin(post("null").headers.get("origin"), env)).toBe(false);
  });

  it("signs with GALLEON_SECRET, or a secret generated once beside the catalog (mode 0600)", () => {
    expect(() => siteSecret(envOf({ GALLEON_SECRET: "short" }))).toThrow(/32 characters/);
    const dir = mkdtempSync(path.join(tmpdir(), "galleon-secret-"));
    try {
      const env = envOf({ DATABASE_URL: `file:${path.join(dir, "catalog.db")}` });
      const secret = siteSecret(env);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
      expect(siteSecret(env).equals(secret)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("returning after sign-in", () => {
  it("goes back only to a path of this site", () => {
    expect(safeReturnTo("/console/publishers/1?tab=tokens")).toBe("/console/publishers/1?tab=tokens");
    expect(safeReturnTo("/auth/invitations/abc")).toBe("/auth/invitations/abc");
    for (const away of ["//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "", undefined]) {
      expect(safeReturnTo(away)).toBe("/console");
    }
  });
});

describe("OpenID Connect accounts", () => {
  const issuer = "https://id.example.com";
  let publisherId: number;
  beforeAll(async () => {
    publisherId = (await catalog.db.publisher.create({ data: { displayName: "Linkers Inc" } })).id;
  });

  it("signs a linked identity in to its user, whatever its email says now", async () => {
    const user = await newAccount();
    await catalog.db.externalIdentity.create({ data: { issuer, subject: "linked-1", userId: user.id } });
    expect(await userForIdentity(catalog.db, { issuer, subject: "linked-1", email: "else@example.test", emailVerified: true }, false)).toBe(
      user.id,
    );
  });

  it("links a verified email to the user who has it; an unverified one links nothing", async () => {
    const user = await newAccount();
    expect(await userForIdentity(catalog.db, { issuer, subject: "unverified-1", email: user.email, emailVerified: false }, true)).toBeNull();
    expect(await catalog.db.externalIdentity.count({ where: { subject: "unverified-1" } })).toBe(0);
    expect(
      await userForIdentity(catalog.db, { issuer, subject: "verified-1", email: user.email.toUpperCase(), emailVerified: true }, false),
    ).toBe(user.id);
    expect(await catalog.db.externalIdentity.findUnique({ where: { issuer_subject: { issuer, subject: "verified-1" } } })).toMatchObject({
      userId: user.id,
    });
  });

  it("creates the invited user and accepts the invitation", async () => {
    const { token } = await createInvitation(catalog.db, { publisherId, email: "invited-oidc@example.test", role: "EDITOR" });
    const userId = await userForIdentity(
      catalog.db,
      { issuer, subject: "invited-1", email: "invited-oidc@example.test", emailVerified: true },
      false,
    );
    const user = await catalog.db.user.findUniqueOrThrow({ where: { id: userId! }, include: { memberships: true } });
    expect(user).toMatchObject({ email: "invited-oidc@example.test", passwordHash: null });
    expect(user.memberships).toEqual([expect.objectContaining({ publisherId, role: "EDITOR" })]);
    expect(await findInvitation(catalog.db, token)).toBeNull();
  });

  it("refuses an identity with no account, invitation or open sign-up, storing nothing; creates one with sign-up open", async () => {
    const stranger = { issuer, subject: "stranger-1", email: "stranger@example.test", emailVerified: true };
    expect(await userForIdentity(catalog.db, stranger, false)).toBeNull();
    expect(await catalog.db.user.count({ where: { email: stranger.email } })).toBe(0);
    expect(await catalog.db.externalIdentity.count({ where: { subject: stranger.subject } })).toBe(0);
    const userId = await userForIdentity(catalog.db, stranger, true);
    expect(await catalog.db.user.findUnique({ where: { id: userId! }, include: { memberships: true } })).toMatchObject({
      email: stranger.email,
      memberships: [],
    });
  });

  it("accepts only https issuers, or http on a loopback address", () => {
    const env = (issuer: string) => envOf({ GALLEON_OIDC_ISSUER: issuer, GALLEON_OIDC_CLIENT_ID: "galleon", GALLEON_OIDC_CLIENT_SECRET: "s" });
    expect(oidcSettings(envOf())).toBeNull();
    expect(oidcSettings(env("https://id.example.com"))?.name).toBe("OpenID Connect");
    expect(oidcSettings(env("http://127.0.0.1:4000"))?.issuer.href).toBe("http://127.0.0.1:4000/");
    expect(() => oidcSettings(env("http://id.example.com"))).toThrow(/https/);
  });

  it("shows a provider's error code but no text smuggled into the sign-in page's address", () => {
    expect(formErrorMessage("oidc:access_denied", "Dex")).toMatch(/^Dex did not sign you in/);
    expect(formErrorMessage("oidc:temporarily_unavailable", "Dex")).toBe("Dex refused the sign-in (temporarily_unavailable).");
    expect(formErrorMessage("oidc:Call +1 555 0100 for help", "Dex")).toBeNull();
  });
});

describe("invitations", () => {
  it("creates the invited account with a password, or nothing when the password is refused", async () => {
    const publisher = await catalog.db.publisher.create({ data: { displayName: "Invites Ltd" } });
    const { token } = await createInvitation(catalog.db, { publisherId: publisher.id, email: "new-member@example.test", role: "OWNER" });
    await expect(acceptInvitationWithNewAccount(catalog.db, token, "short")).rejects.toBeInstanceOf(PasswordPolicyError);
    expect(await catalog.db.user.count({ where: { email: "new-member@example.test" } })).toBe(0);
    expect(await findInvitation(catalog.db, token)).not.toBeNull();

    const userId = await acceptInvitationWithNewAccount(catalog.db, token, "a long enough password");
    expect(await catalog.db.membership.findMany({ where: { userId: userId! } })).toEqual([
      expect.objectContaining({ publisherId: publisher.id, role: "OWNER" }),
    ]);
    expect(await acceptInvitationWithNewAccount(catalog.db, token, "a long enough password")).toBeNull();
  });
});
