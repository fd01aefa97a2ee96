/**
 * The publisher side's service layer and API endpoints on a real, migrated
 * catalog and a real embedded search index: edits, conflicts, refusals,
 * audit, visibility, tokens, logos and the Markdown preview.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Authentication, authenticate } from "@/lib/auth/principal.server";
import { secretHash } from "@/lib/auth/secrets";
import { createUser, setMembership } from "@/lib/auth/users.server";
import { LIMITS } from "@/lib/catalog/catalog-data";
import { closeCatalog } from "@/lib/catalog/database.server";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { POST as previewMarkdown } from "@/app/api/v1/markdown/preview/route";
import { PUT as putNamespaceSettings } from "@/app/api/v1/namespaces/[namespace]/settings/route";
import { DELETE as deleteToken } from "@/app/api/v1/publishers/[id]/tokens/[tokenId]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/v1/publishers/[id]/tokens/route";
import { GET as getRepository, PUT as putRepository } from "@/app/api/v1/repositories/[...path]/route";
import { credentialsOf } from "@/lib/http/publisher-routes.server";
import { processLogo } from "@/lib/publisher/logo.server";
import { changeNamespaceSettings } from "@/lib/publisher/publishers.server";
import {
  changeVisibility,
  getEditableRepository,
  type PublisherContext,
  setLogo,
  updateCatalogData,
} from "@/lib/publisher/repository-editing.server";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/publisher/tokens.server";
import { EmbeddedSearchEngine } from "@/lib/search";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { authenticationOf, refusal } from "./support/principals";
import { testDocument } from "./support/search-documents";

let catalog: TestCatalog;
let searchDir: string;
let search: EmbeddedSearchEngine;
let owner: Authentication;
let editor: Authentication;
let stranger: Authentication;
let acmeId: number;

const REPOSITORY = "acme/app";

const ctx = (auth: Authentication): PublisherContext => ({ db: catalog.db, auth, search });
// The API's route handlers, called as Next calls them.
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const repositoryEndpoint = (request: Request, path: string[]) =>
  (request.method === "GET" ? getRepository : putRepository)(request, params({ path }));
const namespaceSettingsEndpoint = (request: Request, namespace: string) => putNamespaceSettings(request, params({ namespace }));
const tokensEndpoint = (request: Request, id: string) => (request.method === "GET" ? listTokens : createToken)(request, params({ id }));
const tokenEndpoint = (request: Request, id: string, tokenId: string) => deleteToken(request, params({ id, tokenId }));
const markdownPreviewEndpoint = previewMarkdown;
const stored = () => catalog.db.repository.findUniqueOrThrow({ where: { path: REPOSITORY } });

beforeAll(async () => {
  catalog = createTestCatalog();
  searchDir = mkdtempSync(path.join(tmpdir(), "galleon-publisher-search-"));
  // The API endpoints open the process's catalog and search index from the environment.
  process.env.DATABASE_URL = catalog.url;
  process.env.GALLEON_SEARCH_DB = path.join(searchDir, "search.db");
  search = new EmbeddedSearchEngine(path.join(searchDir, "service.db"));
  await search.setup();
  acmeId = await savePublisher(catalog.db, {
    displayName: "Acme",
    verified: false,
    official: false,
    namespaces: ["acme", "acme-labs"],
  });
  const nimbusId = await savePublisher(catalog.db, { displayName: "Nimbus", verified: false, official: false, namespaces: ["nimbus"] });
  for (const [email, publisherId, role] of [
    ["owner@acme.test", acmeId, "OWNER"],
    ["editor@acme.test", acmeId, "EDITOR"],
    ["owner@nimbus.test", nimbusId, "OWNER"],
  ] as const) {
    const user = await createUser(catalog.db, { email, password: "a-password-for-tests" });
    await setMembership(catalog.db, user.id, publisherId, role);
  }
  await saveRepository(catalog.db, REPOSITORY, { shortDescription: "An app" });
  await saveRepository(catalog.db, "acme-labs/experiment", { shortDescription: "Lab" });
  owner = await authenticationOf(catalog.db, "owner@acme.test");
  editor = await authenticationOf(catalog.db, "editor@acme.test");
  stranger = await authenticationOf(catalog.db, "owner@nimbus.test");
});

afterAll(async () => {
  await closeCatalog();
  await search.close();
  await catalog.dispose();
  rmSync(searchDir, { recursive: true, force: true });
});

describe("catalog data edits", () => {
  it("saves, bumps the revision, queues a CatalogChange and audits who, what and through which door", async () => {
    const before = await stored();
    const changes = await catalog.db.catalogChange.count({ where: { repository: REPOSITORY } });
    const { revision } = await updateCatalogData(
      ctx(editor),
      REPOSITORY,
      { about: "# Hello", categories: ["databases"] },
      before.revision,
    );
    expect(revision).toBe(before.revision + 1);
    expect(await getEditableRepository(catalog.db, editor.principal, REPOSITORY)).toMatchObject({
      about: "# Hello",
      categories: ["databases"],
      revision,
    });
    expect(await catalog.db.catalogChange.count({ where: { repository: REPOSITORY } })).toBe(changes + 1);
    const entry = await catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({
      publisherId: acmeId,
      actor: "editor@acme.test",
      via: "console",
      action: "repository.catalog-data",
      target: REPOSITORY,
    });
    expect(JSON.parse(entry.detail)).toEqual({ fields: ["about", "categories"] });
  });

  it("refuses a save based on an old revision with 409 and keeps the newer text", async () => {
    const { revision } = await stored();
    await updateCatalogData(ctx(owner), REPOSITORY, { usage: "theirs" }, revision);
    const error = await refusal(updateCatalogData(ctx(editor), REPOSITORY, { usage: "mine" }, revision));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/Someone else saved this repository/);
    expect((await stored()).usage).toBe("theirs");
  });

  it("refuses invalid data naming the field, storing nothing and auditing nothing", async () => {
    const before = await stored();
    const audits = await catalog.db.auditEntry.count();
    const error = await refusal(
      updateCatalogData(ctx(owner), REPOSITORY, { shortDescription: "changed", about: "a".repeat(LIMITS.about + 1) }),
    );
    expect(error).toMatchObject({ status: 400, field: "about" });
    expect(error.message).toMatch(/about is 25601 characters long; the limit is 25600/);
    const tooMany = await refusal(
      updateCatalogData(ctx(owner), REPOSITORY, {
        categories: ["databases", "storage", "security", "networking", "messaging", "monitoring"],
      }),
    );
    expect(tooMany).toMatchObject({ status: 400, field: "categories" });
    expect(await stored()).toEqual(before);
    expect(await catalog.db.auditEntry.count()).toBe(audits);
  });

  it("answers 404 to principals of other publishers, like an unknown repository", async () => {
    const error = await refusal(updateCatalogData(ctx(stranger), REPOSITORY, { about: "x" }));
    expect(error).toMatchObject({ status: 404, message: "not found" });
    const unknown = await refusal(updateCatalogData(ctx(owner), "acme/unknown", { about: "x" }));
    expect(unknown).toMatchObject({ status: 404, message: "not found" });
  });
});

describe("visibility", () => {
  it("is the owners' to change: editors are refused with 403", async () => {
    const error = await refusal(changeVisibility(ctx(editor), REPOSITORY, "PUBLIC"));
    expect(error.status).toBe(403);
    expect((await stored()).visibility).toBe("PRIVATE");
  });

  it("made public queues a CatalogChange for the indexer; made private leaves search at once", async () => {
    const changes = await catalog.db.catalogChange.count({ where: { repository: REPOSITORY } });
    await changeVisibility(ctx(owner), REPOSITORY, "PUBLIC");
    expect((await stored()).visibility).toBe("PUBLIC");
    expect(await catalog.db.catalogChange.count({ where: { repository: REPOSITORY } })).toBe(changes + 1);
    // What the indexer would write for the public repository.
    await search.replace([testDocument(REPOSITORY)]);
    expect(await search.listFullNames()).toContain(REPOSITORY);

    await changeVisibility(ctx(owner), REPOSITORY, "PRIVATE");
    expect(await search.listFullNames()).not.toContain(REPOSITORY);
    expect((await stored()).visibility).toBe("PRIVATE");
    const entry = await catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "repository.visibility", actor: "owner@acme.test" });
    expect(JSON.parse(entry.detail)).toEqual({ from: "PUBLIC", to: "PRIVATE" });
  });
});

describe("API tokens", () => {
  it("shows the secret once, stores only its hash, and authenticates until revoked", async () => {
    const { id, secret } = await createApiToken(catalog.db, owner, acmeId, {
      name: "ci",
      scope: "WRITE",
      namespaces: [],
      expiresInDays: 30,
    });
    const row = await catalog.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(secretHash(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = (await listApiTokens(catalog.db, acmeId)).find((t) => t.id === id)!;
    expect(listed).not.toHaveProperty("tokenHash");
    expect(JSON.stringify(listed)).not.toContain(secret.slice(12));

    const request = () => new Request("http://gallery.test/", { headers: { authorization: `Bearer ${secret}` } });
    const auth = await authenticate(catalog.db, credentialsOf(request()));
    expect(auth).toMatchObject({ via: "api", principal: { kind: "token", namespaces: ["acme", "acme-labs"] } });
    await revokeApiToken(catalog.db, owner, id);
    expect(await authenticate(catalog.db, credentialsOf(request()))).toBeNull();
  });

  it("rejects expired tokens", async () => {
    const { id, secret } = await createApiToken(catalog.db, owner, acmeId, {
      name: "old",
      scope: "READ",
      namespaces: [],
      expiresInDays: 1,
    });
    await catalog.db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const request = new Request("http://gallery.test/", { headers: { authorization: `Bearer ${secret}` } });
    expect(await authenticate(catalog.db, credentialsOf(request))).toBeNull();
  });

  it("covers only the namespaces it names, and only what its scope allows", async () => {
    const write = await createApiToken(catalog.db, owner, acmeId, {
      name: "labs",
      scope: "WRITE",
      namespaces: ["acme-labs"],
      expiresInDays: 30,
    });
    const auth = (await authenticate(
      catalog.db,
      credentialsOf(new Request("http://gallery.test/", { headers: { authorization: `Bearer ${write.secret}` } })),
    ))!;
    await updateCatalogData(ctx(auth), "acme-labs/experiment", { about: "from CI" });
    expect((await refusal(updateCatalogData(ctx(auth), REPOSITORY, { about: "x" }))).status).toBe(404);

    const read = await createApiToken(catalog.db, owner, acmeId, { name: "ro", scope: "READ", namespaces: [], expiresInDays: 30 });
    const readAuth = (await authenticate(
      catalog.db,
      credentialsOf(new Request("http://gallery.test/", { headers: { authorization: `Bearer ${read.secret}` } })),
    ))!;
    expect((await getEditableRepository(catalog.db, readAuth.principal, REPOSITORY)).path).toBe(REPOSITORY);
    expect((await refusal(updateCatalogData(ctx(readAuth), REPOSITORY, { about: "x" }))).status).toBe(403);
  });

  it("may not be managed by editors, other publishers or tokens", async () => {
    const request = { name: "x", scope: "READ" as const, namespaces: [], expiresInDays: 1 };
    expect((await refusal(createApiToken(catalog.db, editor, acmeId, request))).status).toBe(403);
    expect((await refusal(createApiToken(catalog.db, stranger, acmeId, request))).status).toBe(403);
  });
});

/** A test image of `width`×`height` in `format`, made by sharp. */
function image(format: "png" | "jpeg" | "webp" | "gif", width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .toFormat(format)
    .toBuffer();
}

describe("logo processing", () => {
  it.each([
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["webp", "image/webp"],
  ] as const)("accepts %s and re-encodes it to WebP", async (format, type) => {
    const logo = await processLogo(await image(format), type);
    expect(logo).toMatchObject({ mediaType: "image/webp", width: 120, height: 80 });
    expect(await sharp(logo.bytes).metadata()).toMatchObject({ format: "webp", width: 120, height: 80 });
  });

  it("drops the upload's metadata", async () => {
    const withExif = await sharp(await image("jpeg"))
      .withExif({ IFD0: { Copyright: "secret location" } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const logo = await processLogo(withExif, "image/jpeg");
    expect((await sharp(logo.bytes).metadata()).exif).toBeUndefined();
    expect(Buffer.from(logo.bytes).includes("secret location")).toBe(false);
  });

  it("refuses everything else with a message for the logo field", async () => {
    // Random pixels do not compress: a real PNG over 500 KB.
    const noise = await sharp(Buffer.from(Array.from({ length: 460 * 460 * 3 }, () => Math.floor(Math.random() * 256))), {
      raw: { width: 460, height: 460, channels: 3 },
    })
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(500 * 1024);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)"/>');
    const cases: Array<[Buffer, string, number, RegExp]> = [
      [svg, "image/svg+xml", 415, /SVG logos are not accepted/],
      [svg, "image/png", 415, /SVG logos are not accepted/],
      [await image("gif"), "image/gif", 415, /GIF logos are not accepted/],
      [await image("png"), "image/jpeg", 415, /a PNG image but was sent as image\/jpeg/],
      [await image("png", 59, 100), "image/png", 400, /59×100 pixels: each side must be 60 to 2048 pixels/],
      [await image("png", 100, 2049), "image/png", 400, /100×2049 pixels/],
      [noise, "image/png", 413, /larger than 500 KB/],
      [Buffer.from("not an image at all"), "image/png", 415, /not a PNG, JPEG or WebP image/],
    ];
    for (const [bytes, type, status, message] of cases) {
      const error = await refusal(processLogo(bytes, type));
      expect(error, `${type} ${message}`).toMatchObject({ status, field: "logo" });
      expect(error.message).toMatch(message);
    }
  });

  it("stores an accepted logo with a revision-stamped URL, and nothing on refusal", async () => {
    const before = await stored();
    const { revision } = await setLogo(ctx(editor), REPOSITORY, await image("png"), "image/png");
    expect(revision).toBe(before.revision + 1);
    expect((await stored()).logo).toBe(`/logos/${REPOSITORY}?v=${revision}`);
    const logo = await catalog.db.repositoryLogo.findUniqueOrThrow({ where: { repositoryId: before.id } });
    expect(logo).toMatchObject({ mediaType: "image/webp", width: 120, height: 80 });

    const after = await stored();
    expect((await refusal(setLogo(ctx(editor), REPOSITORY, await image("gif"), "image/gif"))).status).toBe(415);
    expect(await stored()).toEqual(after);
    expect(await catalog.db.repositoryLogo.findUniqueOrThrow({ where: { repositoryId: before.id } })).toEqual(logo);
  });
});

describe("API endpoints", () => {
  let secret: string;
  beforeAll(async () => {
    ({ secret } = await createApiToken(catalog.db, owner, acmeId, { name: "api", scope: "WRITE", namespaces: [], expiresInDays: 30 }));
  });

  const call = (url: string, method: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Request(`http://gallery.test${url}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("reads and writes catalog data with ETag and If-Match", async () => {
    const segments = ["acme", "app", "catalog-data"];
    const read = await repositoryEndpoint(call("/api/v1/repositories/acme/app/catalog-data", "GET"), segments);
    expect(read.status).toBe(200);
    const data = await read.json();
    expect(data).toMatchObject({ repository: REPOSITORY, registryPath: REPOSITORY, visibility: "PRIVATE" });
    expect(read.headers.get("etag")).toBe(`"${data.revision}"`);

    const put = (body: unknown, revision: number) =>
      repositoryEndpoint(
        call("/api/v1/repositories/acme/app/catalog-data", "PUT", body, {
          "if-match": `"${revision}"`,
          "user-agent": "galleon-cli/1.0",
        }),
        segments,
      );
    const saved = await put({ shortDescription: "From the CLI" }, data.revision);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ shortDescription: "From the CLI", revision: data.revision + 1 });
    expect(await catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      via: "cli",
      actor: expect.stringMatching(/^token "api" \(glt_/),
    });
    const stale = await put({ shortDescription: "Stale" }, data.revision);
    expect(stale.status).toBe(409);
  });

  it("refuses unknown keys and ill-typed values with the field, storing nothing", async () => {
    const before = await stored();
    for (const [body, field, message] of [
      [{ shortDescription: "x", descripton: "typo" }, "descripton", /unknown field "descripton"/],
      [{ categories: "databases" }, "categories", /categories must be an array of strings/],
      [{ logo: "https://example.com/x.png" }, "logo", /unknown field "logo"/],
      [{ constructor: "x" }, "constructor", /unknown field "constructor"/],
      [["about"], undefined, /must be a JSON object/],
    ] as const) {
      const response = await repositoryEndpoint(
        call("/api/v1/repositories/acme/app/catalog-data", "PUT", body),
        ["acme", "app", "catalog-data"],
      );
      expect(response.status).toBe(400);
      const json = await response.json();
      expect(json.error).toMatch(message);
      expect(json.field).toBe(field);
    }
    const visibility = await repositoryEndpoint(
      call("/api/v1/repositories/acme/app/visibility", "PUT", { visibility: "public" }),
      ["acme", "app", "visibility"],
    );
    expect(visibility.status).toBe(400);
    expect(await visibility.json()).toEqual({ error: "visibility must be one of PUBLIC, PRIVATE", field: "visibility" });
    expect(await stored()).toEqual(before);
  });

  it("changes namespace settings for owners only, audited", async () => {
    const response = await namespaceSettingsEndpoint(
      new Request("http://gallery.test/", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ newRepositoriesPublic: true }),
      }),
      "acme",
    );
    expect(response.status).toBe(401);
    // Tokens never manage settings.
    const byToken = await namespaceSettingsEndpoint(call("/", "PUT", { newRepositoriesPublic: true }), "acme");
    expect(byToken.status).toBe(403);
    expect((await catalog.db.namespace.findUniqueOrThrow({ where: { name: "acme" } })).newRepositoriesPublic).toBe(false);

    expect((await refusal(changeNamespaceSettings(catalog.db, editor, "acme", true))).status).toBe(403);
    expect((await refusal(changeNamespaceSettings(catalog.db, stranger, "acme", true))).status).toBe(404);
    expect(await changeNamespaceSettings(catalog.db, owner, "acme-labs", true)).toEqual({
      namespace: "acme-labs",
      newRepositoriesPublic: true,
    });
    expect(await catalog.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
      actor: "owner@acme.test",
      action: "namespace.settings",
      target: "acme-labs",
      detail: JSON.stringify({ newRepositoriesPublic: true }),
    });
  });

  it("lets no token list or create tokens", async () => {
    expect((await tokensEndpoint(call("/", "GET"), String(acmeId))).status).toBe(404);
    const created = await tokensEndpoint(call("/", "POST", { name: "x", scope: "READ" }), String(acmeId));
    expect(created.status).toBe(404);
    expect((await tokenEndpoint(call("/", "DELETE"), String(acmeId), "1")).status).toBe(404);
  });

  it("renders hostile Markdown in the preview as the public page does: neutralized", async () => {
    const hostile = [
      "| a | b |\n|---|---|\n| 1 | 2 |",
      "<script>alert(1)</script>",
      `<img src="x" onerror="alert(1)">`,
      "[click](javascript:alert(1))",
      `<iframe src="https://evil.example"></iframe>`,
      "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
    ].join("\n\n");
    const response = await markdownPreviewEndpoint(call("/api/v1/markdown/preview", "POST", { markdown: hostile }));
    expect(response.status).toBe(200);
    const { html } = await response.json();
    expect(html).toContain("<th>a</th>");
    expect(html).not.toMatch(/<script|<iframe|onerror|javascript:|data:image/i);

    const tooLong = await markdownPreviewEndpoint(
      call("/api/v1/markdown/preview", "POST", { markdown: "a".repeat(LIMITS.about + 1) }),
    );
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).field).toBe("markdown");
  });
});
