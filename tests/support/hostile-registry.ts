/**
 * A registry speaking just enough of the Distribution API (catalog, tags
 * list, manifests, blobs) to serve what the real registry refuses to store:
 * odd tag names, bytes that do not match their digest, endless pagination,
 * slow or failing endpoints, oversized manifests. Each test scripts the
 * repositories it serves.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { blob, imageConfig, imageManifest, layer, sha256 } from "@/scripts/seed/oci";
import { MediaTypes } from "@/lib/registry/media-types";

export interface HostileManifest {
  bytes: Buffer;
  mediaType: string;
  /** Docker-Content-Digest as served; the bytes' own digest when omitted. */
  digest?: string;
  /** Streamed without Content-Length, this many bytes of padding after `bytes`. */
  streamBytes?: number;
}

export interface HostileRepository {
  /** The tags list; the keys of `manifests` that are not digests when omitted. */
  tags?: string[];
  /** Tags per tags/list page, linked with Link rel="next". */
  tagsPageSize?: number;
  /** Every tags/list page links a next one, forever. */
  endlessTags?: boolean;
  /** Every request of the repository answers this status. */
  status?: number;
  /** Every request of the repository waits this long first. */
  delayMs?: number;
  /** By tag and by digest. */
  manifests: Record<string, HostileManifest>;
  blobs: Record<string, Buffer>;
}

export interface HostileRegistry {
  url: string;
  repositories: Map<string, HostileRepository>;
  /** Bytes written per request path, for checking what a client read. */
  bytesSent: Map<string, number>;
  close(): Promise<void>;
}

/** A one-layer linux/amd64 OCI image: its manifest and blobs; the config blob's bytes may be given as they are. */
export function hostileImage(name: string, configBytes?: Buffer): { manifest: HostileManifest; blobs: Record<string, Buffer> } {
  const layers = [layer([{ path: "hello.txt", content: `${name}\n` }])];
  const config = configBytes
    ? blob(MediaTypes.ociImageConfig, configBytes)
    : imageConfig({ os: "linux", architecture: "amd64", created: "2025-01-01T00:00:00Z", config: {}, history: ["COPY"] }, layers);
  const manifest = imageManifest(MediaTypes.ociManifest, config, layers);
  return {
    manifest: { bytes: manifest.bytes, mediaType: MediaTypes.ociManifest },
    blobs: Object.fromEntries([config, ...layers].map((b) => [b.descriptor.digest, b.bytes])),
  };
}

/** A repository whose tags all point at one image. */
export function repositoryOf(tags: string[], image = hostileImage(tags.join(","))): HostileRepository {
  const digest = sha256(image.manifest.bytes);
  return {
    tags,
    manifests: { [digest]: image.manifest, ...Object.fromEntries(tags.map((tag) => [tag, image.manifest])) },
    blobs: image.blobs,
  };
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

export async function startHostileRegistry(): Promise<HostileRegistry> {
  const repositories = new Map<string, HostileRepository>();
  const bytesSent = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://registry");
    const count = (n: number) => bytesSent.set(url.pathname, (bytesSent.get(url.pathname) ?? 0) + n);
    if (url.pathname === "/v2/" || url.pathname === "/v2") return json(response, 200, {});
    if (url.pathname === "/v2/_catalog") return json(response, 200, { repositories: [...repositories.keys()].sort() });
    const match = /^\/v2\/(.+)\/(tags\/list|manifests|blobs)(?:\/(.+))?$/.exec(url.pathname);
    const repository = match ? repositories.get(match[1]!) : undefined;
    if (!match || !repository) return json(response, 404, { errors: [{ code: "NAME_UNKNOWN" }] });
    if (repository.delayMs) await new Promise((resolve) => setTimeout(resolve, repository.delayMs));
    if (response.destroyed) return;
    if (repository.status) return json(response, repository.status, { errors: [{ code: "UNAVAILABLE" }] });

    const [, name, kind, reference = ""] = match;
    if (kind === "tags/list") {
      const tags = repository.tags ?? Object.keys(repository.manifests).filter((key) => !key.includes(":"));
      const size = repository.tagsPageSize ?? (tags.length || 1);
      const page = Number(url.searchParams.get("page") ?? "0");
      const hasNext = repository.endlessTags || (page + 1) * size < tags.length;
      const next = `</v2/${name}/tags/list?page=${page + 1}>; rel="next"`;
      return json(response, 200, { name, tags: tags.slice(page * size, (page + 1) * size) }, hasNext ? { link: next } : {});
    }
    if (kind === "blobs") {
      const blob = repository.blobs[reference];
      if (!blob) return json(response, 404, { errors: [{ code: "BLOB_UNKNOWN" }] });
      response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(blob.length) });
      count(blob.length);
      return response.end(blob);
    }
    const manifest = repository.manifests[decodeURIComponent(reference)];
    if (!manifest) return json(response, 404, { errors: [{ code: "MANIFEST_UNKNOWN" }] });
    const headers: Record<string, string> = {
      "content-type": manifest.mediaType,
      "docker-content-digest": manifest.digest ?? sha256(manifest.bytes),
    };
    if (manifest.streamBytes === undefined) headers["content-length"] = String(manifest.bytes.length);
    response.writeHead(200, headers);
    if (request.method === "HEAD") return response.end();
    if (manifest.streamBytes === undefined) {
      count(manifest.bytes.length);
      return response.end(manifest.bytes);
    }
    // Stream padding until the client stops reading (or all of it is sent).
    count(manifest.bytes.length);
    response.write(manifest.bytes);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < manifest.streamBytes && !response.destroyed; sent += chunk.length) {
      count(chunk.length);
      if (!response.write(chunk)) await new Promise((resolve) => response.once("drain", resolve).once("close", resolve));
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    repositories,
    bytesSent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
