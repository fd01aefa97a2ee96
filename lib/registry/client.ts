/** Reads an OCI Distribution registry: tags, manifests, config blobs and the catalog. */

import { Authenticator } from "./auth";
import { ListingLimitError, ManifestError, NotFoundError, UnexpectedResponseError, type Subject } from "./errors";
import { checkStatus, discard, readCapped, send, withRetries, type HttpOptions } from "./http";
import {
  MAX_MANIFEST_BYTES,
  ShapeError,
  computeDigest,
  isDigest,
  manifestDigest,
  parseJson,
  parseManifest,
  parseReferrers,
  parsing,
  type Descriptor,
  type ParsedManifest,
} from "./manifest";
import { MANIFEST_ACCEPT, MediaTypes, manifestFormat } from "./media-types";
import { resolvePushedByDigest, resolveTag } from "./resolve";
import type { ResolvedTag } from "./types";

export interface RegistryClientOptions {
  /** Base URL, e.g. "http://127.0.0.1:5000"; the API lives under /v2/. */
  url: string;
  username?: string;
  password?: string;
  /** Per request, body included. Default 10 s. */
  timeoutMs?: number;
  /** Retries of network errors, timeouts, 429 and 5xx. Default 3. */
  retries?: number;
  /** One call, its retries and their backoff together. Default twice timeoutMs. */
  totalTimeoutMs?: number;
  /** Bounds of one listing (the catalog, a tags list); defaults in LIST_BOUNDS. */
  listBounds?: Partial<ListBounds>;
}

/** What one listing may take before it fails with ListingLimitError. */
export interface ListBounds {
  /** Pages followed through Link rel="next". */
  pages: number;
  /** Tags of one repository: their names are held while it syncs. */
  tags: number;
  /** Repositories in the catalog: their names are held while a reconcile runs. */
  repositories: number;
  /** Wall time of the whole listing, in ms. */
  timeMs: number;
}

export const LIST_BOUNDS: ListBounds = { pages: 10_000, tags: 100_000, repositories: 1_000_000, timeMs: 300_000 };

/**
 * Sent with every request. The registry reports it in pull notifications,
 * which is how Galleon's own reads are told apart from users' pulls.
 */
export const USER_AGENT = "galleon-indexer";

/** The catalog API's largest page (distribution 2.8 answers 400 above it). */
export const MAX_CATALOG_PAGE_SIZE = 1000;
/** A tags/list or catalog page; distribution sends all tags in one page. */
const MAX_LIST_PAGE_BYTES = 32 << 20;

export type FetchedManifest = {
  digest: string;
  /** Content-Type as served (the type it was pushed with). */
  mediaType: string;
  bytes: Buffer;
} & ParsedManifest;

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

// Distribution's grammar for repository names and tags; checked so a name never rewrites the URL path.
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^\w[\w.-]{0,127}$/;

interface Request {
  url: URL;
  method?: "GET" | "HEAD";
  accept?: string;
  /** Token scope the request needs. */
  scope: string;
  subject: Subject;
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function checkRepository(repository: string): void {
  if (!REPOSITORY_NAME.test(repository)) throw new TypeError(`invalid repository name: ${JSON.stringify(repository)}`);
}

function checkReference(reference: string): void {
  if (!TAG.test(reference) && !isDigest(reference)) {
    throw new TypeError(`invalid tag or digest: ${JSON.stringify(reference)}`);
  }
}

/** Content-Type without parameters ("; charset=utf-8"). */
function mediaTypeOf(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
}

/** The rel="next" target of a Link header (RFC 8288), used by catalog and tags/list pagination. */
function nextLink(response: Response, requested: URL): URL | null {
  const match = /<([^>]*)>\s*;[^,]*\brel="?next"?/.exec(response.headers.get("link") ?? "");
  return match?.[1] === undefined ? null : new URL(match[1], requested);
}

export class RegistryClient {
  private readonly baseUrl: string;
  private readonly http: HttpOptions;
  private readonly auth: Authenticator;
  private readonly listBounds: ListBounds;
  /** Whether the registry answered the referrers API; unknown until asked. */
  private referrersOffered: boolean | undefined;

  constructor(options: RegistryClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, "");
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.http = { timeoutMs, retries: options.retries ?? 3, totalTimeoutMs: options.totalTimeoutMs ?? 2 * timeoutMs };
    this.listBounds = { ...LIST_BOUNDS, ...options.listBounds };
    const credentials =
      options.username !== undefined ? { username: options.username, password: options.password ?? "" } : null;
    this.auth = new Authenticator(credentials, this.http);
  }

  /** All tags of a repository, sorted (distribution returns them unsorted). */
  async listTags(repository: string): Promise<string[]> {
    checkRepository(repository);
    const tags: string[] = [];
    const first = this.endpoint(`/v2/${repository}/tags/list`);
    const listing = this.pages(first, pullScope(repository), { repository }, "tags", this.listBounds.tags);
    for await (const page of listing) tags.push(...page);
    return tags.sort();
  }

  /**
   * Repository names from /v2/_catalog, page by page. Not every registry has
   * a catalog: the indexer goes through a RepositoryDiscovery.
   */
  async *listRepositories(pageSize = 100): AsyncGenerator<string> {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_CATALOG_PAGE_SIZE) {
      throw new RangeError(`catalog page size must be 1..${MAX_CATALOG_PAGE_SIZE}, got ${pageSize}`);
    }
    const first = this.endpoint(`/v2/_catalog?n=${pageSize}`);
    const bound = this.listBounds.repositories;
    for await (const page of this.pages(first, "registry:catalog:*", {}, "repositories", bound)) yield* page;
  }

  /**
   * Fetches a manifest by tag or digest. Its bytes are checked against the
   * digest asked for, else against Docker-Content-Digest; the digest is
   * computed when the registry sends none.
   */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    checkRepository(repository);
    checkReference(reference);
    const subject = { repository, reference };
    const request = this.manifestRequest(repository, reference, "GET");
    return this.call(request, async (response) => {
      const bytes = await readCapped(response, MAX_MANIFEST_BYTES, this.http.timeoutMs);
      if (!bytes) throw new ManifestError(subject, "too-large", `larger than ${MAX_MANIFEST_BYTES} bytes`);
      const mediaType = mediaTypeOf(response);
      if (!manifestFormat(mediaType)) {
        throw new ManifestError(subject, "unknown-media-type", `unsupported manifest type "${mediaType}"`);
      }
      const served = response.headers.get("docker-content-digest");
      const expected = isDigest(reference) ? reference : served;
      if (served && expected !== served) {
        throw new ManifestError(subject, "digest-mismatch", `the registry served ${served}`);
      }
      return parsing(subject, () => {
        const digest = manifestDigest(bytes, mediaType, expected ?? undefined);
        if (!digest || (expected && digest !== expected)) {
          const actual = digest ?? "an unsupported algorithm";
          throw new ManifestError(subject, "digest-mismatch", `content hashes to ${actual}, not ${expected}`);
        }
        return { digest, mediaType, bytes, ...parseManifest(bytes, mediaType) };
      });
    });
  }

  /** Digest, type and size of a manifest without its body; null when it does not exist. */
  async headManifest(repository: string, reference: string): Promise<ManifestHead | null> {
    checkRepository(repository);
    checkReference(reference);
    try {
      const head = await this.call(this.manifestRequest(repository, reference, "HEAD"), async (response) => {
        const digest = response.headers.get("docker-content-digest");
        const length = response.headers.get("content-length");
        return digest && length ? { digest, mediaType: mediaTypeOf(response), size: Number(length) } : null;
      });
      if (head) return head;
      // Not every registry sends the digest on HEAD: get the manifest and hash it.
      const { digest, mediaType, bytes } = await this.getManifest(repository, reference);
      return { digest, mediaType, size: bytes.length };
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** A blob's bytes, at most maxBytes (null when larger), checked against its digest. */
  async getBlob(repository: string, digest: string, maxBytes: number): Promise<Buffer | null> {
    checkRepository(repository);
    if (!isDigest(digest)) throw new TypeError(`invalid digest: ${JSON.stringify(digest)}`);
    const subject = { repository, reference: digest };
    const request = { url: this.endpoint(`/v2/${repository}/blobs/${digest}`), scope: pullScope(repository), subject };
    return this.call(request, async (response) => {
      const bytes = await readCapped(response, maxBytes, this.http.timeoutMs);
      if (!bytes) return null;
      const actual = computeDigest(bytes, digest);
      if (actual !== digest) {
        throw new ManifestError(subject, "digest-mismatch", `blob hashes to ${actual ?? "an unsupported algorithm"}`);
      }
      return bytes;
    });
  }

  /** A JSON blob (an image config), at most maxBytes, checked against its digest. */
  async getBlobJson(repository: string, digest: string, maxBytes: number): Promise<unknown> {
    const bytes = await this.getBlob(repository, digest, maxBytes);
    const subject = { repository, reference: digest };
    if (!bytes) throw new ManifestError(subject, "too-large", `blob larger than ${maxBytes} bytes`);
    return parsing(subject, () => parseJson(bytes));
  }

  /**
   * The referrers of a manifest through the OCI 1.1 referrers API, all pages,
   * at most `max`; of one artifactType when given (filtered here when the
   * registry did not apply the filter). Null when the registry does not offer
   * the API (it answers 404, which the specification forbids to registries
   * that do): then the referrers tag schema is where they are. Asked once per
   * client: a registry without the API costs one request.
   */
  async listReferrers(repository: string, digest: string, max: number, artifactType?: string): Promise<Descriptor[] | null> {
    checkRepository(repository);
    if (!isDigest(digest)) throw new TypeError(`invalid digest: ${JSON.stringify(digest)}`);
    if (this.referrersOffered === false) return null;
    const subject = { repository, reference: digest };
    const query = artifactType === undefined ? "" : `?artifactType=${encodeURIComponent(artifactType)}`;
    const referrers: Descriptor[] = [];
    const seen = new Set<string>();
    try {
      for (let url: URL | null = this.endpoint(`/v2/${repository}/referrers/${digest}${query}`); url && !seen.has(url.href); ) {
        seen.add(url.href);
        const requested: URL = url;
        url = await this.call({ url, scope: pullScope(repository), subject, accept: MediaTypes.ociIndex }, async (response) => {
          const bytes = await readCapped(response, MAX_MANIFEST_BYTES, this.http.timeoutMs);
          if (!bytes) throw new ManifestError(subject, "too-large", `referrers page larger than ${MAX_MANIFEST_BYTES} bytes`);
          const filtered = (response.headers.get("oci-filters-applied") ?? "").split(",").map((f) => f.trim()).includes("artifactType");
          const page = parsing(subject, () => parseReferrers(parseJson(bytes)));
          referrers.push(...page.filter((entry) => artifactType === undefined || filtered || entry.artifactType === artifactType));
          return referrers.length >= max ? null : nextLink(response, requested);
        });
      }
    } catch (error) {
      if (!(error instanceof NotFoundError) || referrers.length > 0) throw error;
      this.referrersOffered = false;
      return null;
    }
    this.referrersOffered = true;
    return referrers.slice(0, max);
  }

  /**
   * A tag followed down to its platforms, sizes, kind and annotations; from
   * `reference` (a digest) when the tag's link cannot be trusted yet.
   */
  resolveTag(repository: string, tag: string, reference = tag): Promise<ResolvedTag> {
    return resolveTag(this, repository, tag, reference);
  }

  /** A manifest pushed by digest alone, read as attachments of its subject; null when it has none. */
  resolvePushedByDigest(repository: string, digest: string): Promise<ResolvedTag | null> {
    return resolvePushedByDigest(this, repository, digest);
  }

  private manifestRequest(repository: string, reference: string, method: "GET" | "HEAD"): Request {
    return {
      url: this.endpoint(`/v2/${repository}/manifests/${reference}`),
      method,
      accept: MANIFEST_ACCEPT,
      scope: pullScope(repository),
      subject: { repository, reference },
    };
  }

  private endpoint(path: string): URL {
    return new URL(this.baseUrl + path);
  }

  /**
   * The string entries of a list endpoint's pages (`field` of each JSON page),
   * following Link rel="next" until it stops or loops, within listBounds:
   * a registry that pages forever or lists without end fails the listing.
   */
  private async *pages(
    first: URL,
    scope: string,
    subject: Subject,
    field: "tags" | "repositories",
    maxEntries: number,
  ): AsyncGenerator<string[]> {
    const { pages: maxPages, timeMs } = this.listBounds;
    const deadline = Date.now() + timeMs;
    const seen = new Set<string>();
    let entries = 0;
    for (let url: URL | null = first; url !== null && !seen.has(url.href); ) {
      if (seen.size >= maxPages) throw new ListingLimitError(subject, `${field} list: more than ${maxPages} pages`);
      if (Date.now() > deadline) throw new ListingLimitError(subject, `${field} list: not finished within ${timeMs} ms`);
      seen.add(url.href);
      const requested: URL = url;
      const page: { list: string[]; next: URL | null } = await this.call(
        { url, scope, subject, accept: "application/json" },
        async (response) => {
          const bytes = await readCapped(response, MAX_LIST_PAGE_BYTES, this.http.timeoutMs);
          if (!bytes) {
            throw new UnexpectedResponseError(subject, response.status, `page over ${MAX_LIST_PAGE_BYTES} bytes`);
          }
          let json: unknown;
          try {
            json = parseJson(bytes);
          } catch (error) {
            if (!(error instanceof ShapeError)) throw error;
            throw new UnexpectedResponseError(subject, response.status, error.message);
          }
          // An empty repository may answer "tags": null.
          const list = (json as Record<string, unknown> | null)?.[field];
          const strings = Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === "string") : [];
          return { list: strings, next: nextLink(response, requested) };
        },
      );
      entries += page.list.length;
      if (entries > maxEntries) throw new ListingLimitError(subject, `${field} list: more than ${maxEntries} entries`);
      yield page.list;
      url = page.next;
    }
  }

  /**
   * One API call: sends it with any known credentials, answers a 401
   * challenge once, maps the status to an error, then reads the response.
   * Retried as a whole on transient failures, including while reading.
   */
  private call<T>(request: Request, read: (response: Response) => Promise<T>): Promise<T> {
    const sendWith = (authorization: string | undefined, timeoutMs: number) => {
      const headers: Record<string, string> = { "user-agent": USER_AGENT };
      if (request.accept) headers.accept = request.accept;
      if (authorization) headers.authorization = authorization;
      return send(request.url, { method: request.method ?? "GET", headers }, timeoutMs);
    };
    return withRetries(this.http, request.subject, this.baseUrl, async (timeoutMs) => {
      let response = await sendWith(this.auth.headerFor(request.scope), timeoutMs);
      if (response.status === 401) {
        await discard(response);
        const authorization = await this.auth.answer(
          response.headers.get("www-authenticate"),
          request.scope,
          request.subject,
        );
        response = await sendWith(authorization, timeoutMs);
      }
      await checkStatus(response, request.subject, timeoutMs);
      return read(response);
    });
  }
}
