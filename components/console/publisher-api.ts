/** The console's calls to the publisher API, from the browser with the session cookie and its CSRF token. */

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string; field?: string };

export interface ApiCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  csrfToken: string;
  /** Sent as JSON, or as it is when a Blob (a logo). */
  body?: unknown;
  /** The revision the change is based on (If-Match). */
  revision?: number;
  signal?: AbortSignal;
}

export async function callApi<T>(url: string, call: ApiCall): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { "x-csrf-token": call.csrfToken };
  let body: BodyInit | undefined;
  if (call.body instanceof Blob) {
    headers["content-type"] = call.body.type || "application/octet-stream";
    body = call.body;
  } else if (call.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.body);
  }
  if (call.revision !== undefined) headers["if-match"] = `"${call.revision}"`;
  let response: Response;
  try {
    response = await fetch(url, { method: call.method, headers, body, signal: call.signal });
  } catch (error) {
    if (call.signal?.aborted) throw error;
    return { ok: false, status: 0, error: "The gallery could not be reached: check your connection and try again." };
  }
  if (response.status === 204) return { ok: true, data: undefined as T };
  const json = await response.json().catch(() => ({ error: `The gallery answered ${response.status}.` }));
  return response.ok ? { ok: true, data: json as T } : { ok: false, status: response.status, ...json };
}
