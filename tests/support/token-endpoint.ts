/**
 * Galleon's real token endpoint (app/api/v1/registry/token/route.ts's handler) served by
 * node:http, for tests that need the registry in token mode without building
 * the web app. It reads DATABASE_URL and the GALLEON_REGISTRY_* variables like
 * the web app does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { GET, POST } from "@/app/api/v1/registry/token/route";
import { REGISTRY_TOKEN_PATH } from "@/lib/auth/registry-token.server";

export interface TokenEndpoint {
  /** The registry's auth.token.realm. */
  realm: string;
  /** Token requests answered so far (refusals included). */
  requests(): number;
  close(): Promise<void>;
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  // As Next's server does: the connection's address when the client sent none.
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", incoming.socket.remoteAddress ?? "");
  const hasBody = incoming.method === "POST";
  const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
    method: incoming.method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream) : undefined,
    ...(hasBody && { duplex: "half" }),
  });
  const response = await (request.method === "POST" ? POST : GET)(request);
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

export async function startTokenEndpoint(): Promise<TokenEndpoint> {
  let requests = 0;
  const server = createServer((incoming, outgoing) => {
    requests++;
    serve(incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    realm: `http://127.0.0.1:${(server.address() as AddressInfo).port}${REGISTRY_TOKEN_PATH}`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
