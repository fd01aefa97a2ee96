/**
 * The response cache of anonymous visitors' public pages (docs/decisions/0013,
 * README "Caching"). proxy.ts answers from it: a stored page is served while
 * the generations it was rendered at are unchanged, read per request from the
 * catalog (one primary-key statement) and the search index, so a change made
 * by any process shows on the next request. A page's first miss at a version
 * is rendered by Next as usual (admissions.ts); asked for again at that
 * version, it is rendered through an internal request to this server, with a
 * placeholder nonce random per launch (never sent to anyone), and stored;
 * every answer replaces the placeholder with the response's own fresh nonce.
 */
import "server-only";
import { createHash } from "node:crypto";
import { newSecret, sameSecret } from "@/lib/auth/secrets";
import { getCatalog } from "@/lib/catalog/database.server";
import { readPageGenerations } from "@/lib/catalog/page-generations";
import { getSearchEngine } from "@/lib/search/shared";
import { Admissions } from "./admissions";
import { pageDependencies } from "./page-dependencies";
import { PageStore, type StoredPage } from "./store";

/**
 * A miss is rendered through this server's port, which several processes of
 * one launcher (scripts/web-processes.mjs) share: it hands them one secret,
 * so whichever answers the render request renders it with the same
 * placeholder. A process on its own makes its own.
 */
const RENDER_SECRET = process.env.GALLEON_RENDER_SECRET || newSecret();
const PLACEHOLDER_NONCE = createHash("sha256").update(`placeholder nonce\0${RENDER_SECRET}`).digest("hex").slice(0, 32);
const PLACEHOLDER = Buffer.from(PLACEHOLDER_NONCE);
const RENDER_HEADER = "x-galleon-render";
/** Tells tests and operators whether an answer came from the store ("hit") or was rendered for it ("miss"). */
export const CACHE_STATUS_HEADER = "X-Galleon-Cache";
/** Client navigations and prefetches: Next answers them with its RSC payload, not the page's HTML. */
const NAVIGATION_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch"];
/** Headers of the rendered answer that belong to one response (proxy.ts sets the CSP and Cache-Control per response). */
const NOT_REPLAYED = new Set([
  "date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding",
  "content-security-policy", "cache-control",
]);
const MAX_PAGES = 4096;
const DEFAULT_MEGABYTES = 64;
/** Pages missed once: about 150 bytes each for a repository page, so the count binds first. */
const MAX_ADMISSIONS = 16_384;
const ADMISSION_BYTES = 4 * 1024 * 1024;

/** GALLEON_RESPONSE_CACHE_MB: the store's bound in megabytes, 0 to 1024 (0 turns the cache off), default 64. */
export function responseCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GALLEON_RESPONSE_CACHE_MB;
  if (raw === undefined || raw === "") return DEFAULT_MEGABYTES * 1024 * 1024;
  const megabytes = Number(raw);
  if (!Number.isInteger(megabytes) || megabytes < 0 || megabytes > 1024) {
    throw new Error(`GALLEON_RESPONSE_CACHE_MB must be an integer from 0 to 1024, got "${raw}"`);
  }
  return megabytes * 1024 * 1024;
}

let store: PageStore | undefined;
const pageStore = () => (store ??= new PageStore(MAX_PAGES, responseCacheBytes()));
const admissions = new Admissions(MAX_ADMISSIONS, ADMISSION_BYTES);
/** Renders under way, by key and version: a burst of requests for a changed page renders it once. */
const rendering = new Map<string, Promise<StoredPage | null>>();

/** The internal request of a miss, from this process: rendered with the placeholder nonce (proxy.ts). */
export function isRenderRequest(request: Request): boolean {
  const secret = request.headers.get(RENDER_HEADER);
  return secret !== null && sameSecret(secret, RENDER_SECRET);
}

export const placeholderNonce = () => PLACEHOLDER_NONCE;

export interface PageRequest {
  request: Request;
  pathname: string;
  search: string;
  /** A session cookie or an Authorization header came with it. */
  credentials: boolean;
}

/**
 * The answer for an anonymous GET or HEAD of a public page, with `nonce` in
 * it; "miss" for a page's first miss at its version, which Next renders as
 * usual (streamed, nothing stored); null for anything the cache does not keep.
 */
export async function cachedPage({ request, pathname, search, credentials }: PageRequest, nonce: string): Promise<Response | "miss" | null> {
  const head = request.method === "HEAD";
  if (credentials || !(head || request.method === "GET") || pageStore().maxBytes === 0) return null;
  // Render requests (another process's too) are rendered, never answered from the cache.
  if (request.headers.has(RENDER_HEADER) || NAVIGATION_HEADERS.some((name) => request.headers.has(name))) return null;
  if (new URLSearchParams(search).has("_rsc")) return null;
  const dependencies = pageDependencies(pathname);
  if (!dependencies) return null;
  const version = await versionOf(dependencies.scopes, dependencies.search);
  if (version === null) return null;
  const key = pathname + search;
  const stored = pageStore().get(key);
  if (stored?.version === version) return answer(stored, nonce, head, "hit");
  if (stored) pageStore().delete(key);
  if (head) return null;
  const renderKey = `${key}\0${version}`;
  let render = rendering.get(renderKey);
  if (!render) {
    if (!admissions.admit(key, version)) return "miss";
    render = renderPage(request, key, version).finally(() => rendering.delete(renderKey));
    rendering.set(renderKey, render);
  }
  // null: the answer is not kept (not a page), or a process of another launch on this port answered
  // the render request as an ordinary one, with a real nonce that must not be shared; Next renders
  // this request here as usual.
  const page = await render;
  return page && answer(page, nonce, head, "miss");
}

/** The day is part of it: the pulls chart ends today. */
async function versionOf(scopes: string[], search: boolean): Promise<string | null> {
  const [generations, index] = await Promise.all([
    readPageGenerations(getCatalog(), scopes),
    search ? getSearchEngine().then((engine) => engine.generation()) : "",
  ]);
  if (index === null) return null;
  return `${new Date().toISOString().slice(0, 10)} ${generations.join(",")} ${index}`;
}

async function renderPage(request: Request, key: string, version: string): Promise<StoredPage | null> {
  const response = await fetch(renderUrl(request, key), {
    headers: { [RENDER_HEADER]: RENDER_SECRET, "accept-encoding": "identity" },
    redirect: "manual",
    cache: "no-store",
  });
  const body = Buffer.from(await response.arrayBuffer());
  // The proxy of this launch's process that took it gave the render request the placeholder's policy (proxy.ts).
  if (!response.headers.get("content-security-policy")?.includes(PLACEHOLDER_NONCE)) return null;
  const headers = [...response.headers].filter(([name]) => !NOT_REPLAYED.has(name));
  const parts = split(body);
  const page = { version, status: response.status, headers, parts, bytes: body.length };
  const type = response.headers.get("content-type") ?? "";
  const storable =
    response.status === 200 &&
    // A page carries the placeholder nonce in its scripts; the search API's JSON has no script.
    ((type.startsWith("text/html") && parts.length > 1) || type.startsWith("application/json")) &&
    !response.headers.has("set-cookie");
  // Anything else (a redirect, a 404, a 400 of the API) is answered by Next itself: a stored answer
  // is replayed as it was, and a redirect's relative Location cannot leave the proxy as it is.
  if (!storable) return null;
  pageStore().set(key, page);
  return page;
}

/** This server's own address (Next records it at start), not the Host a visitor sent. */
function renderUrl(request: Request, key: string): URL {
  const origin = new URL(process.env.__NEXT_PRIVATE_ORIGIN ?? request.url);
  // Next names a server listening on every address "localhost", which may resolve to an address it does not listen on.
  if (origin.hostname === "localhost") origin.hostname = "127.0.0.1";
  return new URL(key, origin);
}

function split(body: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = body.indexOf(PLACEHOLDER); at !== -1; at = body.indexOf(PLACEHOLDER, start)) {
    parts.push(body.subarray(start, at));
    start = at + PLACEHOLDER.length;
  }
  parts.push(body.subarray(start));
  return parts;
}

function answer(page: StoredPage, nonce: string, head: boolean, status: "hit" | "miss"): Response {
  const fresh = Buffer.from(nonce);
  const body = Buffer.concat(page.parts.flatMap((part, i) => (i === 0 ? [part] : [fresh, part])));
  // React sends a page's early preloads as a Link header carrying the nonce when the shell waits on
  // data (as it does on PostgreSQL): it gets the fresh nonce like the body.
  const headers = new Headers(page.headers.map(([name, value]) => [name, value.replaceAll(PLACEHOLDER_NONCE, nonce)]));
  headers.set(CACHE_STATUS_HEADER, status);
  return new Response(head ? null : body, { status: page.status, headers });
}
