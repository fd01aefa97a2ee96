import "server-only";
/**
 * Requests Next cannot represent: a method that fetch's Request refuses
 * (TRACE, TRACK, CONNECT) makes Next throw before proxy.ts runs, a 500. The
 * guard wraps the HTTP server's request listeners the first time the server
 * is seen (Node's `http.server.request.start` channel publishes before it
 * emits the request), and answers those methods 405 itself.
 */
import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { allowedMethods, answersJson } from "./routes";

const UNREPRESENTABLE = new Set(["TRACE", "TRACK", "CONNECT"]);

function refuse(request: IncomingMessage, response: ServerResponse): void {
  const pathname = (request.url ?? "/").split("?")[0]!;
  const message = `${request.method} is not allowed here`;
  const json = answersJson(pathname);
  const body = json ? JSON.stringify({ error: message }) : `${message}\n`;
  response.writeHead(405, {
    Allow: allowedMethods(pathname).join(", "),
    "Content-Type": json ? "application/json" : "text/plain; charset=utf-8",
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(body);
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;
const guarded = new WeakSet<Server>();

export function guardServer(): void {
  subscribe("http.server.request.start", (message) => {
    const { server } = message as { server: Server };
    if (guarded.has(server)) return;
    guarded.add(server);
    for (const listener of server.listeners("request") as Listener[]) {
      server.off("request", listener);
      server.on("request", (request: IncomingMessage, response: ServerResponse) =>
        UNREPRESENTABLE.has(request.method ?? "") ? refuse(request, response) : listener.call(server, request, response),
      );
    }
  });
}
