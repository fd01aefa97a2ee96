/**
 * The authorization matrix (docs/decisions/0006): every principal against
 * every mutating endpoint and console page, through the running web app.
 * Only the allowed cells succeed; a repository or publisher the principal may
 * not read answers 404, exactly like an unknown one. Every answer of the API
 * is also checked against what the OpenAPI document says of it.
 */
import { type APIRequestContext, type APIResponse, expect, request as playwrightRequest, test } from "@playwright/test";
import sharp from "sharp";
import { loadUserPrincipal } from "@/lib/auth/principal.server";
import type { TokenScope } from "@/lib/auth/policy";
import { sessionCookie, startSession } from "@/lib/auth/sessions.server";
import type { Catalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { openApiDocument } from "@/lib/http/openapi";
import { createApiToken } from "@/lib/publisher/tokens.server";
import { undocumentedAnswer } from "../support/documented-refusals";
import { e2eCatalog } from "./sessions";

const REPOSITORY = "acme/authorization-matrix";
const PRINCIPALS = ["anonymous", "stranger", "editor", "owner", "admin", "readToken", "writeToken", "otherWriteToken"] as const;
type PrincipalName = (typeof PRINCIPALS)[number];

const ACCOUNTS: Partial<Record<PrincipalName, string>> = {
  // An owner, but of another publisher (nimbus).
  stranger: "owner@nimbus.test",
  editor: "editor@acme.test",
  owner: "owner@acme.test",
  admin: "admin@galleon.test",
};

let clients: Record<PrincipalName, APIRequestContext>;
let acmeId: number;

async function tokenFor(db: Catalog, ownerEmail: string, scope: TokenScope, name = `matrix ${scope.toLowerCase()}`): Promise<string> {
  const owner = await db.user.findUniqueOrThrow({ where: { email: ownerEmail }, include: { memberships: true } });
  const principal = (await loadUserPrincipal(db, owner.id))!;
  const auth = { principal, via: "console" as const, session: null };
  const { secret } = await createApiToken(db, auth, owner.memberships[0]!.publisherId, {
    name,
    scope,
    namespaces: [],
    expiresInDays: 1,
  });
  return secret;
}

/** A request context per principal: a session cookie with its CSRF token, a bearer token, or nothing. */
test.beforeAll(async () => {
  const db = e2eCatalog();
  try {
    acmeId = (await db.namespace.findUniqueOrThrow({ where: { name: "acme" } })).publisherId!;
    await saveRepository(db, REPOSITORY, { visibility: "PRIVATE", shortDescription: "Matrix target" });
    const headers: Partial<Record<PrincipalName, Record<string, string>>> = {
      anonymous: {},
      readToken: { authorization: `Bearer ${await tokenFor(db, "owner@acme.test", "READ")}` },
      writeToken: { authorization: `Bearer ${await tokenFor(db, "owner@acme.test", "WRITE")}` },
      otherWriteToken: { authorization: `Bearer ${await tokenFor(db, "owner@nimbus.test", "WRITE")}` },
    };
    for (const [name, email] of Object.entries(ACCOUNTS) as Array<[PrincipalName, string]>) {
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      const session = await startSession(db, user.id);
      headers[name] = { cookie: `${sessionCookie().name}=${session.token}`, "x-csrf-token": session.csrfToken };
    }
    clients = Object.fromEntries(
      await Promise.all(
        PRINCIPALS.map(async (name) => [
          name,
          await playwrightRequest.newContext({
            baseURL: process.env.GALLEON_E2E_URL,
            extraHTTPHeaders: headers[name],
            maxRedirects: 0,
          }),
        ]),
      ),
    ) as Record<PrincipalName, APIRequestContext>;
  } finally {
    await db.$disconnect();
  }
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients ?? {}).map((client) => client.dispose()));
});

type Call = (client: APIRequestContext) => Promise<{ status(): number }>;

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

/** `client`, checking each answer of the API against what the OpenAPI document says of its endpoint and status. */
function documented(client: APIRequestContext): APIRequestContext {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !METHODS.has(property)) return value.bind(target);
      return async (url: string, options?: object) => {
        const response: APIResponse = await value.call(target, url, options);
        if (url.startsWith("/api/")) {
          const answer = { status: response.status(), headers: response.headers(), body: await response.text() };
          expect(undocumentedAnswer(openApiDocument, property, url, answer), `${property.toUpperCase()} ${url}`).toEqual([]);
        }
        return response;
      };
    },
  });
}

/** Runs `call` as every principal, one after another, and compares the statuses with `expected`. */
async function expectMatrix(call: Call, expected: Record<PrincipalName, number>): Promise<void> {
  const actual = {} as Record<PrincipalName, number>;
  for (const name of PRINCIPALS) actual[name] = (await call(documented(clients[name]))).status();
  expect(actual).toEqual(expected);
}

const api = `/api/v1/repositories/${REPOSITORY}`;
const json = (data: unknown) => ({ data, headers: { "content-type": "application/json" } });

test.describe.configure({ mode: "serial", timeout: 120_000 });

test("catalog data: read by readers, written by editors, owners, the admin and write tokens", async () => {
  await expectMatrix((c) => c.get(`${api}/catalog-data`), {
    anonymous: 401, stranger: 404, editor: 200, owner: 200, admin: 200, readToken: 200, writeToken: 200, otherWriteToken: 404,
  });
  await expectMatrix((c) => c.put(`${api}/catalog-data`, json({ shortDescription: "Written by the matrix" })), {
    anonymous: 401, stranger: 404, editor: 200, owner: 200, admin: 200, readToken: 403, writeToken: 200, otherWriteToken: 404,
  });
});

test("visibility: owners, the admin and write tokens; editors and read tokens are refused", async () => {
  await expectMatrix((c) => c.put(`${api}/visibility`, json({ visibility: "PRIVATE" })), {
    anonymous: 401, stranger: 404, editor: 403, owner: 200, admin: 200, readToken: 403, writeToken: 200, otherWriteToken: 404,
  });
});

test("logo: uploaded and removed by who may edit", async () => {
  const logo = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#3366cc" } }).png().toBuffer();
  const expected = {
    anonymous: 401, stranger: 404, editor: 200, owner: 200, admin: 200, readToken: 403, writeToken: 200, otherWriteToken: 404,
  };
  await expectMatrix((c) => c.put(`${api}/logo`, { data: logo, headers: { "content-type": "image/png" } }), expected);
  await expectMatrix((c) => c.delete(`${api}/logo`), expected);
});

test("namespace settings, tokens and the audit log: the publisher's owners and the admin only", async () => {
  await expectMatrix((c) => c.put("/api/v1/namespaces/acme/settings", json({ newRepositoriesPublic: false })), {
    anonymous: 401, stranger: 404, editor: 403, owner: 200, admin: 200, readToken: 403, writeToken: 403, otherWriteToken: 404,
  });
  const manage = { anonymous: 401, stranger: 404, editor: 404, readToken: 404, writeToken: 404, otherWriteToken: 404 };
  await expectMatrix(
    (c) => c.post(`/api/v1/publishers/${acmeId}/tokens`, json({ name: "matrix", scope: "READ", namespaces: [], expiresInDays: 1 })),
    { ...manage, owner: 201, admin: 201 },
  );
  await expectMatrix((c) => c.get(`/api/v1/publishers/${acmeId}/tokens`), { ...manage, owner: 200, admin: 200 });
  await expectMatrix((c) => c.get(`/api/v1/publishers/${acmeId}/audit`), { ...manage, owner: 200, admin: 200 });

  const db = e2eCatalog();
  // One more than the allowed calls revoke, so that every refused call aims at a live token.
  await tokenFor(db, "owner@acme.test", "READ", "matrix");
  const revocable = await db.apiToken.findMany({ where: { publisherId: acmeId, name: "matrix", revokedAt: null } });
  await db.$disconnect();
  expect(revocable).toHaveLength(3);
  let next = 0;
  // Each allowed call revokes the next of these tokens; refused calls revoke nothing.
  await expectMatrix((c) => c.delete(`/api/v1/publishers/${acmeId}/tokens/${revocable[next]!.id}`).then((r) => {
    if (r.status() === 204) next++;
    return r;
  }), { ...manage, owner: 204, admin: 204 });
});

test("site administration: the admin only, and a 404 for everyone else", async () => {
  const others = { stranger: 404, editor: 404, owner: 404, readToken: 404, writeToken: 404, otherWriteToken: 404 };
  await expectMatrix((c) => c.post("/api/v1/admin/publishers", json({ displayName: `Matrix ${Date.now()}` })), {
    anonymous: 401, ...others, admin: 201,
  });
  await expectMatrix((c) => c.put(`/api/v1/admin/publishers/${acmeId}/badges/verified`), {
    anonymous: 401, ...others, admin: 200,
  });
});

test("console pages: signed-in readers only; publisher settings for its owners; /admin for the admin", async () => {
  // Pages know sessions, not tokens: a token-only request is signed out and sent to sign in.
  const signIn = 307;
  const signedOut = { anonymous: signIn, readToken: signIn, writeToken: signIn, otherWriteToken: signIn };
  await expectMatrix((c) => c.get("/console"), { ...signedOut, stranger: 200, editor: 200, owner: 200, admin: 200 });
  await expectMatrix((c) => c.get(`/console/repositories/${REPOSITORY}`), {
    ...signedOut, stranger: 404, editor: 200, owner: 200, admin: 200,
  });
  await expectMatrix((c) => c.get(`/console/publishers/${acmeId}`), {
    ...signedOut, stranger: 404, editor: 404, owner: 200, admin: 200,
  });
  await expectMatrix((c) => c.get("/admin"), {
    anonymous: 404, stranger: 404, editor: 404, owner: 404, admin: 200, readToken: 404, writeToken: 404, otherWriteToken: 404,
  });
});

test("a signed-in request without its CSRF token changes nothing", async () => {
  const db = e2eCatalog();
  try {
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const session = await startSession(db, owner.id);
    const before = await db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } });
    const forged = await playwrightRequest.newContext({
      baseURL: process.env.GALLEON_E2E_URL,
      extraHTTPHeaders: { cookie: `${sessionCookie().name}=${session.token}` },
    });
    const response = await forged.put(`${api}/catalog-data`, json({ shortDescription: "Forged" }));
    expect(response.status()).toBe(403);
    expect((await response.json()).error).toMatch(/CSRF/);
    await forged.dispose();
    const after = await db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } });
    expect(after.revision).toBe(before.revision);
    expect(after.shortDescription).toBe(before.shortDescription);
  } finally {
    await db.$disconnect();
  }
});
