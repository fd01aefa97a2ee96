import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RegistryEventInput } from "@/lib/catalog/events";
import type { Logger } from "../log";
import { EVENTS_MEDIA_TYPE, InvalidEventsError, parseEvents } from "./parse";

export const EVENTS_PATH = "/events";
/** Distribution sends small batches; anything larger is not from it. */
const MAX_BODY_BYTES = 1 << 20;
/** How long a refused request's connection stays open, unread, after its answer. */
const LINGER_MS = 1000;

export interface EventsReceiverOptions {
  host: string;
  port: number;
  /** Shared with the registry's notification endpoint: `Authorization: Bearer <secret>`. */
  secret: string;
  /** Must store the events durably before it resolves: the registry is answered after. */
  store(events: RegistryEventInput[]): Promise<void>;
  log: Logger;
}

export interface EventsReceiver {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
const digestOf = (value: string) => createHash("sha256").update(value).digest();

function authorized(request: IncomingMessage, secret: string): boolean {
  return timingSafeEqual(digestOf(request.headers.authorization ?? ""), digestOf(`Bearer ${secret}`));
}

/**
 * The body, up to MAX_BODY_BYTES. Anything larger is refused as soon as its
 * declared length or its bytes so far pass the limit, without reading the
 * rest: the stream is paused, never drained, and the answer closes the connection.
 */
function readBody(request: IncomingMessage): Promise<string> {
  const tooLarge = () => new HttpError(413, `body over ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      request.pause().off("data", onData);
      reject(tooLarge());
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

/**
 * The registry's webhook: authenticates, validates, stores, then answers
 * 200. Anything unauthenticated is 401 and logged; nothing is stored unless
 * the whole request is valid.
 */
export async function startEventsReceiver(options: EventsReceiverOptions): Promise<EventsReceiver> {
  const { log } = options;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== EVENTS_PATH) throw new HttpError(404, "not found");
    if (request.method !== "POST") throw new HttpError(405, "POST only");
    if (!authorized(request, options.secret)) {
      log.warn("events request refused: bad or missing credentials", { from: request.socket.remoteAddress });
      throw new HttpError(401, "unauthorized");
    }
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
    if (type !== EVENTS_MEDIA_TYPE && type !== "application/json") {
      throw new HttpError(415, `content type must be ${EVENTS_MEDIA_TYPE}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, "the body is not JSON");
    }
    const events = parseEvents(body);
    // Answered at once when nothing is kept (the indexer's own reads, blobs): the registry
    // delivers one endpoint's events in order, so they must never hold a push back.
    if (events.length > 0) await options.store(events);
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ stored: events.length }));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof InvalidEventsError ? 400 : 500;
      if (status === 500) log.error("events request failed", { error });
      else if (status === 400) log.warn("events request rejected", { error });
      const payload = JSON.stringify({ error: status === 500 ? "internal error" : (error as Error).message });
      response.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        connection: "close",
      });
      if (request.complete) return void response.end(payload);
      // What the client is still sending is never read. Closing at once with its bytes
      // unread would reset the connection, and a reset can reach the client before the
      // answer does: the answer is sent now, and the close waits a moment for the client
      // to read it (a lingering close, as web servers do).
      response.write(payload);
      setTimeout(() => response.end(), LINGER_MS);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}${EVENTS_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
