import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { routeOf } from "@/lib/security/routes";
import { collectProcessMetrics, secondsSince } from "./index";
import { requestDuration } from "./web.server";

interface HttpServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

const started = new WeakMap<IncomingMessage, number>();

/** Observes every request's duration by route template, method and status. */
export function measureRequests(): void {
  collectProcessMetrics();
  const histogram = requestDuration();
  subscribe("http.server.request.start", (message) => {
    started.set((message as HttpServerMessage).request, performance.now());
  });
  subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as HttpServerMessage;
    const start = started.get(request);
    if (start === undefined) return;
    const pathname = (request.url ?? "/").split("?")[0]!;
    histogram.observe(
      { route: routeOf(pathname), method: request.method ?? "GET", status: String(response.statusCode) },
      secondsSince(start),
    );
  });
}
