/** One HTTP exchange with the registry or its token server: timeout, retries, statuses, capped bodies. */

import {
  NotFoundError,
  RegistryAuthError,
  RegistryTimeoutError,
  RegistryUnavailableError,
  UnexpectedResponseError,
  type Subject,
} from "./errors";

export interface HttpOptions {
  /** One attempt, body included. */
  timeoutMs: number;
  /** Further attempts after a transient failure. */
  retries: number;
  /** One call, all attempts and backoff together: no attempt runs past it. */
  totalTimeoutMs: number;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
const RETRY_AFTER_MAX_MS = 30_000;

/** A failure worth retrying: network error, timeout, 429 or 5xx. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    /** Delay the server asked for (429/503 Retry-After), in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

function transient(error: unknown, timeoutMs: number): TransientError {
  if (error instanceof Error && error.name === "TimeoutError") {
    return new TransientError(`no answer within ${timeoutMs} ms`, true);
  }
  // undici reports network failures as TypeError("fetch failed") with the socket error as cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return new TransientError(cause instanceof Error ? cause.message : String(cause), false);
}

/**
 * Sends one request. The timeout covers the whole exchange: the signal also
 * aborts reading the body, so a registry that stalls mid-body times out too.
 */
export async function send(url: URL, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw transient(error, timeoutMs);
  }
}

/** Frees the connection of a response whose body is not needed. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * Reads a body up to maxBytes without ever holding more: null when it is
 * larger (the rest is never downloaded).
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  timeoutMs: number,
): Promise<Buffer | null> {
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await discard(response);
    return null;
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw transient(error, timeoutMs);
    }
    if (chunk.done) return Buffer.concat(chunks, total);
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk.value);
  }
}

function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get("retry-after"));
  return response.headers.has("retry-after") && Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds * 1000, RETRY_AFTER_MAX_MS)
    : null;
}

/** Turns a non-2xx response into the matching error (consuming its body). */
export async function checkStatus(response: Response, subject: Subject, timeoutMs: number): Promise<void> {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const body = (await readCapped(response, 4096, timeoutMs).catch(() => null))?.toString("utf8").trim() ?? "";
  if (status === 401 || status === 403) throw new RegistryAuthError(subject, status, `HTTP ${status} ${body}`.trim());
  if (status === 404) throw new NotFoundError(subject);
  if (status === 429 || status >= 500) {
    throw new TransientError(`HTTP ${status} ${body}`.trim(), false, retryAfterMs(response));
  }
  throw new UnexpectedResponseError(subject, status, body);
}

function backoffMs(attempt: number, error: TransientError): number {
  if (error.retryAfterMs !== null) return error.retryAfterMs;
  // "Equal jitter": half fixed, half random, so clients that failed together spread out.
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Runs an exchange, retrying transient failures with exponential backoff,
 * within the call's total time: each attempt gets what is left of it, at most
 * the per-request timeout, and no retry starts once its backoff would use it
 * up. Any other error (not found, auth, a bad manifest) is final and thrown at once.
 */
export async function withRetries<T>(
  options: HttpOptions,
  subject: Subject,
  url: string,
  exchange: (timeoutMs: number) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + options.totalTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await exchange(Math.max(1, Math.min(options.timeoutMs, deadline - Date.now())));
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      const wait = backoffMs(attempt, error);
      if (attempt >= options.retries || Date.now() + wait >= deadline) {
        const tries = `${attempt + 1} attempt${attempt === 0 ? "" : "s"}`;
        const ErrorType = error.timedOut ? RegistryTimeoutError : RegistryUnavailableError;
        throw new ErrorType(subject, `${url} unavailable after ${tries}: ${error.message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
