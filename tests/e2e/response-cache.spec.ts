/**
 * The response cache of anonymous public pages and search API answers
 * (lib/response-cache, decision 0013) in the built app: a page's first miss is rendered as usual, the second
 * is stored, and a stored page comes back byte for byte apart from a fresh
 * nonce that matches its policy, and any change to what it shows, written
 * by another process (this one, the indexer), shows on the very next request.
 */
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { sessionCookie } from "@/lib/auth/sessions.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { CACHE_STATUS_HEADER } from "@/lib/response-cache/serve.server";
import { pushImage } from "../support/images";
import { expect, test } from "./fixtures";
import { e2eCatalog, signInAs } from "./sessions";

test.describe.configure({ timeout: 120_000 });

const policyNonceOf = (response: APIResponse) => /'nonce-([0-9a-f]+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];

/**
 * The nonce of a response's policy, checked to be the only one its scripts
 * and its Link header (React's early preloads, sent when the shell waits on
 * data, as on PostgreSQL) carry.
 */
async function nonceOf(response: APIResponse): Promise<{ nonce: string; body: string }> {
  const nonce = policyNonceOf(response);
  expect(nonce).toBeTruthy();
  const body = await response.text();
  const nonces = new Set([...`${body} ${response.headers().link ?? ""}`.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]));
  expect([...nonces]).toEqual([nonce]);
  return { nonce: nonce!, body };
}

/** A public repository of its own with one pushed tag, indexed by the indexer process. */
async function publicRepository(repository: string): Promise<void> {
  await pushImage(process.env.GALLEON_E2E_REGISTRY_URL!, repository, "1.0");
  const db = e2eCatalog();
  try {
    await expect.poll(() => db.tag.count({ where: { repository: { path: repository } } }), { timeout: 30_000 }).toBe(1);
    await saveRepository(db, repository, { visibility: "PUBLIC", shortDescription: "Kept by the response cache", about: "# Cached\n\nAbout." });
  } finally {
    await db.$disconnect();
  }
}

const cacheStatus = (response: APIResponse) => response.headers()[CACHE_STATUS_HEADER.toLowerCase()];

/** Asks for `path` until it is stored (a first miss rendered as usual, a second stored) and returns the hit that follows. */
async function storedPage(request: APIRequestContext, path: string): Promise<APIResponse> {
  expect(cacheStatus(await request.get(path))).toBe("miss");
  expect(cacheStatus(await request.get(path))).toBe("miss");
  const hit = await request.get(path);
  expect(cacheStatus(hit)).toBe("hit");
  return hit;
}

/**
 * storedPage for an answer validated against the whole search index, which
 * other tests' pushes and published pull counts rewrite at any moment (each
 * such write is a miss, rightly): asked until it comes back as a hit.
 */
async function storedSearchAnswer(request: APIRequestContext, path: string): Promise<APIResponse> {
  expect(cacheStatus(await request.get(path))).toBe("miss");
  let hit: APIResponse | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(path);
      if (cacheStatus(response) === "hit") hit = response;
      return cacheStatus(response);
    }, { timeout: 30_000 })
    .toBe("hit");
  return hit!;
}

test("a first miss is rendered as usual, a second is stored, and a stored page comes back byte for byte with a fresh nonce matching its policy, and the headers of a rendered page", async ({
  request,
}) => {
  const repository = "e2e/cache-bytes";
  await publicRepository(repository);
  const first = await request.get(`/${repository}`);
  const filled = await request.get(`/${repository}`);
  const stored = await request.get(`/${repository}`);
  expect([first, filled, stored].map((response) => [response.status(), cacheStatus(response)])).toEqual([
    [200, "miss"],
    [200, "miss"],
    [200, "hit"],
  ]);
  // Rendered by Next without the cache: a session cookie (unknown here, so the page is the anonymous one).
  const rendered = await request.get(`/${repository}`, { headers: { cookie: `${sessionCookie().name}=unknown` } });
  expect(cacheStatus(rendered)).toBeUndefined();

  const [a, b, c, d] = [await nonceOf(first), await nonceOf(filled), await nonceOf(stored), await nonceOf(rendered)];
  expect(new Set([a.nonce, b.nonce, c.nonce, d.nonce]).size).toBe(4);
  const withoutNonce = ({ body, nonce }: { body: string; nonce: string }) => body.replaceAll(nonce, "NONCE");
  expect(withoutNonce(c)).toBe(withoutNonce(b));
  // Not a rendered page's bytes: Next streams Suspense boundaries in the order they resolve, which varies per render.
  for (const page of [a, d]) expect(page.body).toContain("Kept by the response cache");

  // Every header as a rendered page has it, but those of one response and the Cache-Control of a signed-in one.
  const perResponse = new Set(["date", "content-security-policy", "content-length", "transfer-encoding", "connection", "keep-alive", "cache-control"]);
  const stable = (response: APIResponse) =>
    Object.fromEntries(
      Object.entries(response.headers())
        .filter(([name]) => !perResponse.has(name) && name !== CACHE_STATUS_HEADER.toLowerCase())
        .map(([name, value]) => [name, value.replaceAll(policyNonceOf(response)!, "NONCE")]),
    );
  for (const response of [first, filled, stored]) expect(stable(response)).toEqual(stable(rendered));
  expect(stored.headers()["cache-control"]).toMatch(/^public, max-age=0, s-maxage=\d+$/);
  for (const response of [first, filled]) expect(response.headers()["cache-control"]).toBe(stored.headers()["cache-control"]);
});

test("a repository made private by another process is a 404 on the very next request, the stored page never served again", async ({
  request,
}) => {
  const repository = "e2e/cache-private";
  await publicRepository(repository);
  await storedPage(request, `/${repository}`);

  const db = e2eCatalog();
  try {
    await saveRepository(db, repository, { visibility: "PRIVATE" });
  } finally {
    await db.$disconnect();
  }
  const next = await request.get(`/${repository}`);
  expect(next.status()).toBe(404);
  expect(await next.text()).not.toContain("Kept by the response cache");
  expect((await request.get(`/${repository}?tab=tags`)).status()).toBe(404);
});

test("a tag pushed to the registry shows on the next request once the indexer has stored it", async ({ request }) => {
  const repository = "e2e/cache-push";
  await publicRepository(repository);
  const tagsTab = `/${repository}?tab=tags`;
  expect(await (await storedPage(request, tagsTab)).text()).not.toContain("2.0-cached");

  await pushImage(process.env.GALLEON_E2E_REGISTRY_URL!, repository, "2.0-cached");
  const db = e2eCatalog();
  try {
    await expect.poll(() => db.tag.count({ where: { repository: { path: repository }, name: "2.0-cached" } }), { timeout: 30_000 }).toBe(1);
  } finally {
    await db.$disconnect();
  }
  const next = await request.get(tagsTab);
  expect(cacheStatus(next)).toBe("miss");
  expect(await next.text()).toContain("2.0-cached");
  // That was the first miss at the new version; the second stores it again.
  expect(cacheStatus(await request.get(tagsTab))).toBe("miss");
  const stored = await request.get(tagsTab);
  expect(cacheStatus(stored)).toBe("hit");
  expect(await stored.text()).toContain("2.0-cached");
});

test("the search API is answered from the cache while search and the listings are unchanged, and misses at once for a repository made private", async ({
  request,
}) => {
  const repository = "e2e/cache-search-api";
  await publicRepository(repository);
  const api = "/api/v1/search?q=cache-search-api";
  const fullNames = async (response: APIResponse) => ((await response.json()) as { hits: Array<{ fullName: string }> }).hits.map((hit) => hit.fullName);
  // The indexer takes the repository made public into search on its own time (asked under another
  // URL, so that `api` is still unasked at the version it shows).
  await expect.poll(async () => fullNames(await request.get(`${api}&sort=relevance`)), { timeout: 30_000 }).toContain(repository);
  const hit = await storedSearchAnswer(request, api);
  expect(hit.headers()["content-type"]).toMatch(/^application\/json/);
  expect(await fullNames(hit)).toContain(repository);
  expect(hit.headers()["cache-control"]).toMatch(/^public, max-age=0, s-maxage=\d+$/);

  const db = e2eCatalog();
  try {
    await saveRepository(db, repository, { visibility: "PRIVATE" });
  } finally {
    await db.$disconnect();
  }
  expect(cacheStatus(await request.get(api))).toBe("miss");
  await expect.poll(async () => fullNames(await request.get(api)), { timeout: 30_000 }).not.toContain(repository);
});

test("a signed-in visitor's pages are never served from the cache", async ({ context, request }) => {
  const repository = "e2e/cache-signed-in";
  await publicRepository(repository);
  await storedPage(request, `/${repository}`);

  await signInAs(context, "owner@acme.test");
  const signedIn = await context.request.get(`/${repository}`);
  expect(signedIn.status()).toBe(200);
  expect(cacheStatus(signedIn)).toBeUndefined();
  expect(signedIn.headers()["cache-control"]).toBe("private, no-store");
  const { body } = await nonceOf(signedIn);
  // The signed-in header (the console link) only a rendered page has.
  expect(body).toContain('href="/console"');
  expect(await (await request.get(`/${repository}`)).text()).not.toContain('href="/console"');
});

test("a search that redirects to a tag's page redirects every time, never stored", async ({ request }) => {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const response = await request.get("/search?q=nginx%3A1.27", { maxRedirects: 0 });
    expect(response.status(), `request ${attempt}`).toBe(307);
    expect(response.headers().location, `request ${attempt}`).toBe("/library/nginx/tags/1.27");
  }
});
