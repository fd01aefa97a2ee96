/**
 * A stand-in for the OCI distribution-spec 1.1 referrers API over a real
 * registry's content. Debian's Distribution 2.8 does not offer the API and no
 * registry that does can be installed here, so this small front forwards
 * every request to the real registry unchanged and answers only
 * `GET /v2/<name>/referrers/<digest>` itself: an image index of the
 * descriptors of the manifests whose `subject` is that digest, computed from
 * what the registry really stores (the manifest revisions of its storage
 * directory, each manifest fetched from the registry), with `artifactType`
 * filtering (`OCI-Filters-Applied`) and `Link` pagination. It counts what it
 * answered, so a test can tell the API was used.
 */
import { existsSync, readdirSync } from "node:fs";
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { MediaTypes } from "@/lib/registry/media-types";
import type { RegistryHandle } from "@/scripts/registry/harness";

const REFERRERS = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/;
const MANIFEST_ACCEPT = [MediaTypes.ociManifest, MediaTypes.ociIndex].join(", ");

export interface ReferrersFront {
  /** "http://127.0.0.1:PORT": point a registry client here. */
  url: string;
  /** Referrers answers given, one per page, as "<name> <digest> <query>". */
  readonly referrersPages: string[];
  /** Whether `artifactType` is filtered here (else the client must filter, as with registries that do not). */
  applyFilters: boolean;
  close(): Promise<void>;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** Every manifest digest the registry stores for a repository (Distribution's filesystem layout). */
function storedManifests(registry: RegistryHandle, name: string): string[] {
  const revisions = path.join(registry.storageDir, "docker/registry/v2/repositories", name, "_manifests/revisions/sha256");
  if (!existsSync(revisions)) return [];
  return readdirSync(revisions)
    .filter((hex) => existsSync(path.join(revisions, hex, "link")))
    .map((hex) => `sha256:${hex}`);
}

/** The descriptors of the manifests of `name` whose subject is `digest`, read from the registry, sorted by digest. */
async function referrersOf(registry: RegistryHandle, name: string, digest: string): Promise<Descriptor[]> {
  const found: Descriptor[] = [];
  for (const candidate of storedManifests(registry, name)) {
    const response = await fetch(`${registry.url}/v2/${name}/manifests/${candidate}`, { headers: { accept: MANIFEST_ACCEPT } });
    if (!response.ok) continue;
    const bytes = Buffer.from(await response.arrayBuffer());
    const manifest = JSON.parse(bytes.toString("utf8")) as {
      mediaType?: string;
      artifactType?: string;
      config?: { mediaType?: string };
      subject?: { digest?: string };
      annotations?: Record<string, string>;
    };
    if (manifest.subject?.digest !== digest) continue;
    // The specification: the manifest's artifactType, else its config's media type.
    const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
    found.push({
      mediaType: manifest.mediaType ?? response.headers.get("content-type") ?? MediaTypes.ociManifest,
      digest: candidate,
      size: bytes.length,
      ...(artifactType && { artifactType }),
      ...(manifest.annotations && { annotations: manifest.annotations }),
    });
  }
  return found.sort((a, b) => a.digest.localeCompare(b.digest));
}

export async function startReferrersFront(registry: RegistryHandle, { pageSize }: { pageSize: number }): Promise<ReferrersFront> {
  const front: ReferrersFront = { url: "", referrersPages: [], applyFilters: true, close: async () => {} };

  async function answerReferrers(request: IncomingMessage, response: ServerResponse, name: string, digest: string) {
    const url = new URL(request.url!, "http://front");
    const artifactType = url.searchParams.get("artifactType");
    const last = url.searchParams.get("last");
    let referrers = await referrersOf(registry, name, digest);
    const filtered = artifactType !== null && front.applyFilters;
    if (filtered) referrers = referrers.filter((descriptor) => descriptor.artifactType === artifactType);
    const start = last === null ? 0 : referrers.findIndex((descriptor) => descriptor.digest > last);
    const page = start < 0 ? [] : referrers.slice(start, start + pageSize);
    front.referrersPages.push(`${name} ${digest} ${url.search}`);
    const headers: Record<string, string> = { "content-type": MediaTypes.ociIndex };
    if (filtered) headers["oci-filters-applied"] = "artifactType";
    if (start >= 0 && start + pageSize < referrers.length) {
      const next = new URLSearchParams(url.searchParams);
      next.set("last", page.at(-1)!.digest);
      headers.link = `</v2/${name}/referrers/${digest}?${next}>; rel="next"`;
    }
    response.writeHead(200, headers);
    response.end(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: page }));
  }

  /** Anything else goes to the registry as it came, and its answer back as it came. */
  function pass(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(registry.url);
    const upstream = forward(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  }

  const server = createServer((request, response) => {
    const match = request.method === "GET" ? REFERRERS.exec(request.url!.split("?")[0]!) : null;
    if (!match) return pass(request, response);
    answerReferrers(request, response, match[1]!, match[2]!).catch(() => {
      response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return front;
}
