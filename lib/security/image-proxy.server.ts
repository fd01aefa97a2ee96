import "server-only";
/**
 * Galleon's image proxy: fetches an image that About or Usage shows, so a
 * visitor's browser only ever talks to the gallery (docs/decisions/0025).
 * Only public hosts (never loopback, private, link-local or other special
 * addresses, checked on the address actually connected to, redirects
 * included), only raster images and SVG, at most MAX_IMAGE_BYTES, kept in a
 * small in-memory cache.
 */
import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_URL_LENGTH = 2048;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 10_000;
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_MS = 3600_000;

/** What the proxy passes on, by the type the origin declares (and `nosniff` holds the browser to). */
export const IMAGE_TYPES = new Set([
  "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon",
]);

export class ImageProxyError extends Error {
  constructor(
    readonly status: 400 | 403 | 413 | 415 | 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface ProxiedImage {
  contentType: string;
  body: Buffer;
}

export interface ImageProxyOptions {
  /** Test fixtures on 127.0.0.1 only (GALLEON_IMAGE_PROXY_ALLOW_LOOPBACK=1): never in production. */
  allowLoopback: boolean;
}

export function imageProxyOptions(env: NodeJS.ProcessEnv = process.env): ImageProxyOptions {
  return { allowLoopback: env.GALLEON_IMAGE_PROXY_ALLOW_LOOPBACK === "1" };
}

// Every range that is not the public internet (IANA special-purpose registries).
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Whether the proxy may connect to `address`. */
export function isAllowedAddress(raw: string, options: ImageProxyOptions): boolean {
  // An IPv4-mapped IPv6 address reaches its IPv4 address.
  const address = IPV4_MAPPED.exec(raw)?.[1] ?? raw;
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (options.allowLoopback && LOOPBACK.check(address, family)) return true;
  return !NOT_PUBLIC.check(address, family);
}

/** A DNS lookup that refuses any name resolving to an address the proxy may not reach. */
function guardedLookup(options: ImageProxyOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => !isAllowedAddress(a.address, options));
      if (refused || addresses.length === 0) {
        return callback(new ImageProxyError(403, `${hostname} is not a public address`), "", 0);
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The image's URL from the `url` parameter: absolute http(s) with a host, no credentials. */
export function parseImageUrl(raw: string | null): URL {
  if (!raw) throw new ImageProxyError(400, "give the image's address as ?url=");
  if (raw.length > MAX_URL_LENGTH) throw new ImageProxyError(400, `the address is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ImageProxyError(400, "the address is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ImageProxyError(400, "only http and https images");
  if (url.username || url.password) throw new ImageProxyError(400, "the address carries credentials");
  return url;
}

const cache = new Map<string, { image: ProxiedImage; expires: number }>();
let cachedBytes = 0;

function remember(key: string, image: ProxiedImage): void {
  if (image.body.length > CACHE_BYTES / 8) return;
  cache.set(key, { image, expires: Date.now() + CACHE_MS });
  cachedBytes += image.body.length;
  // Oldest first: a Map iterates in insertion order, and a hit re-inserts.
  for (const [oldest, entry] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(oldest);
    cachedBytes -= entry.image.body.length;
  }
}

function cached(key: string): ProxiedImage | null {
  const entry = cache.get(key);
  if (!entry) return null;
  cache.delete(key);
  if (entry.expires < Date.now()) {
    cachedBytes -= entry.image.body.length;
    return null;
  }
  cache.set(key, entry);
  return entry.image;
}

/** The image at `url`, from the cache or its origin; an ImageProxyError says why not. */
export async function proxiedImage(url: URL, options: ImageProxyOptions): Promise<ProxiedImage> {
  const key = url.href;
  const hit = cached(key);
  if (hit) return hit;
  const image = await fetchImage(url, options, MAX_REDIRECTS);
  remember(key, image);
  return image;
}

async function fetchImage(url: URL, options: ImageProxyOptions, redirectsLeft: number): Promise<ProxiedImage> {
  // A literal address skips DNS: check it here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && !isAllowedAddress(literal, options)) {
    throw new ImageProxyError(403, `${url.hostname} is not a public address`);
  }
  const response = await get(url, options);
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location) {
    response.resume();
    if (redirectsLeft === 0) throw new ImageProxyError(502, "too many redirects");
    return fetchImage(parseImageUrl(new URL(response.headers.location, url).href), options, redirectsLeft - 1);
  }
  if (status !== 200) {
    response.resume();
    throw new ImageProxyError(502, `the image's server answered ${status}`);
  }
  const contentType = (response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!IMAGE_TYPES.has(contentType)) {
    response.resume();
    throw new ImageProxyError(415, `not an image Galleon shows (${contentType || "no type"})`);
  }
  return { contentType, body: await readLimited(response) };
}

function get(url: URL, options: ImageProxyOptions): Promise<IncomingMessage> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      lookup: guardedLookup(options),
      headers: { accept: [...IMAGE_TYPES].join(", "), "user-agent": "Galleon image proxy" },
      timeout: TIMEOUT_MS,
    });
    outgoing.once("response", resolve);
    outgoing.once("timeout", () => outgoing.destroy(new ImageProxyError(504, "the image's server did not answer in time")));
    outgoing.once("error", (error) =>
      reject(error instanceof ImageProxyError ? error : new ImageProxyError(502, `could not fetch the image: ${error.message}`)),
    );
    outgoing.end();
  });
}

async function readLimited(response: IncomingMessage): Promise<Buffer> {
  const tooLarge = () => new ImageProxyError(413, `the image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  if (Number(response.headers["content-length"] ?? 0) > MAX_IMAGE_BYTES) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > MAX_IMAGE_BYTES) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.destroy();
    throw error instanceof ImageProxyError ? error : new ImageProxyError(502, "the image's server broke off");
  }
  return Buffer.concat(chunks);
}
