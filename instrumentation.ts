/**
 * Next calls register() once when the server starts. In Node it times every
 * request from its arrival to the end of its answer through Node's own HTTP
 * diagnostics channels, labelled by route template, for /metrics (README
 * "Health and metrics"): the same whether `next start` or the standalone
 * server runs, with nothing in the request's path.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { measureRequests } = await import("@/lib/metrics/requests.server");
  measureRequests();
}
